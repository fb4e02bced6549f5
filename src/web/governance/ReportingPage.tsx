import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { RegimeDetail, RegimesPage } from '../../server/modules/governance/reporting/types'
import { api, errorMessage } from '../api/client'
import { useSession } from '../app/session'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { SectionPanel } from '../components/SectionPanel'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime } from '../i18n/format'
import { localName } from '../i18n/names'
import { formatShare, RequireFollower } from './common'
import { GovernanceSections } from './Sections'

const PAGE_SIZE = 20
type ReporterState = RegimeDetail['reporters'][number]['state']
type Indicator = RegimeDetail['indicators'][number]
type Value = number | boolean | string | null

const STATE_COLOURS: Record<ReporterState, string> = {
  submitted: 'teal.9',
  late: 'orange.9',
  missing: 'red.9',
  awaited: 'gray.8',
}

export function ReportingPage() {
  return (
    <RequireFollower>
      <RegimesView />
    </RequireFollower>
  )
}

export function RegimePage() {
  return (
    <RequireFollower>
      <RegimeView />
    </RequireFollower>
  )
}

function RegimesView() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('governance.reporting.title'))
  const [page, setPage] = usePageParam()
  const { result: data, error } = usePagedQuery<RegimesPage>(
    '/governance/reporting/regimes',
    { page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  )
  const pages = data ? Math.ceil(data.total / PAGE_SIZE) : 0
  const summary = data?.summary
  return (
    <Stack gap="lg">
      <GovernanceSections />
      <Stack gap={4}>
        <Title order={1}>{t('governance.reporting.title')}</Title>
        <Text>{t('governance.reporting.intro', { agency: me?.agency ? localName(me.agency) : '' })}</Text>
      </Stack>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {!data && !error && <Loading />}
      {summary && (
        <SectionPanel id="reporting-summary" title={t('governance.reporting.summaryTitle')} titleGap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" style={{ margin: 0 }}>
            {[
              ['regimes', String(summary.regimes)],
              ['onSen', formatShare(summary.submitted, summary.expected)],
              ['late', String(summary.late)],
              ['missing', String(summary.missing)],
            ].map(([key, value]) => (
              <Stack gap={2} key={key}>
                <Text component="dt" fz="sm" c="dimmed">
                  {t(`governance.reporting.figures.${key}`)}
                </Text>
                <Text component="dd" fz="xl" fw={700} m={0} data-testid={`reporting-${key}`}>
                  {value}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
          <Text fz="sm" c="dimmed" mt="sm">
            {t('governance.reporting.method')}
          </Text>
        </SectionPanel>
      )}
      {data && data.items.length === 0 && <Text>{t('governance.reporting.none')}</Text>}
      {data && data.items.length > 0 && (
        <ListTable
          minWidth={860}
          caption={t('governance.reporting.listCaption')}
          hideCaption
          striped
          verticalSpacing="sm"
          columns={[
            t('governance.reporting.col.regime'),
            t('governance.reporting.col.recipient'),
            t('governance.reporting.col.period'),
            t('governance.reporting.col.latest'),
          ]}
        >
          {data.items.map((regime) => (
            <Table.Tr key={regime.id}>
              <Table.Td>
                <Anchor component={Link} to={`/governance/reporting/${regime.id}`} fw={600}>
                  {regime.name}
                </Anchor>
                <Text fz="xs" c="dimmed">
                  {regime.code} · {regime.legalBasis}
                </Text>
              </Table.Td>
              <Table.Td>{localName(regime.recipient)}</Table.Td>
              <Table.Td>{t(`governance.reporting.periods.${regime.period}`)}</Table.Td>
              <Table.Td>
                {regime.latestDue
                  ? t('governance.reporting.latestDue', {
                      period: regime.latestDue.period,
                      submitted: regime.latestDue.submitted,
                      expected: regime.latestDue.expected,
                      missing: regime.latestDue.missing,
                    })
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {pages > 1 && <Pager total={pages} value={page} onChange={setPage} />}
    </Stack>
  )
}

function RegimeView() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const [period, setPeriod] = useState<string | null>(null)
  const [reloadKey, setReloadKey] = useState(0)
  const [submitting, setSubmitting] = useState(false)
  const { result: regime, error } = usePagedQuery<RegimeDetail>(
    `/governance/reporting/regimes/${id}`,
    { period: period ?? undefined },
    { keepPrevious: true, reloadKey },
  )
  usePageTitle(regime?.name ?? t('governance.reporting.title'))
  if (error)
    return (
      <Alert color="red" variant="light" role="alert">
        {error}
      </Alert>
    )
  if (!regime) return <Loading />
  const awaiting = regime.reporters.filter((r) => r.state === 'missing' || r.state === 'awaited')
  return (
    <Stack gap="lg">
      <GovernanceSections />
      <Anchor component={Link} to="/governance/reporting">
        {t('governance.reporting.back')}
      </Anchor>
      <Stack gap={4}>
        <Title order={1}>{regime.name}</Title>
        <Text>
          {regime.code} · {t(`governance.reporting.periods.${regime.period}`)} · {regime.legalBasis}
        </Text>
        <Text fz="sm" c="dimmed">
          {t('governance.reporting.whoReports', {
            recipient: localName(regime.recipient),
            levels: regime.reporterLevels
              .map((l) => t(`agencies.levels.${l}`, { defaultValue: l }))
              .join(', '),
            days: regime.deadlineDays,
          })}
        </Text>
      </Stack>
      <Group align="end">
        <Select
          label={t('governance.reporting.periodLabel')}
          value={regime.shownPeriod}
          onChange={setPeriod}
          data={regime.periods}
          allowDeselect={false}
          w={200}
        />
        {regime.shownDueOn && (
          <Text fz="sm">{t('governance.reporting.dueOn', { date: formatDate(regime.shownDueOn) })}</Text>
        )}
        {regime.can.submit && regime.shownPeriod && awaiting.length > 0 && (
          <Button onClick={() => setSubmitting(true)}>{t('governance.reporting.submit')}</Button>
        )}
      </Group>
      <SectionPanel
        id="reporting-aggregate"
        title={t('governance.reporting.aggregateTitle', { scope: localName(regime.scope) })}
      >
        <ListTable
          minWidth={480}
          caption={t('governance.reporting.aggregateTitle', { scope: localName(regime.scope) })}
          hideCaption
          columns={[
            t('governance.reporting.col.indicator'),
            t('governance.reporting.col.value'),
            t('governance.reporting.col.how'),
          ]}
        >
          {regime.aggregate.map((a) => {
            const indicator = regime.indicators.find((i) => i.code === a.code)!
            return (
              <Table.Tr key={a.code}>
                <Table.Td>{indicator.name}</Table.Td>
                <Table.Td>
                  {a.value === null
                    ? '—'
                    : `${a.value.toLocaleString()}${indicator.unit ? ` ${indicator.unit}` : ''}`}
                </Table.Td>
                <Table.Td>{t(`governance.reporting.how.${a.how}`, { count: a.reporters })}</Table.Td>
              </Table.Tr>
            )
          })}
        </ListTable>
      </SectionPanel>
      <ListTable
        minWidth={480}
        caption={t('governance.reporting.reportersCaption')}
        striped
        columns={[
          t('governance.reporting.col.reporter'),
          t('governance.reporting.col.state'),
          t('governance.reporting.col.submittedAt'),
        ]}
      >
        {regime.reporters.map((r) => (
          <Table.Tr key={r.agency.id}>
            <Table.Td>{localName(r.agency)}</Table.Td>
            <Table.Td>
              <Badge color={STATE_COLOURS[r.state]} tt="none" component="span">
                {t(`governance.reporting.states.${r.state}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{r.submittedAt ? formatDateTime(r.submittedAt) : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      {submitting && regime.shownPeriod && (
        <SubmitDialog
          regime={regime}
          period={regime.shownPeriod}
          reporters={awaiting.map((r) => r.agency)}
          onClose={() => setSubmitting(false)}
          onDone={() => {
            setSubmitting(false)
            setReloadKey((k) => k + 1)
          }}
        />
      )}
    </Stack>
  )
}

function SubmitDialog({
  regime,
  period,
  reporters,
  onClose,
  onDone,
}: {
  regime: RegimeDetail
  period: string
  reporters: RegimeDetail['reporters'][number]['agency'][]
  onClose: () => void
  onDone: () => void
}) {
  const { t } = useTranslation()
  const [agencyId, setAgencyId] = useState<string | null>(reporters[0]?.id ?? null)
  const [values, setValues] = useState<Record<string, Value>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [prefilling, setPrefilling] = useState(false)
  const sourced = regime.indicators.some((i) => i.source)

  async function prefill() {
    if (!agencyId) return
    setPrefilling(true)
    setError(null)
    try {
      const result = await api.get<{ values: Record<string, number> }>(
        `/governance/reporting/regimes/${regime.id}/prefill`,
        { agencyId, period },
      )
      setValues((v) => ({ ...v, ...result.values }))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setPrefilling(false)
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api.post(`/governance/reporting/regimes/${regime.id}/submissions`, { agencyId, period, values })
      onDone()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const set = (code: string, value: Value) => setValues((v) => ({ ...v, [code]: value }))
  const label = (i: Indicator) => (i.unit ? `${i.name} (${i.unit})` : i.name)

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('governance.reporting.submitTitle', { period })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label={t('governance.reporting.col.reporter')}
            required
            searchable
            value={agencyId}
            onChange={setAgencyId}
            data={reporters.map((a) => ({ value: a.id, label: localName(a) }))}
          />
          {sourced && (
            <Group>
              <Button variant="light" onClick={prefill} loading={prefilling} disabled={!agencyId}>
                {t('governance.reporting.prefill')}
              </Button>
              <Text fz="xs" c="dimmed">
                {t('governance.reporting.prefillHint')}
              </Text>
            </Group>
          )}
          {regime.indicators.map((i) =>
            i.type === 'boolean' ? (
              <Checkbox
                key={i.code}
                label={label(i)}
                checked={values[i.code] === true}
                onChange={(e) => set(i.code, e.currentTarget.checked)}
              />
            ) : i.type === 'text' ? (
              <Textarea
                key={i.code}
                label={label(i)}
                required={i.required}
                value={String(values[i.code] ?? '')}
                onChange={(e) => set(i.code, e.currentTarget.value)}
                autosize
                maxLength={4000}
              />
            ) : (
              <NumberInput
                key={i.code}
                label={label(i)}
                required={i.required}
                min={0}
                max={i.type === 'percent' ? 100 : undefined}
                allowDecimal={i.type !== 'integer'}
                value={typeof values[i.code] === 'number' ? (values[i.code] as number) : ''}
                onChange={(v) => set(i.code, typeof v === 'number' ? v : null)}
                description={i.source ? t('governance.reporting.fromSen') : undefined}
              />
            ),
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              {t('processing.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!agencyId}>
              {t('governance.reporting.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
