import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Fragment, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { ProcedureSummary } from '../api/citizen'
import { api, errorMessage } from '../api/client'
import type { Page } from '../api/types'
import { ListTable } from '../components/ListTable'
import { LiveSearch } from '../components/LiveSearch'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime, pickName } from '../i18n/format'
import type { ProcedureVersion } from './api'
import { RequireOfficial } from './common'

const PAGE_SIZE = 20

export function AdminProceduresPage() {
  return (
    <RequireOfficial admin>
      <AdminProcedures />
    </RequireOfficial>
  )
}

function AdminProcedures() {
  const { t } = useTranslation()
  usePageTitle(t('adminProcedures.title'))
  const [params, setParams] = useSearchParams()
  const [query, setQuery] = useState(params.get('q') ?? '')
  const [debounced] = useDebouncedValue(query.trim(), 300)
  const [page, setPage] = usePageParam()
  const [open, setOpen] = useState<string | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL follows the debounced search
  useEffect(() => {
    if ((params.get('q') ?? '') === debounced) return
    const next = new URLSearchParams()
    if (debounced) next.set('q', debounced)
    setParams(next, { replace: true })
  }, [debounced])

  const { result, error } = usePagedQuery<Page<ProcedureSummary>>(
    '/procedures',
    { q: params.get('q') || undefined, page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  )

  const pages = result ? Math.ceil(result.total / PAGE_SIZE) : 0

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('adminProcedures.title')}</Title>
        <Text>{t('adminProcedures.intro')}</Text>
      </Stack>
      <LiveSearch
        label={t('adminProcedures.searchLabel')}
        placeholder={t('adminProcedures.searchPlaceholder')}
        value={query}
        onChange={setQuery}
      />
      <section aria-labelledby="procedures-title">
        <Title order={2} fz="lg" id="procedures-title" mb="xs">
          {t('adminProcedures.listTitle')}
        </Title>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        {!result && !error && <Loading />}
        <Text role="status" fz="sm" c="dimmed" mb="xs">
          {result ? t('adminProcedures.count', { count: result.total }) : ''}
        </Text>
        {result && result.items.length > 0 && (
          <ListTable
            minWidth={720}
            caption={t('adminProcedures.listTitle')}
            hideCaption
            columns={[
              t('adminProcedures.col.code'),
              t('adminProcedures.col.name'),
              t('adminProcedures.col.actions'),
            ]}
            verticalSpacing="sm"
            data-testid="procedures-table"
          >
            {result.items.map((procedure) => {
              const expanded = open === procedure.code
              const versionsId = `versions-${procedure.code}`
              return (
                <Fragment key={procedure.code}>
                  <Table.Tr>
                    <Table.Td ff="monospace">{procedure.code}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/procedures/${procedure.code}`}>
                        {pickName(procedure)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={expanded}
                          aria-controls={expanded ? versionsId : undefined}
                          onClick={() => setOpen(expanded ? null : procedure.code)}
                          aria-label={t('adminProcedures.versionsOf', { name: pickName(procedure) })}
                        >
                          {t('adminProcedures.versions')}
                        </Button>
                        <Button
                          size="xs"
                          component={Link}
                          to={`/admin/procedures/${procedure.code}/new`}
                          aria-label={t('adminProcedures.newVersionOf', { name: pickName(procedure) })}
                        >
                          {t('adminProcedures.newVersion')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr>
                      <Table.Td colSpan={3} id={versionsId}>
                        <Versions code={procedure.code} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              )
            })}
          </ListTable>
        )}
        {pages > 1 && <Pager mt="md" total={pages} value={page} onChange={setPage} />}
      </section>
    </Stack>
  )
}

function Versions({ code }: { code: string }) {
  const { t } = useTranslation()
  const [items, setItems] = useState<ProcedureVersion[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api
      .get<{ items: ProcedureVersion[] }>(`/procedures/${encodeURIComponent(code)}/versions`)
      .then((value) => setItems(value.items))
      .catch((err) => setError(errorMessage(err)))
  }, [code])
  if (error) {
    return (
      <Alert color="red" variant="light">
        {error}
      </Alert>
    )
  }
  if (!items) return <Loading size="sm" inline />
  return (
    <Paper p="sm" bg="gray.0">
      <Stack component="ul" gap={6} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((version) => (
          <Group component="li" key={version.id} gap="sm">
            <Text fw={600}>{t('adminProcedures.versionN', { version: version.version })}</Text>
            <Text fz="sm">
              {t('adminProcedures.effectiveFrom')}: {formatDate(version.effectiveFrom)}
            </Text>
            {version.inForce && (
              <Badge color="#1e6b2f" variant="filled" tt="none" component="span">
                {t('adminProcedures.inForce')}
              </Badge>
            )}
            {!version.published && (
              <Badge color="#495057" variant="filled" tt="none" component="span">
                {t('adminProcedures.unpublished')}
              </Badge>
            )}
            <Text fz="sm" c="dimmed">
              {t('adminProcedures.createdAt')}: {formatDateTime(version.createdAt)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}
