import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { RequireAuth } from '../components/RequireAuth'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDateTime } from '../i18n/format'
import type { TrackedRead, TrackedReads } from './api'

const PAGE_SIZE = 20

export function MyReadsPage() {
  return (
    <RequireAuth>
      <MyReads />
    </RequireAuth>
  )
}

/** The person's data tracker: who read their data, through which system, why and on what basis. */
function MyReads() {
  const { t } = useTranslation()
  usePageTitle(t('exchange.tracker.title'))
  const [page, setPage] = usePageParam()
  const { result: data, error } = usePagedQuery<TrackedReads>(
    '/exchange/my-reads',
    { page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  )
  const pages = data ? Math.min(25, Math.ceil(data.total / PAGE_SIZE)) : 0
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('exchange.tracker.title')}</Title>
        <Text>{t('exchange.tracker.intro')}</Text>
      </Stack>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Text>{t('exchange.tracker.none')}</Text>}
      {data && data.items.length > 0 && (
        <ListTable
          minWidth={860}
          caption={t('exchange.tracker.caption', { count: data.total })}
          striped
          verticalSpacing="sm"
          columns={[
            t('exchange.tracker.col.when'),
            t('exchange.tracker.col.who'),
            t('exchange.tracker.col.what'),
            t('exchange.tracker.col.purpose'),
            t('exchange.tracker.col.basis'),
          ]}
        >
          {data.items.map((read) => (
            <ReadRow
              key={`${read.source} ${read.at} ${read.service} ${read.attributes.join()}`}
              read={read}
            />
          ))}
        </ListTable>
      )}
      {pages > 1 && <Pager total={pages} value={page} onChange={setPage} />}
    </Stack>
  )
}

function ReadRow({ read }: { read: TrackedRead }) {
  const { t } = useTranslation()
  const who = read.bySelf
    ? t('exchange.tracker.you')
    : (read.agencyName ?? t('exchange.tracker.unknownAgency'))
  return (
    <Table.Tr>
      <Table.Td>
        <time dateTime={read.at}>{formatDateTime(read.at)}</time>
      </Table.Td>
      <Table.Td>
        <Text fw={600}>{who}</Text>
        <Text fz="xs" c="dimmed">
          {read.system}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text>{read.service}</Text>
        {read.attributes.length > 0 && (
          <Text fz="xs" c="dimmed">
            {read.attributes.join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text>{read.purpose ?? '—'}</Text>
        {read.dossierCode && (
          <Text fz="xs" c="dimmed">
            {t('exchange.tracker.dossier', { code: read.dossierCode })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {read.source === 'gateway' ? (
          <Badge color="blue.9" variant="light">
            {t('exchange.tracker.viaGrant')}
          </Badge>
        ) : (
          <Badge color="teal.9" variant="light">
            {t('exchange.tracker.viaPrefill')}
          </Badge>
        )}
        {read.legalBasis && <Text fz="xs">{read.legalBasis}</Text>}
        {(read.consentId || read.consentBy) && (
          <Text fz="xs" c="dimmed">
            {t('exchange.tracker.withConsent')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  )
}
