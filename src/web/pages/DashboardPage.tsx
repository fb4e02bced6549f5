import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { api, buildUrl, errorMessage } from '../api/client'
import {
  type ExportFormat,
  NATION,
  type ProgrammeDashboard,
  type TargetFigure,
  type TargetStatus,
} from '../api/metrics'
import { useSession } from '../app/session'
import { Forbidden } from '../components/Forbidden'
import { ListTable } from '../components/ListTable'
import { LoadState } from '../components/LoadState'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { formatDateTime, pickName } from '../i18n/format'
import { localName } from '../i18n/names'
import { AsOf } from '../metrics/AsOf'
import { formatNumber } from '../metrics/format'
import { RecordsModal } from '../metrics/RecordsModal'
import { ScopeBreadcrumbs } from '../metrics/ScopeBreadcrumbs'
import { ShareBar, STATUS_COLOURS } from '../metrics/ShareBar'
import { TargetCard, TargetStatusBadge } from '../metrics/TargetCard'
import { isForbidden, useApiQuery } from '../metrics/useApiQuery'

const STATUSES: TargetStatus[] = ['met', 'on_track', 'behind', 'not_measured']
const dashboardLink = (scope: string) =>
  scope === NATION ? '/dashboard' : `/dashboard?scope=${encodeURIComponent(scope)}`

/** The programme's targets (Decision 2629/QĐ-TTg) for one agency subtree, from the nation down to a commune. */
export function DashboardPage() {
  const { t } = useTranslation()
  const { me } = useSession()
  const [params] = useSearchParams()
  const scope = params.get('scope')?.trim() || NATION
  const [reloadKey, setReloadKey] = useState(0)
  // Asked again when someone logs in or out: what a scope shows depends on who asks.
  const { data, error, loading } = useApiQuery<ProgrammeDashboard>(
    '/metrics/programme',
    { scope },
    `${reloadKey}:${me?.id ?? ''}`,
  )
  const title = t('metrics.dashboard.title')
  usePageTitle(title)

  if (isForbidden(error)) {
    return (
      <Forbidden
        message={me ? t('metrics.dashboard.forbidden') : t('metrics.dashboard.forbiddenAnonymous')}
      />
    )
  }
  if (!data || error) return <LoadState title={title} error={error} />

  const scopeName = localName(data.scope)
  return (
    <Stack gap="lg" aria-busy={loading}>
      <ScopeBreadcrumbs
        ancestors={data.scope.ancestors}
        current={{ id: data.scope.id, name: scopeName }}
        linkTo={dashboardLink}
      />
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        <Text fz="lg" fw={600}>
          {scopeName}
        </Text>
        <Text>{t('metrics.dashboard.intro')}</Text>
      </Stack>
      <Group justify="space-between" align="center" gap="md">
        <AsOf asOf={data.asOf} loading={loading} />
        <Group gap="xs">
          {(['csv', 'json'] as ExportFormat[]).map((format) => (
            <Button
              key={format}
              component="a"
              href={buildUrl('/metrics/programme/export', { scope: data.scope.id, format })}
              download
              variant="default"
              size="xs"
            >
              {t(`metrics.dashboard.export.${format}`)}
            </Button>
          ))}
        </Group>
      </Group>
      {me?.roles.includes('system_admin') && <RefreshFigures onDone={() => setReloadKey((key) => key + 1)} />}
      <Summary targets={data.targets} statusMethod={data.statusRule.method} />
      <Targets targets={data.targets} />
      {data.children.length > 0 && <Children rows={data.children} scopeName={scopeName} />}
    </Stack>
  )
}

function Summary({ targets, statusMethod }: { targets: TargetFigure[]; statusMethod: string }) {
  const { t } = useTranslation()
  return (
    <SectionPanel id="summary-title" title={t('metrics.dashboard.summaryTitle')} titleGap="xs">
      <Group
        component="ul"
        gap="lg"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="target-summary"
      >
        {STATUSES.map((status) => (
          <Group component="li" key={status} gap={8} wrap="nowrap">
            <TargetStatusBadge status={status} />
            <Text fw={600}>{formatNumber(targets.filter((target) => target.status === status).length)}</Text>
          </Group>
        ))}
      </Group>
      {/* What each status means, as the data defines it (config/vn/programme-targets.json). */}
      <Text fz="sm" c="gray.8" mt="xs" data-testid="status-rule">
        {statusMethod}
      </Text>
    </SectionPanel>
  )
}

function Targets({ targets }: { targets: TargetFigure[] }) {
  const { t } = useTranslation()
  const [records, setRecords] = useState<TargetFigure | null>(null)
  return (
    <section aria-labelledby="targets-title">
      <Title order={2} fz="lg" id="targets-title" mb="sm">
        {t('metrics.dashboard.targetsTitle', { total: targets.length })}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {targets.map((target) => (
          <TargetCard key={target.id} target={target} onShowRecords={() => setRecords(target)} />
        ))}
      </SimpleGrid>
      {records?.recordsUrl && (
        <RecordsModal
          url={records.recordsUrl}
          title={t('metrics.records.titleFor', { name: pickName(records) })}
          onClose={() => setRecords(null)}
        />
      )}
    </section>
  )
}

type ChildRow = ProgrammeDashboard['children'][number]

/** Best first: the larger share of measured targets met, then more targets met, then by name. */
function rank(rows: ChildRow[]): ChildRow[] {
  const share = (row: ChildRow) => (row.measured > 0 ? row.met / row.measured : -1)
  return [...rows].sort((a, b) => share(b) - share(a) || b.met - a.met || a.name.localeCompare(b.name, 'vi'))
}

function Children({ rows, scopeName }: { rows: ChildRow[]; scopeName: string }) {
  const { t } = useTranslation()
  const ranked = rank(rows)
  return (
    <section aria-labelledby="children-title">
      <Title order={2} fz="lg" id="children-title" mb="xs">
        {t('metrics.dashboard.childrenTitle', { name: scopeName })}
      </Title>
      <Text fz="sm" mb="sm">
        {t('metrics.dashboard.childrenIntro')}
      </Text>
      <ListTable
        minWidth={640}
        caption={t('metrics.dashboard.childrenCaption', { name: scopeName, total: rows.length })}
        hideCaption
        columns={[
          t('metrics.col.rank'),
          t('metrics.col.agency'),
          t('metrics.col.level'),
          t('metrics.col.metOfMeasured'),
          <span key="bar" className="sen-sr-only">
            {t('metrics.col.bar')}
          </span>,
        ]}
        striped
        data-testid="children-table"
      >
        {ranked.map((row, index) => (
          <Table.Tr key={row.id}>
            <Table.Td>{index + 1}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={dashboardLink(row.id)}>
                {row.name}
              </Anchor>
            </Table.Td>
            <Table.Td fz="sm">{t(`agencies.levels.${row.level}`, { defaultValue: row.level })}</Table.Td>
            <Table.Td>
              {t('metrics.dashboard.metOfMeasured', {
                met: formatNumber(row.met),
                measured: formatNumber(row.measured),
              })}
            </Table.Td>
            <Table.Td w="30%">
              <ShareBar value={row.measured > 0 ? row.met / row.measured : 0} colour={STATUS_COLOURS.met} />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </section>
  )
}

/** For system administrators: compute today's figures now rather than at the next scheduled refresh. */
function RefreshFigures({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  const refresh = async () => {
    setBusy(true)
    setDone(null)
    setFailure(null)
    try {
      const { asOf } = await api.post<{ asOf: string }>('/metrics/refresh')
      setDone(asOf)
      onDone()
    } catch (err) {
      setFailure(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Group gap="sm" align="center">
      <Button size="xs" onClick={() => void refresh()} disabled={busy}>
        {t('metrics.dashboard.refresh')}
      </Button>
      <div role="status">
        {busy && (
          <Group gap="xs">
            <Loader size="xs" aria-hidden="true" />
            <Text fz="sm">{t('metrics.dashboard.refreshing')}</Text>
          </Group>
        )}
        {done && <Text fz="sm">{t('metrics.dashboard.refreshed', { asOf: formatDateTime(done) })}</Text>}
      </div>
      {failure && (
        <Alert color="red" variant="light" role="alert" p="xs">
          {failure}
        </Alert>
      )}
    </Group>
  )
}
