import { Alert, Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { Dossier, ProcedureSummary } from '../api/citizen'
import { api } from '../api/client'
import { STATES } from '../api/dossier-states'
import type { Page } from '../api/types'
import { StatusBadge } from '../components/Badges'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { RequireAuth } from '../components/RequireAuth'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime, pickName, stateName } from '../i18n/format'

const PAGE_SIZE = 20
export function DossiersPage() {
  return (
    <RequireAuth>
      <Dossiers />
    </RequireAuth>
  )
}

/** Module-level cache of procedure names by code (the list only carries the code). */
const procedureNames = new Map<string, Promise<ProcedureSummary | null>>()
function procedureSummary(code: string): Promise<ProcedureSummary | null> {
  let found = procedureNames.get(code)
  if (!found) {
    found = api.get<ProcedureSummary>(`/procedures/${encodeURIComponent(code)}`).catch(() => null)
    procedureNames.set(code, found)
  }
  return found
}

function Dossiers() {
  const { t } = useTranslation()
  usePageTitle(t('dossiers.title'))
  const [params, setParams] = useSearchParams()
  const statusCode = params.get('statusCode') ?? ''
  const [page, setPage] = usePageParam()
  const { result, error } = usePagedQuery<Page<Dossier>>('/dossiers', {
    statusCode,
    page,
    pageSize: PAGE_SIZE,
  })
  const [names, setNames] = useState<Record<string, ProcedureSummary | null>>({})

  useEffect(() => {
    if (!result) return
    const codes = [...new Set(result.items.map((d) => d.procedureCode))]
    void Promise.all(codes.map(procedureSummary)).then((found) =>
      setNames(Object.fromEntries(codes.map((code, i) => [code, found[i] ?? null]))),
    )
  }, [result])

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('dossiers.title')}</Title>
        <Button component={Link} to="/procedures" variant="default">
          {t('dossiers.newApplication')}
        </Button>
      </Group>
      <NativeSelect
        label={t('dossiers.filterStatus')}
        value={statusCode}
        onChange={(event) => {
          const value = event.currentTarget.value
          setParams(value ? { statusCode: value } : {})
        }}
        data={[
          { value: '', label: t('dossiers.allStatuses') },
          ...STATES.map(({ code, status }) => ({ value: String(code), label: stateName(status) })),
        ]}
        maw={360}
      />
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      {!result && !error && <Loading />}
      {result && result.items.length === 0 && <Text>{t('dossiers.empty')}</Text>}
      {result && result.items.length > 0 && (
        <ListTable
          minWidth={720}
          caption={t('dossiers.caption', { count: result.total })}
          columns={[
            t('dossiers.code'),
            t('dossiers.procedure'),
            t('dossiers.status'),
            t('dossiers.submittedAt'),
            t('dossiers.dueAt'),
          ]}
          striped
          highlightOnHover
          verticalSpacing="sm"
        >
          {result.items.map((dossier) => {
            const procedure = names[dossier.procedureCode]
            return (
              <Table.Tr key={dossier.code}>
                <Table.Td>
                  <Anchor component={Link} to={`/dossiers/${dossier.code}`} fw={600}>
                    {dossier.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{procedure ? pickName(procedure) : dossier.procedureCode}</Table.Td>
                <Table.Td>
                  <StatusBadge status={dossier.status} />
                </Table.Td>
                <Table.Td>{formatDateTime(dossier.submittedAt)}</Table.Td>
                <Table.Td>{formatDate(dossier.dueAt)}</Table.Td>
              </Table.Tr>
            )
          })}
        </ListTable>
      )}
      {pages > 1 && <Pager total={pages} value={page} onChange={setPage} unlabelled />}
    </Stack>
  )
}
