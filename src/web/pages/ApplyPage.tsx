import { Alert, Anchor, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type {
  AttachedDocument,
  Dossier,
  Draft,
  PrefillField,
  Procedure,
  WalletDocument,
} from '../api/citizen'
import { ApiError, api, errorMessage } from '../api/client'
import type { Page } from '../api/types'
import { useSession } from '../app/session'
import { StatusBadge } from '../components/Badges'
import { DocumentsSection, NONE, preselect } from '../components/DocumentsSection'
import { FeeNotice } from '../components/FeeNotice'
import { Forbidden } from '../components/Forbidden'
import { LabelValueList, LabelValueRow } from '../components/LabelValueList'
import { SchemaForm, type SchemaFormHandle } from '../components/LazySchemaForm'
import { Loading } from '../components/Loading'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { getPath, setPath } from '../components/schema'
import { usePageTitle } from '../components/usePageTitle'
import { formatDateTime, pickName } from '../i18n/format'
import { NotFoundPage } from './NotFoundPage'

export function ApplyPage() {
  return (
    <RequireAuth>
      <ApplyGate />
    </RequireAuth>
  )
}

function ApplyGate() {
  const { t } = useTranslation()
  const { me } = useSession()
  if (me?.kind === 'official') {
    return <OfficialForbidden message={t('apply.applicantsOnly')} title={t('apply.title')} />
  }
  return <Apply />
}

function OfficialForbidden({ message, title }: { message: string; title: string }) {
  usePageTitle(title)
  return <Forbidden message={message} />
}

type Json = Record<string, unknown>

/** Merge the registry's values into the form data (they win: they are locked). */
function withPrefill(data: Json, fields: PrefillField[]): Json {
  let out = data
  for (const field of fields) if (field.value !== null) out = setPath(out, field.path, field.value)
  return out
}

function withoutPaths(data: Json, paths: string[]): Json {
  let out = data
  for (const path of paths) if (getPath(out, path) !== undefined) out = setPath(out, path, undefined)
  return out
}

function attached(selection: Record<string, string>): AttachedDocument[] {
  return Object.entries(selection)
    .filter(([, id]) => id !== NONE)
    .map(([requirementId, walletDocumentId]) => ({ requirementId, walletDocumentId }))
}

function Apply() {
  const { t, i18n } = useTranslation()
  const { code = '' } = useParams()
  const [procedure, setProcedure] = useState<Procedure | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [wallet, setWallet] = useState<WalletDocument[]>([])
  const [data, setData] = useState<Json>({})
  const [prefill, setPrefill] = useState<PrefillField[]>([])
  const [needConsent, setNeedConsent] = useState(false)
  const [consent, setConsent] = useState(false)
  const [consentBusy, setConsentBusy] = useState(false)
  const [selection, setSelection] = useState<Record<string, string>>({})
  const [ready, setReady] = useState(false)
  const [draftInfo, setDraftInfo] = useState<{ restored: boolean; savedAt: string } | null>(null)
  const [savingDraft, setSavingDraft] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [docErrors, setDocErrors] = useState<Record<string, string>>({})
  const [consentError, setConsentError] = useState<string | null>(null)
  const [submitted, setSubmitted] = useState<Dossier | null>(null)
  const formHandle = useRef<SchemaFormHandle>(null)
  // Reused when an attempt got no answer (network), so a retry cannot create a second dossier.
  const idempotencyKey = useRef<string | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)
  usePageTitle(procedure ? `${t('apply.title')}: ${pickName(procedure)}` : t('apply.title'))

  // Load the procedure, my wallet, my saved draft and what the registries prefill, then build the form.
  useEffect(() => {
    let live = true
    const load = async () => {
      const proc = await api.get<Procedure>(`/procedures/${encodeURIComponent(code)}`)
      const [walletPage, draft, pre] = await Promise.all([
        api.get<Page<WalletDocument>>('/wallet', { pageSize: 200 }),
        // null when there is none (most applications start without one).
        api.get<Draft | null>(`/drafts/${encodeURIComponent(code)}`),
        api
          .get<{ fields: PrefillField[]; needsConsent?: boolean }>(`/prefill/${encodeURIComponent(code)}`, {
            consent: false,
          })
          // Before consent the server fills in what is about the applicant and says whether the rest
          // (a spouse's data) waits for consent.
          .then((r) => ({ fields: r.fields, consent: r.needsConsent === true }))
          .catch((err) => {
            if (err instanceof ApiError && err.code === 'CONSENT_REQUIRED')
              return { fields: [], consent: true }
            throw err
          }),
      ])
      if (!live) return
      const saved: Record<string, string> = {}
      for (const doc of draft?.documents ?? []) saved[doc.requirementId] = doc.walletDocumentId
      setProcedure(proc)
      setWallet(walletPage.items)
      setSelection(preselect(proc.documents, walletPage.items, saved))
      setNeedConsent(pre.consent)
      setPrefill(pre.fields)
      setData(withPrefill(draft?.data ?? {}, pre.fields))
      if (draft) setDraftInfo({ restored: true, savedAt: draft.updatedAt })
      setReady(true)
    }
    load().catch((err) => {
      if (live) setLoadError(err)
    })
    return () => {
      live = false
    }
  }, [code])

  const locked = useMemo(() => prefill.filter((f) => f.value !== null).map((f) => f.path), [prefill])

  const onConsent = async (checked: boolean) => {
    setConsent(checked)
    setConsentError(null)
    if (!checked) {
      // Withdrawn: forget what the consent let us read, and let the person type it instead.
      setData((current) => withoutPaths(current, locked))
      setPrefill([])
      return
    }
    setConsentBusy(true)
    try {
      const r = await api.get<{ fields: PrefillField[] }>(`/prefill/${encodeURIComponent(code)}`, {
        consent: true,
      })
      setPrefill(r.fields)
      setData((current) => withPrefill(current, r.fields))
    } catch (err) {
      setConsentError(errorMessage(err))
    } finally {
      setConsentBusy(false)
    }
  }

  const onSelect = useCallback((requirementId: string, walletDocumentId: string) => {
    setSelection((current) => ({ ...current, [requirementId]: walletDocumentId }))
    setDocErrors((current) => {
      const { [requirementId]: _, ...rest } = current
      return rest
    })
  }, [])

  const onUploaded = useCallback((doc: WalletDocument) => setWallet((current) => [doc, ...current]), [])

  const saveDraft = async () => {
    setSavingDraft(true)
    setError(null)
    try {
      const draft = await api.put<Draft>(`/drafts/${encodeURIComponent(code)}`, {
        data,
        documents: attached(selection),
      })
      setDraftInfo({ restored: false, savedAt: draft.updatedAt })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSavingDraft(false)
    }
  }

  const submit = async () => {
    if (!procedure) return
    setError(null)
    setFieldErrors({})
    setConsentError(null)
    const missing: Record<string, string> = {}
    for (const requirement of procedure.documents) {
      if (requirement.required && (selection[requirement.id] ?? NONE) === NONE) {
        missing[requirement.id] = t('apply.documentMissing')
      }
    }
    setDocErrors(missing)
    const formValid = formHandle.current?.validate() ?? false
    if (needConsent && !consent) setConsentError(t('apply.consentMissing'))
    if (!formValid || Object.keys(missing).length > 0 || (needConsent && !consent)) {
      setError(t('apply.fixErrors'))
      if (formValid) {
        const target = needConsent && !consent ? 'apply-consent' : null
        if (target) document.getElementById(target)?.focus()
        else
          document
            .querySelector<HTMLInputElement>(`[data-requirement="${Object.keys(missing)[0]}"] input`)
            ?.focus()
      }
      return
    }
    idempotencyKey.current ??= crypto.randomUUID()
    setSubmitting(true)
    try {
      const dossier = await api.post<Dossier>(
        '/dossiers',
        {
          procedureCode: procedure.code,
          data,
          documents: attached(selection),
          consent: needConsent ? consent : false,
        },
        { 'Idempotency-Key': idempotencyKey.current },
      )
      idempotencyKey.current = null
      setSubmitted(dossier)
      // The draft has become a dossier.
      void api.delete(`/drafts/${encodeURIComponent(procedure.code)}`).catch(() => undefined)
      window.setTimeout(() => resultRef.current?.focus(), 50)
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 0) idempotencyKey.current = null
      showServerError(err)
    } finally {
      setSubmitting(false)
    }
  }

  const showServerError = (err: unknown) => {
    const message = errorMessage(err)
    const field = err instanceof ApiError ? err.field : undefined
    if (field?.startsWith('documents.')) {
      setDocErrors({ [field.slice('documents.'.length)]: message })
    } else if (field === 'consent') {
      setConsentError(message)
    } else if (field?.startsWith('data.')) {
      setFieldErrors({ [field.slice('data.'.length)]: message })
    }
    setError(message)
  }

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.status === 400)) {
    return <NotFoundPage />
  }
  if (loadError) {
    return (
      <Stack>
        <Title order={1}>{t('apply.title')}</Title>
        <Alert color="red" variant="light">
          {errorMessage(loadError)}
        </Alert>
      </Stack>
    )
  }
  if (!ready || !procedure) return <Loading />

  if (submitted) {
    return (
      <Stack gap="lg">
        <Title order={1}>{t('apply.successTitle')}</Title>
        <Paper
          withBorder
          p="lg"
          ref={resultRef}
          tabIndex={-1}
          role="status"
          bg="green.0"
          aria-labelledby="success-summary"
        >
          <Text id="success-summary" fw={600} mb="md">
            {t('apply.successText', { name: pickName(procedure) })}
          </Text>
          <LabelValueList labelWidth={220}>
            <LabelValueRow label={t('dossiers.code')}>
              <Text fw={700} fz="lg" component="span" data-testid="dossier-code">
                {submitted.code}
              </Text>
            </LabelValueRow>
            <LabelValueRow label={t('dossiers.status')}>
              <StatusBadge status={submitted.status} />
            </LabelValueRow>
            <LabelValueRow label={t('apply.appointment')}>{formatDateTime(submitted.dueAt)}</LabelValueRow>
          </LabelValueList>
        </Paper>
        {submitted.feeVnd > 0 && !submitted.paid && (
          <FeeNotice amountVnd={submitted.feeVnd} code={submitted.code} />
        )}
        <Group>
          <Button component={Link} to={`/dossiers/${submitted.code}`}>
            {t('apply.viewDossier')}
          </Button>
          <Button component={Link} to="/dossiers" variant="default">
            {t('nav.myDossiers')}
          </Button>
        </Group>
      </Stack>
    )
  }

  const en = i18n.language === 'en'
  const description = (en ? procedure.formSchema['x-description-en'] : procedure.formSchema.description) as
    | string
    | undefined

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/procedures/${procedure.code}`} fz="sm">
        ← {pickName(procedure)}
      </Anchor>
      <Stack gap="xs">
        <Title order={1}>{t('apply.title')}</Title>
        <Text fz="lg" fw={600}>
          {pickName(procedure)} ({procedure.code})
        </Text>
        {description && <Text maw={760}>{description}</Text>}
      </Stack>

      {draftInfo && (
        <Alert color="blue" variant="light" role="status">
          {draftInfo.restored
            ? t('apply.draftRestored', { at: formatDateTime(draftInfo.savedAt) })
            : t('apply.draftSaved', { at: formatDateTime(draftInfo.savedAt) })}
        </Alert>
      )}

      {needConsent && (
        <SectionPanel id="consent-title" title={t('apply.consentTitle')} titleGap="xs" bg="yellow.0">
          <Text fz="sm" mb="sm">
            {t('apply.consentIntro')}
          </Text>
          <Group gap="sm" align="center">
            <Checkbox
              id="apply-consent"
              checked={consent}
              onChange={(event) => void onConsent(event.currentTarget.checked)}
              label={t('apply.consentLabel')}
              error={consentError}
              disabled={consentBusy}
            />
            {consentBusy && <Loading inline size="xs" />}
          </Group>
        </SectionPanel>
      )}

      {locked.length > 0 && (
        <Alert color="green" variant="light" role="note">
          {t('apply.prefilledNote', { count: locked.length })}
        </Alert>
      )}

      <SectionPanel id="form-title" title={t('apply.formTitle')}>
        <SchemaForm
          key={`${i18n.language}-${locked.join(',')}`}
          schema={procedure.formSchema}
          uiSchema={procedure.uiSchema}
          formData={data}
          onChange={setData}
          locked={locked}
          fieldErrors={fieldErrors}
          handle={formHandle}
          idPrefix="apply"
        />
      </SectionPanel>

      <DocumentsSection
        requirements={procedure.documents}
        wallet={wallet}
        selection={selection}
        onSelect={onSelect}
        onUploaded={onUploaded}
        errors={docErrors}
      />

      {error && (
        <Alert color="red" variant="light" role="alert" title={t('apply.errorTitle')}>
          {error}
        </Alert>
      )}

      <Group>
        <Button onClick={() => void submit()} loading={submitting} size="md">
          {t('apply.submit')}
        </Button>
        <Button onClick={() => void saveDraft()} loading={savingDraft} variant="default" size="md">
          {t('apply.saveDraft')}
        </Button>
      </Group>
    </Stack>
  )
}
