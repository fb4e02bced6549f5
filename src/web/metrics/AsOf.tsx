import { Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Loading } from '../components/Loading'
import { formatDateTime } from '../i18n/format'

/** When the figures were computed: the last refresh, not this page load. */
export function AsOf({ asOf, loading }: { asOf: string; loading: boolean }) {
  const { t } = useTranslation()
  return (
    <Group gap="xs">
      <Text fz="sm">
        {t('metrics.asOf')}{' '}
        <Text span fw={600}>
          <time dateTime={asOf}>{formatDateTime(asOf)}</time>
        </Text>
      </Text>
      {loading && <Loading size="xs" inline />}
    </Group>
  )
}
