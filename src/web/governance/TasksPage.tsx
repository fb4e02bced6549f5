import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api, errorMessage } from '../api/client'
import { useSession } from '../app/session'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { SectionPanel } from '../components/SectionPanel'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate } from '../i18n/format'
import { localName } from '../i18n/names'
import type { Task, TaskState, TasksPage as Tasks } from './api'
import { AgencySelect, entersGovernance, formatShare, RequireFollower, useAgencyChoices } from './common'
import { GovernanceSections } from './Sections'

const PAGE_SIZE = 20
export const STATE_COLOURS: Record<TaskState, string> = {
  in_progress: 'blue.9',
  overdue: 'red.9',
  completed: 'teal.9',
  evaluated: 'gray.8',
}

export function TasksPage() {
  return (
    <RequireFollower>
      <TasksView />
    </RequireFollower>
  )
}

function TasksView() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('governance.tasks.title'))
  const [page, setPage] = usePageParam()
  const [state, setState] = useState<'all' | TaskState>('all')
  const [creating, setCreating] = useState(false)
  const [reloadKey, setReloadKey] = useState(0)
  const { result: data, error } = usePagedQuery<Tasks>(
    '/governance/tasks',
    { page, pageSize: PAGE_SIZE, state: state === 'all' ? undefined : state },
    { keepPrevious: true, reloadKey },
  )
  const summary = data?.summary
  const pages = data ? Math.ceil(data.total / PAGE_SIZE) : 0

  return (
    <Stack gap="lg">
      <GovernanceSections />
      <Group justify="space-between" align="end">
        <Stack gap={4}>
          <Title order={1}>{t('governance.tasks.title')}</Title>
          <Text>{t('governance.tasks.intro', { agency: me?.agency ? localName(me.agency) : '' })}</Text>
        </Stack>
        {entersGovernance(me) && (
          <Button onClick={() => setCreating(true)}>{t('governance.tasks.new')}</Button>
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {!data && !error && <Loading />}
      {summary && (
        <SectionPanel id="tasks-summary" title={t('governance.tasks.summaryTitle')} titleGap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" style={{ margin: 0 }}>
            {[
              ['assigned', String(summary.assigned)],
              ['tracked', formatShare(summary.tracked, summary.assigned)],
              ['overdue', String(summary.overdue)],
              ['onTime', formatShare(summary.onTime, summary.evaluated)],
            ].map(([key, value]) => (
              <Stack gap={2} key={key}>
                <Text component="dt" fz="sm" c="dimmed">
                  {t(`governance.tasks.figures.${key}`)}
                </Text>
                <Text component="dd" fz="xl" fw={700} m={0} data-testid={`tasks-${key}`}>
                  {value}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
          <Text fz="sm" c="dimmed" mt="sm">
            {t('governance.tasks.method')}
          </Text>
        </SectionPanel>
      )}
      <SegmentedControl
        aria-label={t('governance.tasks.filter')}
        value={state}
        onChange={(value) => {
          setState(value as 'all' | TaskState)
          setPage(1)
        }}
        data={(['all', 'in_progress', 'overdue', 'completed', 'evaluated'] as const).map((s) => ({
          value: s,
          label: t(`governance.tasks.states.${s}`),
        }))}
      />
      {data && data.items.length === 0 && <Text>{t('governance.tasks.none')}</Text>}
      {data && data.items.length > 0 && (
        <ListTable
          minWidth={860}
          caption={t('governance.tasks.listCaption')}
          hideCaption
          striped
          verticalSpacing="sm"
          columns={[
            t('governance.tasks.col.task'),
            t('governance.tasks.col.lead'),
            t('governance.tasks.col.deadline'),
            t('governance.tasks.col.progress'),
            t('governance.tasks.col.state'),
          ]}
        >
          {data.items.map((task) => (
            <TaskRow key={task.id} task={task} />
          ))}
        </ListTable>
      )}
      {pages > 1 && <Pager total={pages} value={page} onChange={setPage} />}
      {creating && (
        <NewTaskDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false)
            setReloadKey((k) => k + 1)
          }}
        />
      )}
    </Stack>
  )
}

function TaskRow({ task }: { task: Task }) {
  const { t } = useTranslation()
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/governance/tasks/${task.id}`} fw={600}>
          {task.title}
        </Anchor>
        <Text fz="xs" c="dimmed">
          {t(`governance.tasks.issuers.${task.issuer}`)} · {task.documentNumber} ·{' '}
          {formatDate(task.documentDate)}
        </Text>
      </Table.Td>
      <Table.Td>{localName(task.lead)}</Table.Td>
      <Table.Td>
        <time dateTime={task.deadline}>{formatDate(task.deadline)}</time>
      </Table.Td>
      <Table.Td miw={120}>
        <Progress value={task.progress} aria-label={t('governance.tasks.col.progress')} />
        <Text fz="xs">{task.progress}%</Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATE_COLOURS[task.state]} tt="none" component="span">
          {t(`governance.tasks.states.${task.state}`)}
        </Badge>
        {task.evaluation && <Text fz="xs">{t(`governance.tasks.evaluations.${task.evaluation}`)}</Text>}
      </Table.Td>
    </Table.Tr>
  )
}

function NewTaskDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation()
  const agencies = useAgencyChoices()
  const [lead, setLead] = useState<string | null>(null)
  const [cooperating, setCooperating] = useState<string[]>([])
  const [issuer, setIssuer] = useState<string | null>('prime_minister')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    setError(null)
    try {
      await api.post('/governance/tasks', {
        documentNumber: String(form.get('documentNumber') ?? ''),
        documentDate: String(form.get('documentDate') ?? ''),
        documentSigner: String(form.get('documentSigner') ?? ''),
        issuer,
        title: String(form.get('title') ?? ''),
        leadAgencyId: lead,
        cooperatingAgencyIds: cooperating,
        deadline: String(form.get('deadline') ?? ''),
      })
      onCreated()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('governance.tasks.new')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label={t('governance.tasks.field.issuer')}
            required
            value={issuer}
            onChange={setIssuer}
            data={(['prime_minister', 'government'] as const).map((v) => ({
              value: v,
              label: t(`governance.tasks.issuers.${v}`),
            }))}
          />
          <Group grow>
            <TextInput
              name="documentNumber"
              label={t('governance.tasks.field.documentNumber')}
              required
              maxLength={60}
            />
            <TextInput
              name="documentDate"
              type="date"
              label={t('governance.tasks.field.documentDate')}
              required
            />
          </Group>
          <TextInput
            name="documentSigner"
            label={t('governance.tasks.field.documentSigner')}
            required
            maxLength={200}
          />
          <Textarea
            name="title"
            label={t('governance.tasks.field.title')}
            required
            maxLength={2000}
            autosize
            minRows={2}
          />
          <AgencySelect label={t('governance.tasks.field.lead')} value={lead} onChange={setLead} required />
          <MultiSelect
            label={t('governance.tasks.field.cooperating')}
            searchable
            value={cooperating}
            onChange={setCooperating}
            data={agencies.filter((a) => a.id !== lead).map((a) => ({ value: a.id, label: localName(a) }))}
          />
          <TextInput name="deadline" type="date" label={t('governance.tasks.field.deadline')} required />
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              {t('processing.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('governance.tasks.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
