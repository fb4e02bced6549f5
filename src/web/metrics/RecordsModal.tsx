import { Alert, Button, Modal, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../api/client'
import { type FigureRecords, splitApiPath } from '../api/metrics'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager } from '../components/Pager'
import { formatDateTime, stateName } from '../i18n/format'
import { formatNumber } from './format'
import { useApiQuery } from './useApiQuery'

const PAGE_SIZE = 20

/** A record's detail in words: a dossier's state, a rating's score, a procedure's levels (the server sends ids). */
function useDetailText(): (kind: FigureRecords['kind'], detail: string) => string {
  const { t } = useTranslation()
  return (kind, detail) => {
    switch (kind) {
      case 'dossier':
        return stateName(detail)
      case 'rating':
        return t(`dossier.scores.${detail}`, { defaultValue: detail })
      case 'procedure':
        return detail
          .split(', ')
          .map((level) => t(`agencies.levels.${level}`, { defaultValue: level }))
          .join(', ')
      case 'task':
        return t(`governance.tasks.states.${detail}`, { defaultValue: detail })
      default:
        return detail
    }
  }
}

/** The records behind a figure (ids, dates, labels; never personal data), a page at a time, in a dialog. */
export function RecordsModal({ url, title, onClose }: { url: string; title: string; onClose: () => void }) {
  const { t } = useTranslation()
  const detailText = useDetailText()
  const [page, setPage] = useState(1)
  const { path, query } = splitApiPath(url)
  const { data, error, loading } = useApiQuery<FigureRecords>(path, { ...query, page, pageSize: PAGE_SIZE })
  const pages = data ? Math.ceil(data.total / data.pageSize) : 0

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="xl"
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
    >
      <Stack gap="md">
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        {!data && loading && <Loading />}
        {data && (
          <>
            <Text role="status">
              {t(`metrics.records.count.${data.kind}`, {
                count: data.total,
                formatted: formatNumber(data.total),
              })}
            </Text>
            {data.items.length > 0 && (
              <ListTable
                minWidth={640}
                caption={t('metrics.records.caption', { page: data.page, pages: Math.max(pages, 1) })}
                hideCaption
                columns={[
                  t('metrics.records.col.id'),
                  t('metrics.records.col.label'),
                  t('metrics.records.col.agency'),
                  t('metrics.records.col.at'),
                  t('metrics.records.col.detail'),
                ]}
                striped
                aria-busy={loading}
              >
                {data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td ff="monospace" fz="sm" className="sen-break">
                      {item.id}
                    </Table.Td>
                    <Table.Td fz="sm">{item.label}</Table.Td>
                    <Table.Td fz="sm">{item.agencyId ?? '—'}</Table.Td>
                    <Table.Td fz="sm">
                      {item.at ? <time dateTime={item.at}>{formatDateTime(item.at)}</time> : '—'}
                    </Table.Td>
                    <Table.Td fz="sm">
                      {item.detail === null ? '—' : detailText(data.kind, item.detail)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </ListTable>
            )}
            {pages > 1 && <Pager total={pages} value={page} onChange={setPage} />}
          </>
        )}
      </Stack>
    </Modal>
  )
}

/** "Xem các bản ghi", named for screen readers by the figure it belongs to ("… : <name>"). */
export function RecordsButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation()
  return (
    <Button variant="light" size="compact-sm" onClick={onClick} aria-haspopup="dialog">
      <span aria-hidden="true">{t('metrics.records.show')}</span>
      <span className="sen-sr-only">{t('metrics.records.showFor', { name })}</span>
    </Button>
  )
}
