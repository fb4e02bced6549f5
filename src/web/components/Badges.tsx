import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { stateName } from '../i18n/format'

// Badge colours are dark filled shades so that white text keeps at least 4.5:1 contrast.
const STATE_COLOURS: Record<string, string> = {
  new: '#1864ab',
  accepted: '#1864ab',
  processing: '#5f3dc4',
  supplement_requested: '#9a3412',
  payment_requested: '#9a3412',
  processed: '#1e6b2f',
  returned: '#1e6b2f',
  not_accepted: '#c92a2a',
  withdrawn: '#495057',
  stopped: '#c92a2a',
}

/** A dossier's state with its national name ("Đã tiếp nhận"). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATE_COLOURS[status] ?? '#495057'} variant="filled" tt="none" component="span">
      {stateName(status)}
    </Badge>
  )
}

/** "Toàn trình" (full online) or "Một phần" (partly online). */
export function OnlineLevelBadge({ level }: { level: string }) {
  const { t } = useTranslation()
  const full = level === 'full'
  return (
    <Badge color={full ? '#1e6b2f' : '#495057'} variant="filled" tt="none" component="span">
      {full ? t('catalog.onlineFull') : t('catalog.onlinePartial')}
    </Badge>
  )
}

/** "Tạm dừng tính thời hạn": the dossier's clock is paused (supplement or payment awaited). */
export function PausedBadge({ label }: { label: string }) {
  return (
    <Badge color="#9a3412" variant="filled" tt="none" component="span">
      {label}
    </Badge>
  )
}
