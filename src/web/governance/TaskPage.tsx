import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Progress,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api, errorMessage } from '../api/client'
import { LabelValueList } from '../components/LabelValueList'
import { Loading } from '../components/Loading'
import { SectionPanel } from '../components/SectionPanel'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime } from '../i18n/format'
import { localName } from '../i18n/names'
import type { TaskDetail } from './api'
import { RequireFollower } from './common'
import { STATE_COLOURS } from './TasksPage'

export function TaskPage() {
  return (
    <RequireFollower>
      <TaskView />
    </RequireFollower>
  )
}

function TaskView() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const [reloadKey, setReloadKey] = useState(0)
  const [fresh, setFresh] = useState<TaskDetail | null>(null)
  const { result, error } = usePagedQuery<TaskDetail>(`/governance/tasks/${id}`, {}, { reloadKey })
  const task = fresh ?? result
  usePageTitle(task?.title ?? t('governance.tasks.title'))
  const changed = (next: TaskDetail) => {
    setFresh(next)
    setReloadKey((k) => k + 1)
  }

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/governance/tasks" fz="sm">
        ← {t('governance.tasks.back')}
      </Anchor>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {!task && !error && <Loading />}
      {task && (
        <>
          <Stack gap={4}>
            <Title order={1}>{task.title}</Title>
            <Group gap="xs">
              <Badge color={STATE_COLOURS[task.state]} tt="none" component="span">
                {t(`governance.tasks.states.${task.state}`)}
              </Badge>
              {task.evaluation && (
                <Badge variant="outline" tt="none" component="span">
                  {t(`governance.tasks.evaluations.${task.evaluation}`)}
                </Badge>
              )}
              <Badge variant="light" color={task.tracked ? 'teal.9' : 'orange.9'} tt="none" component="span">
                {t(task.tracked ? 'governance.tasks.tracked' : 'governance.tasks.notTracked')}
              </Badge>
            </Group>
          </Stack>
          <SectionPanel id="task-facts" title={t('governance.tasks.facts')}>
            <LabelValueList
              rows={[
                [t('governance.tasks.field.issuer'), t(`governance.tasks.issuers.${task.issuer}`)],
                [
                  t('governance.tasks.field.documentNumber'),
                  `${task.documentNumber} (${formatDate(task.documentDate)}) — ${task.documentSigner}`,
                ],
                [t('governance.tasks.field.lead'), localName(task.lead)],
                [
                  t('governance.tasks.field.cooperating'),
                  task.cooperating.map(localName).join(', ') || t('common.none'),
                ],
                [t('governance.tasks.field.assigner'), localName(task.assigner)],
                [
                  t('governance.tasks.field.deadline'),
                  task.deadline === task.originalDeadline
                    ? formatDate(task.deadline)
                    : t('governance.tasks.extended', {
                        deadline: formatDate(task.deadline),
                        original: formatDate(task.originalDeadline),
                      }),
                ],
                [
                  t('governance.tasks.field.completedOn'),
                  task.completedOn ? formatDate(task.completedOn) : '—',
                ],
              ]}
            />
            <Progress value={task.progress} mt="md" aria-label={t('governance.tasks.col.progress')} />
            <Text fz="sm">{task.progress}%</Text>
          </SectionPanel>

          <SectionPanel id="task-reports" title={t('governance.tasks.reports')}>
            {task.reports.length === 0 ? (
              <Text>{t('governance.tasks.noReports')}</Text>
            ) : (
              <Timeline bulletSize={14} lineWidth={2}>
                {task.reports.map((r) => (
                  <Timeline.Item key={r.id} title={`${r.progress}% — ${formatDateTime(r.reportedAt)}`}>
                    <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {r.summary}
                    </Text>
                    {r.evidence && (
                      <Text fz="xs" c="dimmed">
                        {t('governance.tasks.evidence')}: {r.evidence}
                      </Text>
                    )}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
            {task.can.report && <ReportForm task={task} onDone={changed} />}
          </SectionPanel>

          <SectionPanel id="task-extensions" title={t('governance.tasks.extensions')}>
            {task.extensions.length === 0 && <Text>{t('governance.tasks.noExtensions')}</Text>}
            <Stack gap="sm">
              {task.extensions.map((e) => (
                <Stack key={e.id} gap={4}>
                  <Text fz="sm">
                    {t('governance.tasks.extensionAsked', { deadline: formatDate(e.requestedDeadline) })} —{' '}
                    <Text span fw={600}>
                      {t(`governance.tasks.extensionStates.${e.status}`)}
                    </Text>
                  </Text>
                  <Text fz="sm" c="dimmed">
                    {e.reason}
                    {e.decisionNote ? ` · ${e.decisionNote}` : ''}
                  </Text>
                  {e.status === 'pending' && task.can.evaluate && (
                    <Group gap="xs">
                      {(['granted', 'refused'] as const).map((decision) => (
                        <ActionButton
                          key={decision}
                          label={t(`governance.tasks.decide.${decision}`)}
                          run={() =>
                            api.post<TaskDetail>(`/governance/tasks/${task.id}/extensions/${e.id}/decision`, {
                              decision,
                            })
                          }
                          onDone={changed}
                        />
                      ))}
                    </Group>
                  )}
                </Stack>
              ))}
            </Stack>
            {task.can.report && !task.extensions.some((e) => e.status === 'pending') && (
              <ExtensionForm task={task} onDone={changed} />
            )}
          </SectionPanel>

          {(task.can.report || task.can.evaluate) && (
            <SectionPanel id="task-close" title={t('governance.tasks.closing')}>
              <Stack gap="md">
                {task.can.report && !task.completedOn && <CompletionForm task={task} onDone={changed} />}
                {task.can.evaluate && <EvaluationForm task={task} onDone={changed} />}
              </Stack>
            </SectionPanel>
          )}
        </>
      )}
    </Stack>
  )
}

type Done = (task: TaskDetail) => void

function useSubmit(onDone: Done) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<TaskDetail>) => {
    setBusy(true)
    setError(null)
    try {
      onDone(await action())
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const alert = error && (
    <Alert color="red" variant="light" role="alert">
      {error}
    </Alert>
  )
  return { run, busy, alert }
}

function ActionButton({
  label,
  run,
  onDone,
}: {
  label: string
  run: () => Promise<TaskDetail>
  onDone: Done
}) {
  const submit = useSubmit(onDone)
  return (
    <Stack gap={4}>
      <Button size="xs" variant="light" loading={submit.busy} onClick={() => submit.run(run)}>
        {label}
      </Button>
      {submit.alert}
    </Stack>
  )
}

function ReportForm({ task, onDone }: { task: TaskDetail; onDone: Done }) {
  const { t } = useTranslation()
  const submit = useSubmit(onDone)
  const [progress, setProgress] = useState<number | string>(task.progress)
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const target = event.currentTarget
    submit.run(async () => {
      const next = await api.post<TaskDetail>(`/governance/tasks/${task.id}/reports`, {
        progress: Number(progress),
        summary: String(form.get('summary') ?? ''),
        evidence: String(form.get('evidence') ?? '') || undefined,
      })
      target.reset()
      return next
    })
  }
  return (
    <form onSubmit={send} aria-labelledby="report-form-title">
      <Stack gap="sm" mt="md">
        <Title order={3} fz="md" id="report-form-title">
          {t('governance.tasks.report')}
        </Title>
        <NumberInput
          label={t('governance.tasks.col.progress')}
          min={0}
          max={100}
          suffix="%"
          value={progress}
          onChange={setProgress}
          required
        />
        <Textarea
          name="summary"
          label={t('governance.tasks.field.summary')}
          required
          maxLength={4000}
          autosize
          minRows={2}
        />
        <TextInput
          name="evidence"
          label={t('governance.tasks.evidence')}
          description={t('governance.tasks.evidenceHint')}
          maxLength={1000}
        />
        {submit.alert}
        <Group>
          <Button type="submit" loading={submit.busy}>
            {t('governance.tasks.sendReport')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function ExtensionForm({ task, onDone }: { task: TaskDetail; onDone: Done }) {
  const { t } = useTranslation()
  const submit = useSubmit(onDone)
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    submit.run(() =>
      api.post<TaskDetail>(`/governance/tasks/${task.id}/extensions`, {
        requestedDeadline: String(form.get('requestedDeadline') ?? ''),
        reason: String(form.get('reason') ?? ''),
      }),
    )
  }
  return (
    <form onSubmit={send} aria-labelledby="extension-form-title">
      <Stack gap="sm" mt="md">
        <Title order={3} fz="md" id="extension-form-title">
          {t('governance.tasks.askExtension')}
        </Title>
        <TextInput
          name="requestedDeadline"
          type="date"
          label={t('governance.tasks.field.requestedDeadline')}
          required
        />
        <Textarea name="reason" label={t('governance.tasks.field.reason')} required maxLength={2000} />
        {submit.alert}
        <Group>
          <Button type="submit" variant="light" loading={submit.busy}>
            {t('governance.tasks.askExtension')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function CompletionForm({ task, onDone }: { task: TaskDetail; onDone: Done }) {
  const { t } = useTranslation()
  const submit = useSubmit(onDone)
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    submit.run(() =>
      api.post<TaskDetail>(`/governance/tasks/${task.id}/completion`, {
        completedOn: String(form.get('completedOn') ?? ''),
      }),
    )
  }
  return (
    <form onSubmit={send}>
      <Group align="end">
        <TextInput name="completedOn" type="date" label={t('governance.tasks.field.completedOn')} required />
        <Button type="submit" loading={submit.busy}>
          {t('governance.tasks.reportCompleted')}
        </Button>
      </Group>
      {submit.alert}
    </form>
  )
}

function EvaluationForm({ task, onDone }: { task: TaskDetail; onDone: Done }) {
  const { t } = useTranslation()
  const submit = useSubmit(onDone)
  // The dates decide between on time and late; the assigner confirms, or finds it not done.
  const suggested = task.completedOn ? (task.completedOn <= task.deadline ? 'on_time' : 'late') : 'not_done'
  const [evaluation, setEvaluation] = useState<string | null>(suggested)
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    submit.run(() =>
      api.post<TaskDetail>(`/governance/tasks/${task.id}/evaluation`, {
        evaluation,
        note: String(form.get('note') ?? '') || undefined,
      }),
    )
  }
  return (
    <form onSubmit={send} aria-labelledby="evaluation-form-title">
      <Stack gap="sm">
        <Title order={3} fz="md" id="evaluation-form-title">
          {t('governance.tasks.evaluate')}
        </Title>
        <Select
          label={t('governance.tasks.field.evaluation')}
          required
          value={evaluation}
          onChange={setEvaluation}
          data={(['on_time', 'late', 'not_done'] as const).map((v) => ({
            value: v,
            label: t(`governance.tasks.evaluations.${v}`),
          }))}
        />
        <Textarea name="note" label={t('governance.tasks.field.note')} maxLength={2000} />
        {submit.alert}
        <Group>
          <Button type="submit" loading={submit.busy}>
            {t('governance.tasks.evaluate')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
