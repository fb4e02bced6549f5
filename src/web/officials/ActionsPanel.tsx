// The official's actions on one dossier: a button for each action the server allows; actions that need a
// reason open a modal with a required text; approval asks for confirmation because it signs with the
// leader's personal key; the apology (late dossiers only) takes a new appointment date.
import { Alert, Button, Group, Loader, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api, errorMessage } from '../api/client'
import { pastAppointment } from '../api/dossier-states'
import { SectionPanel } from '../components/SectionPanel'
import { ACTION_ORDER, type DossierDetail, REASON_ACTIONS, todayInVietnam } from './api'

type Action = (typeof ACTION_ORDER)[number]
type Dialog = { kind: 'reason' | 'approve' | 'apologise'; action: Action } | null

const DANGER: readonly string[] = ['refuse', 'reject', 'stop']
/** The label of the note field, where it is not a reason. */
const NOTE_LABELS: Partial<Record<Action, string>> = {
  request_supplement: 'processing.supplementNote',
  submit_to_leader: 'processing.handoverNote',
  return_to_specialist: 'processing.returnNote',
}

/** The actions to offer: the server's allowedActions, plus the apology when the dossier is late. */
export function offeredActions(detail: DossierDetail): Action[] {
  const { dossier, roles, allowedActions } = detail
  const canApologise =
    pastAppointment(dossier) && roles.some((role) => role === 'specialist' || role === 'leader')
  return ACTION_ORDER.filter((action) =>
    action === 'apologise'
      ? canApologise || allowedActions.includes(action)
      : allowedActions.includes(action),
  )
}

export function ActionsPanel({
  detail,
  onDone,
}: {
  detail: DossierDetail
  /** Called after a successful action with the success message to announce. */
  onDone: (message: string) => Promise<void>
}) {
  const { t } = useTranslation()
  const actions = offeredActions(detail)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [busy, setBusy] = useState<Action | null>(null)
  const [error, setError] = useState<string | null>(null)
  const code = detail.dossier.code

  const run = async (action: Action, extra: { note?: string; newDueAt?: string } = {}) => {
    setBusy(action)
    setError(null)
    try {
      await api.post(`/dossiers/${encodeURIComponent(code)}/actions`, { action, ...extra })
      setDialog(null)
      await onDone(t(`processing.done.${action}`))
      return null
    } catch (err) {
      const message = errorMessage(err)
      if (!dialog) setError(message)
      return err instanceof ApiError ? err : new ApiError(0, 'ERROR', message)
    } finally {
      setBusy(null)
    }
  }

  const click = (action: Action) => {
    setError(null)
    if ((REASON_ACTIONS as readonly string[]).includes(action)) setDialog({ kind: 'reason', action })
    else if (action === 'approve') setDialog({ kind: 'approve', action })
    else if (action === 'apologise') setDialog({ kind: 'apologise', action })
    else void run(action)
  }

  return (
    <SectionPanel
      id="actions-title"
      title={t('processing.actionsTitle')}
      titleGap="xs"
      data-testid="actions-panel"
    >
      {actions.length === 0 ? (
        <Text c="dimmed">{t('processing.noActions')}</Text>
      ) : (
        <Group gap="sm">
          {actions.map((action) => (
            <Button
              key={action}
              variant={DANGER.includes(action) ? 'outline' : action === 'apologise' ? 'default' : 'filled'}
              color={DANGER.includes(action) ? 'red.9' : undefined}
              loading={busy === action && !dialog}
              disabled={busy !== null}
              onClick={() => click(action)}
              data-action={action}
            >
              {t(`processing.actions.${action}`)}
            </Button>
          ))}
        </Group>
      )}
      {error && (
        <Alert color="red" variant="light" mt="md" role="alert">
          {error}
        </Alert>
      )}

      {dialog?.kind === 'reason' && (
        <ReasonModal
          action={dialog.action}
          busy={busy !== null}
          onClose={() => setDialog(null)}
          onSubmit={(note) => run(dialog.action, { note })}
        />
      )}
      {dialog?.kind === 'approve' && (
        <ApproveModal
          busy={busy === 'approve'}
          onClose={() => setDialog(null)}
          onConfirm={() => run('approve')}
        />
      )}
      {dialog?.kind === 'apologise' && (
        <ApologyModal
          busy={busy !== null}
          onClose={() => setDialog(null)}
          onSubmit={(note, newDueAt) => run('apologise', { note, newDueAt })}
        />
      )}
    </SectionPanel>
  )
}

function ReasonModal({
  action,
  busy,
  onClose,
  onSubmit,
}: {
  action: Action
  busy: boolean
  onClose: () => void
  onSubmit: (note: string) => Promise<ApiError | null>
}) {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    if (!note.trim()) {
      setFieldError(t('processing.reasonRequired'))
      return
    }
    setFieldError(null)
    const failure = await onSubmit(note.trim())
    if (failure) {
      if (failure.field === 'note' || failure.code === 'REASON_REQUIRED') setFieldError(failure.message)
      else setError(failure.message)
    }
  }

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
      onClose={onClose}
      title={t(`processing.actions.${action}`)}
      size="lg"
      closeOnClickOutside={!busy}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Text fz="sm">{t(`processing.reasonHelp.${action}`)}</Text>
          <Textarea
            label={t(NOTE_LABELS[action] ?? 'processing.reason')}
            name="note"
            required
            autosize
            minRows={4}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={fieldError}
            data-autofocus
          />
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('processing.cancel')}
            </Button>
            <Button type="submit" loading={busy} color={DANGER.includes(action) ? 'red.9' : undefined}>
              {t(`processing.confirm.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function ApproveModal({
  busy,
  onClose,
  onConfirm,
}: {
  busy: boolean
  onClose: () => void
  onConfirm: () => Promise<ApiError | null>
}) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const confirm = async () => {
    setError(null)
    const failure = await onConfirm()
    if (failure) setError(failure.message)
  }
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
      onClose={() => !busy && onClose()}
      title={t('processing.approveTitle')}
      size="lg"
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      withCloseButton={!busy}
    >
      <Stack gap="md">
        <Text>{t('processing.approveText')}</Text>
        <Alert color="blue" variant="light" role="note">
          {t('processing.approveSignature')}
        </Alert>
        {busy && (
          <Group gap="sm" role="status" aria-live="polite">
            <Loader size="sm" aria-hidden="true" />
            <Text>{t('processing.signing')}</Text>
          </Group>
        )}
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('processing.cancel')}
          </Button>
          <Button onClick={() => void confirm()} loading={busy} data-autofocus>
            {t('processing.confirm.approve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function ApologyModal({
  busy,
  onClose,
  onSubmit,
}: {
  busy: boolean
  onClose: () => void
  onSubmit: (note: string, newDueAt: string) => Promise<ApiError | null>
}) {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [date, setDate] = useState('')
  const [errors, setErrors] = useState<{ note?: string; newDueAt?: string; other?: string }>({})
  const today = todayInVietnam()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const next: typeof errors = {}
    if (!note.trim()) next.note = t('processing.reasonRequired')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) next.newDueAt = t('processing.dateRequired')
    else if (date <= today) next.newDueAt = t('processing.dateFuture')
    setErrors(next)
    if (Object.keys(next).length) return
    // The appointment is a day: the server keeps it until the end of that working day in Vietnam.
    const failure = await onSubmit(note.trim(), `${date}T17:00:00+07:00`)
    if (failure) {
      if (failure.field === 'newDueAt') setErrors({ newDueAt: failure.message })
      else if (failure.field === 'note' || failure.code === 'REASON_REQUIRED')
        setErrors({ note: failure.message })
      else setErrors({ other: failure.message })
    }
  }

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
      onClose={onClose}
      title={t('processing.actions.apologise')}
      size="lg"
      closeOnClickOutside={!busy}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Text fz="sm">{t('processing.apologyHelp')}</Text>
          <Textarea
            label={t('processing.apologyNote')}
            name="note"
            required
            autosize
            minRows={4}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={errors.note}
            data-autofocus
          />
          <TextInput
            type="date"
            name="newDueAt"
            label={t('processing.newDueAt')}
            description={t('processing.newDueAtHelp')}
            required
            min={today}
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
            error={errors.newDueAt}
            w={260}
          />
          {errors.other && (
            <Alert color="red" variant="light" role="alert">
              {errors.other}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('processing.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('processing.confirm.apologise')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
