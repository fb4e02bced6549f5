import { Badge, Group, Text, Timeline } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../api/citizen'
import { formatDateTime, stateName } from '../i18n/format'
import { SectionPanel } from './SectionPanel'

/** The translation keys of each audience: the applicant's words (`dossier.*`) or the officials' (`processing.*`). */
const WORDING = {
  citizen: {
    title: 'dossier.historyTitle',
    actions: 'dossier.actions',
    actors: 'dossier.actors',
    signed: 'dossier.signed',
    note: 'dossier.note',
  },
  official: {
    title: 'processing.historyTitle',
    actions: 'processing.history',
    actors: 'processing.actors',
    signed: 'processing.signed',
    note: 'processing.note',
  },
} as const

/** A dossier's history, oldest first, as an `ol` timeline in its own section ("Quá trình xử lý"). */
export function DossierTimeline({
  history,
  audience,
  testId,
  hideUnchangedStatus = false,
  keepNoteLines = false,
}: {
  history: HistoryEntry[]
  audience: keyof typeof WORDING
  /** `data-testid` of the `ol`. */
  testId?: string
  /** Leave out "→ state" on entries that did not change the state. */
  hideUnchangedStatus?: boolean
  /** Keep the line breaks of notes. */
  keepNoteLines?: boolean
}) {
  const { t } = useTranslation()
  const keys = WORDING[audience]
  const entries = [...history].sort((a, b) => a.at.localeCompare(b.at))
  return (
    <SectionPanel id="history-title" title={t(keys.title)}>
      <Timeline
        active={entries.length - 1}
        bulletSize={16}
        lineWidth={2}
        component="ol"
        className="sen-timeline"
        data-testid={testId}
      >
        {entries.map((entry, index) => (
          <Timeline.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: history entries have no id; the order is fixed
            key={index}
            component="li"
            title={
              <Group gap={6} component="span">
                <span>{t(`${keys.actions}.${entry.action}`, { defaultValue: entry.action })}</span>
                {(!hideUnchangedStatus || entry.fromStatus !== entry.toStatus) && (
                  <Text component="span" fz="sm" c="dimmed">
                    → {stateName(entry.toStatus)}
                  </Text>
                )}
                {entry.signed && (
                  <Badge color="#1e6b2f" variant="filled" tt="none" size="sm" component="span">
                    ✓ {t(keys.signed)}
                  </Badge>
                )}
              </Group>
            }
          >
            <Text fz="sm">
              {t(`${keys.actors}.${entry.actorRole ?? 'system'}`, { defaultValue: entry.actorRole ?? '' })} ·{' '}
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </Text>
            {entry.note && (
              <Text fz="sm" mt={4} style={keepNoteLines ? { whiteSpace: 'pre-wrap' } : undefined}>
                {t(keys.note)}: {entry.note}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </SectionPanel>
  )
}
