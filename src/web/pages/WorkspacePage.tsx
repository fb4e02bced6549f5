import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { api, errorMessage, isAbort } from '../api/client'
import type { Page } from '../api/types'
import { isAgencyAdmin, useSession } from '../app/session'
import { StatusBadge } from '../components/Badges'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDateTime, pickName, stateName } from '../i18n/format'
import { localName } from '../i18n/names'
import {
  type DossierItem,
  isQueue,
  ownQueueOf,
  QUEUES,
  type Queue,
  type QueueCounts,
  STATES,
} from '../officials/api'
import { Deadline, RequireOfficial, StageBadge, useProcedureNames } from '../officials/common'

const PAGE_SIZE = 20

export function WorkspacePage() {
  return (
    <RequireOfficial>
      <Workspace />
    </RequireOfficial>
  )
}

function Workspace() {
  const { t, i18n } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('workspace.title'))
  const [params, setParams] = useSearchParams()
  const queueParam = params.get('queue')
  const statusCode = params.get('status') ?? ''
  const procedureCode = params.get('procedure') ?? ''
  // Each role opens on its own work; `?queue=all` (or another filter) shows every dossier.
  const ownQueue = ownQueueOf(me?.roles ?? [])
  const queue: Queue | null = isQueue(queueParam)
    ? queueParam
    : queueParam === null && !statusCode && !procedureCode
      ? ownQueue
      : null
  const [page, setPage] = usePageParam()

  const names = useProcedureNames()
  const [counts, setCounts] = useState<QueueCounts | null>(null)
  const [countsError, setCountsError] = useState<string | null>(null)
  const [reloadKey, setReloadKey] = useState(0)
  const { result, error, loading } = usePagedQuery<Page<DossierItem>>(
    '/dossiers',
    {
      queue: queue ?? undefined,
      statusCode: statusCode || undefined,
      procedureCode: procedureCode || undefined,
      page,
      pageSize: PAGE_SIZE,
    },
    { keepPrevious: true, reloadKey },
  )

  /** Changes some filters; any change of filter goes back to page 1. */
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next)
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on demand and on language change
  useEffect(() => {
    const abort = new AbortController()
    api
      .get<QueueCounts>('/dossiers/queues', undefined, abort.signal)
      .then((value) => {
        setCounts(value)
        setCountsError(null)
      })
      .catch((err) => !isAbort(err) && setCountsError(errorMessage(err)))
    return () => abort.abort()
  }, [reloadKey, i18n.language])

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const statusOptions = useMemo(
    () => [
      { value: '', label: t('workspace.allStatuses') },
      ...STATES.map((s) => ({ value: String(s.code), label: stateName(s.status) })),
    ],
    [t, i18n.language],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const procedureOptions = useMemo(
    () => [
      { value: '', label: t('workspace.allProcedures') },
      ...[...names.values()]
        .map((p) => ({ value: p.code, label: `${p.code} — ${pickName(p)}` }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    ],
    [names, t, i18n.language],
  )

  const pages = result ? Math.ceil(result.total / PAGE_SIZE) : 0
  const filtered = Boolean(queueParam || statusCode || procedureCode)

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('workspace.title')}</Title>
        <Text fz="lg">
          {me?.agency ? (
            <>
              <Text span fw={600}>
                {t('workspace.agency')}:
              </Text>{' '}
              {localName(me.agency)}
            </>
          ) : (
            t('workspace.noAgency')
          )}
        </Text>
        <Group gap="md">
          <Anchor component={Link} to="/workspace/ratings">
            {t('ratings.title')}
          </Anchor>
          {isAgencyAdmin(me) && (
            <>
              <Anchor component={Link} to="/admin/procedures">
                {t('adminProcedures.title')}
              </Anchor>
              <Anchor component={Link} to="/admin/agencies">
                {t('workspace.adminLink')}
              </Anchor>
            </>
          )}
        </Group>
      </Stack>

      <section aria-labelledby="queues-title">
        <Title order={2} fz="lg" id="queues-title" mb="xs">
          {t('workspace.queuesTitle')}
        </Title>
        <Text fz="sm" c="dimmed" mb="md">
          {t('workspace.queuesHelp')}
        </Text>
        {countsError && (
          <Alert color="red" variant="light" mb="md">
            {countsError}
          </Alert>
        )}
        <SimpleGrid
          cols={{ base: 1, xs: 2, md: 3 }}
          spacing="md"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {QUEUES.map((name) => {
            const active = queue === name
            return (
              <li key={name}>
                <UnstyledButton
                  className="sen-queue-card"
                  data-queue={name}
                  aria-pressed={active}
                  onClick={() => update({ queue: active ? 'all' : name })}
                  w="100%"
                  h="100%"
                >
                  <Paper
                    withBorder
                    p="lg"
                    h="100%"
                    bg={active ? 'blue.0' : undefined}
                    style={{
                      borderColor: active ? 'var(--mantine-color-blue-8)' : undefined,
                      borderWidth: 2,
                    }}
                  >
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Text fw={700} fz="md" c={name === 'overdue' && counts?.overdue ? 'red.9' : undefined}>
                        {t(`workspace.queues.${name}`)}
                      </Text>
                      {name === ownQueue && (
                        <Badge variant="light" color="blue.9" tt="none" component="span">
                          {t('workspace.yourWork')}
                        </Badge>
                      )}
                    </Group>
                    <Text fz={36} fw={700} lh={1.2}>
                      {counts ? counts[name] : <Loading size="xs" inline />}
                    </Text>
                    <Text fz="sm" c="dimmed">
                      {t(`workspace.queueNotes.${name}`)}
                    </Text>
                  </Paper>
                </UnstyledButton>
              </li>
            )
          })}
        </SimpleGrid>
      </section>

      <section aria-labelledby="list-title">
        <Group justify="space-between" align="flex-end" mb="sm">
          <Title order={2} fz="lg" id="list-title">
            {queue ? t(`workspace.queues.${queue}`) : t('workspace.allDossiers')}
          </Title>
          <Group gap="xs">
            {queue && (
              <Button variant="subtle" size="xs" onClick={() => update({ queue: 'all' })}>
                {t('workspace.showAll')}
              </Button>
            )}
            <Button variant="default" size="xs" onClick={() => setReloadKey((k) => k + 1)}>
              {t('workspace.refresh')}
            </Button>
          </Group>
        </Group>
        <search>
          <Group gap="md" align="flex-end" mb="md" wrap="wrap">
            <Select
              label={t('workspace.filterStatus')}
              data={statusOptions}
              value={statusCode}
              onChange={(value) => update({ status: value })}
              allowDeselect={false}
              w={300}
            />
            <Select
              label={t('workspace.filterProcedure')}
              data={procedureOptions}
              value={procedureCode}
              onChange={(value) => update({ procedure: value })}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('workspace.noProcedure')}
              w={420}
            />
            {filtered && (
              <Button variant="subtle" onClick={() => setParams(new URLSearchParams())}>
                {t('workspace.clearFilters')}
              </Button>
            )}
          </Group>
        </search>

        {error && (
          <Alert color="red" variant="light" mb="md">
            <Group gap="sm">
              <span>{error}</span>
              <Button size="xs" variant="default" onClick={() => setReloadKey((k) => k + 1)}>
                {t('common.retry')}
              </Button>
            </Group>
          </Alert>
        )}
        <Group gap="sm" mb="xs" mih={24}>
          <Text role="status" fz="sm" c="dimmed">
            {result && !loading ? t('workspace.count', { count: result.total }) : ''}
          </Text>
          {loading && result && <Loading size="xs" inline />}
        </Group>
        {loading && !result && <Loading />}
        {result && result.items.length === 0 && !loading && <Text>{t('workspace.empty')}</Text>}
        {result && result.items.length > 0 && (
          <ListTable
            minWidth={820}
            caption={t('workspace.tableCaption')}
            hideCaption
            columns={[
              t('workspace.col.code'),
              t('workspace.col.applicant'),
              t('workspace.col.procedure'),
              t('workspace.col.status'),
              t('workspace.col.submitted'),
              queue === 'new' ? t('workspace.deadline.reception') : t('workspace.col.deadline'),
            ]}
            striped
            highlightOnHover
            verticalSpacing="sm"
            aria-busy={loading}
            data-testid="dossier-table"
          >
            {result.items.map((dossier) => {
              const procedure = names.get(dossier.procedureCode)
              return (
                <Table.Tr key={dossier.code}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/workspace/dossiers/${encodeURIComponent(dossier.code)}`}
                      ff="monospace"
                      fz="sm"
                    >
                      {dossier.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{dossier.applicantName ?? ''}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{procedure ? pickName(procedure) : dossier.procedureCode}</Text>
                    <Text fz="xs" c="dimmed">
                      {dossier.procedureCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <StatusBadge status={dossier.status} />
                      {dossier.stage && <StageBadge stage={dossier.stage} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">
                      <time dateTime={dossier.submittedAt}>{formatDateTime(dossier.submittedAt)}</time>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Deadline dossier={dossier} showKind={queue !== 'new'} />
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </ListTable>
        )}
        {pages > 1 && <Pager mt="md" total={pages} value={page} onChange={setPage} />}
      </section>
    </Stack>
  )
}
