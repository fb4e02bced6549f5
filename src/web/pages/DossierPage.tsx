import {
  Alert,
  Anchor,
  Button,
  Group,
  Image,
  Radio,
  Stack,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core'
import QRCode from 'qrcode'
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type {
  AttachedDocument,
  Dossier,
  DossierDetail,
  DossierStatus,
  Payment,
  Procedure,
  Rating,
  RatingScore,
  WalletDocument,
} from '../api/citizen'
import { ApiError, api, errorMessage } from '../api/client'
import { FINAL_STATUS_CODES } from '../api/dossier-states'
import type { Page } from '../api/types'
import { StatusBadge } from '../components/Badges'
import { DeclaredDataPanel } from '../components/DeclaredDataPanel'
import { DocumentsSection, NONE } from '../components/DocumentsSection'
import { DossierHeading } from '../components/DossierHeading'
import { DossierTimeline } from '../components/DossierTimeline'
import { FeeNotice } from '../components/FeeNotice'
import { type LabelValue, LabelValueList } from '../components/LabelValueList'
import { SchemaForm, type SchemaFormHandle } from '../components/LazySchemaForm'
import { Loading } from '../components/Loading'
import { isNotFound, LoadState } from '../components/LoadState'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { getPath, sourcedPaths } from '../components/schema'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime, formatVnd, stateName } from '../i18n/format'

/** How often the page of an open dossier asks whether the agency has moved it. */
const STATUS_POLL_MS = 10_000

/**
 * While the agency works on a dossier, its page reads the light status every STATUS_POLL_MS and
 * reloads itself when the dossier has moved, so that the applicant sees a request or a decision
 * arrive without reloading. A hidden tab does not ask.
 */
function useStatusWatch(dossier: Dossier | undefined, onMoved: () => void) {
  useEffect(() => {
    if (!dossier || FINAL_STATUS_CODES.has(dossier.statusCode)) return
    const timer = window.setInterval(async () => {
      if (document.visibilityState !== 'visible') return
      try {
        const now = await api.get<DossierStatus>(`/dossiers/${encodeURIComponent(dossier.code)}/status`)
        const moved =
          now.status !== dossier.status ||
          now.paused !== dossier.paused ||
          now.resultIssued !== (dossier.resultDocumentId !== null)
        if (moved) onMoved()
      } catch {
        // Offline for a moment: the next tick asks again.
      }
    }, STATUS_POLL_MS)
    return () => window.clearInterval(timer)
  }, [dossier, onMoved])
}

export function DossierPage() {
  return (
    <RequireAuth>
      <DossierView />
    </RequireAuth>
  )
}

function DossierView() {
  const { t, i18n } = useTranslation()
  const { code = '' } = useParams()
  const [detail, setDetail] = useState<DossierDetail | null>(null)
  const [procedure, setProcedure] = useState<Procedure | null>(null)
  const [error, setError] = useState<unknown>(null)
  usePageTitle(t('dossier.title', { code }))

  const reload = useCallback(async () => {
    try {
      const next = await api.get<DossierDetail>(`/dossiers/${encodeURIComponent(code)}`)
      setDetail(next)
      setError(null)
      if (!procedure || procedure.code !== next.dossier.procedureCode) {
        setProcedure(
          await api.get<Procedure>(`/procedures/${encodeURIComponent(next.dossier.procedureCode)}`),
        )
      }
    } catch (err) {
      setError(err)
    }
  }, [code, procedure])

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per dossier and language
  useEffect(() => {
    void reload()
  }, [code, i18n.language])

  // When the page changes by itself, screen readers are told (not on the first load).
  const [movedByAgency, setMovedByAgency] = useState(false)
  const onMoved = useCallback(async () => {
    await reload()
    setMovedByAgency(true)
  }, [reload])
  useStatusWatch(detail?.dossier, onMoved)

  if (!detail || isNotFound(error)) return <LoadState title={t('dossier.title', { code })} error={error} />

  const { dossier } = detail
  const en = i18n.language === 'en'
  const procedureName = en ? detail.procedureNameEn : detail.procedureName
  const canRate = dossier.status === 'processed' || dossier.status === 'returned'

  return (
    <Stack gap="lg">
      <VisuallyHidden role="status">
        {movedByAgency ? t('dossier.updated', { status: stateName(dossier.status) }) : ''}
      </VisuallyHidden>
      <Anchor component={Link} to="/dossiers" fz="sm">
        ← {t('nav.myDossiers')}
      </Anchor>
      <DossierHeading
        title={t('dossier.title', { code: dossier.code })}
        procedureName={procedureName}
        badge={<StatusBadge status={dossier.status} />}
        pausedLabel={dossier.paused ? t('dossier.paused') : null}
      />

      <SectionPanel id="summary-title" title={t('dossier.summary')}>
        <LabelValueList
          labelWidth={240}
          rows={[
            [t('dossiers.code'), dossier.code],
            [t('dossiers.procedure'), `${procedureName} (${dossier.procedureCode})`],
            [t('dossiers.status'), stateName(dossier.status)],
            [t('dossiers.submittedAt'), formatDateTime(dossier.submittedAt)],
            [t('dossier.receptionDueAt'), formatDateTime(dossier.receptionDueAt)],
            [t('dossier.appointment'), formatDateTime(dossier.dueAt)],
            [
              t('catalog.fee'),
              dossier.feeVnd > 0
                ? `${formatVnd(dossier.feeVnd)} — ${dossier.paid ? t('dossier.paid') : t('dossier.unpaid')}`
                : formatVnd(0),
            ],
            ...(dossier.decidedAt
              ? [[t('dossier.decidedAt'), formatDateTime(dossier.decidedAt)] satisfies LabelValue]
              : []),
            ...(dossier.returnedAt
              ? [[t('dossier.returnedAt'), formatDateTime(dossier.returnedAt)] satisfies LabelValue]
              : []),
          ]}
        />
      </SectionPanel>

      {dossier.resultDocumentId && (
        <SectionPanel id="result-title" title={t('dossier.resultTitle')} titleGap="xs" bg="green.0">
          <Text mb="md">{dossier.decisionSigned ? t('dossier.resultSigned') : t('dossier.resultReady')}</Text>
          <Group>
            <Button
              component="a"
              href={`/api/v1/dossiers/${encodeURIComponent(dossier.code)}/result.pdf`}
              download
            >
              {t('dossier.downloadResult')}
            </Button>
            <Button component={Link} to={`/verify/${dossier.resultDocumentId}`} variant="default">
              {t('dossier.verifyResult')}
            </Button>
            <Button component={Link} to="/wallet" variant="subtle">
              {t('dossier.inWallet')}
            </Button>
          </Group>
        </SectionPanel>
      )}

      {dossier.status === 'payment_requested' && <PaymentPanel code={dossier.code} onPaid={reload} />}
      {dossier.feeVnd > 0 && !dossier.paid && (dossier.status === 'new' || dossier.status === 'accepted') && (
        <FeeNotice amountVnd={dossier.feeVnd} code={dossier.code} />
      )}

      {detail.allowedActions.includes('supplement') && procedure && (
        <SupplementPanel detail={detail} procedure={procedure} onDone={reload} />
      )}

      {canRate && <RatingPanel code={dossier.code} />}

      {procedure && (
        <DeclaredDataPanel procedure={procedure} data={dossier.data} title={t('dossier.dataTitle')} />
      )}

      <DossierTimeline history={detail.history} audience="citizen" />

      {detail.allowedActions.includes('withdraw') && <WithdrawPanel code={dossier.code} onDone={reload} />}
    </Stack>
  )
}

function PaymentPanel({ code, onPaid }: { code: string; onPaid: () => Promise<void> }) {
  const { t } = useTranslation()
  const [payment, setPayment] = useState<Payment | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [paying, setPaying] = useState(false)

  useEffect(() => {
    api
      .get<Payment>(`/dossiers/${encodeURIComponent(code)}/payment`)
      .then(async (p) => {
        setPayment(p)
        setQr(await QRCode.toDataURL(p.qrPayload, { margin: 1, width: 240 }))
      })
      .catch((err) => setError(errorMessage(err)))
  }, [code])

  const pay = async () => {
    setPaying(true)
    setError(null)
    try {
      await api.post(`/sandbox/payments/${encodeURIComponent(code)}/pay`)
      await onPaid()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setPaying(false)
    }
  }

  return (
    <SectionPanel id="payment-title" title={t('dossier.paymentTitle')} titleGap="xs" bg="orange.0">
      {error && (
        <Alert color="red" variant="light" mb="sm">
          {error}
        </Alert>
      )}
      {!payment && !error && <Loading />}
      {payment && (
        <Group align="flex-start" gap="xl">
          {qr && (
            <Image
              src={qr}
              w={200}
              h={200}
              alt={t('dossier.qrAlt', { amount: formatVnd(payment.amountVnd), code })}
            />
          )}
          <Stack gap="xs" maw={420}>
            <Text>
              {t('dossier.amount')}: <strong>{formatVnd(payment.amountVnd)}</strong>
            </Text>
            <Text fz="sm">{t('dossier.paymentHelp', { code })}</Text>
            {payment.status === 'pending' && (
              <Group>
                <Button onClick={() => void pay()} loading={paying}>
                  {t('dossier.sandboxPay')}
                </Button>
              </Group>
            )}
            {payment.status !== 'pending' && (
              <Text fw={600}>{t(`dossier.paymentStatus.${payment.status}`)}</Text>
            )}
          </Stack>
        </Group>
      )}
    </SectionPanel>
  )
}

function SupplementPanel({
  detail,
  procedure,
  onDone,
}: {
  detail: DossierDetail
  procedure: Procedure
  onDone: () => Promise<void>
}) {
  const { t } = useTranslation()
  const { dossier } = detail
  const [data, setData] = useState<Record<string, unknown>>(dossier.data)
  const [wallet, setWallet] = useState<WalletDocument[]>([])
  const [selection, setSelection] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [docErrors, setDocErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const handle = useRef<SchemaFormHandle>(null)
  const request = [...detail.history].reverse().find((entry) => entry.action === 'request_supplement')
  // Values the registries filled stay locked, as on the application form.
  const locked = useMemo(
    () => sourcedPaths(procedure.formSchema).filter((path) => getPath(dossier.data, path) != null),
    [procedure, dossier.data],
  )

  useEffect(() => {
    api
      .get<Page<WalletDocument>>('/wallet', { pageSize: 200 })
      .then((r) => setWallet(r.items))
      .catch(() => undefined)
    setSelection(Object.fromEntries(procedure.documents.map((d) => [d.id, NONE])))
  }, [procedure])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    setFieldErrors({})
    setDocErrors({})
    if (!handle.current?.validate()) {
      setError(t('apply.fixErrors'))
      return
    }
    const documents: AttachedDocument[] = Object.entries(selection)
      .filter(([, id]) => id !== NONE)
      .map(([requirementId, walletDocumentId]) => ({ requirementId, walletDocumentId }))
    setBusy(true)
    try {
      await api.post(`/dossiers/${encodeURIComponent(dossier.code)}/actions`, {
        action: 'supplement',
        data,
        ...(documents.length ? { documents } : {}),
      })
      await onDone()
    } catch (err) {
      const message = errorMessage(err)
      const field = err instanceof ApiError ? err.field : undefined
      if (field?.startsWith('documents.')) setDocErrors({ [field.slice(10)]: message })
      else if (field?.startsWith('data.')) setFieldErrors({ [field.slice(5)]: message })
      setError(message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <SectionPanel id="supplement-title" title={t('dossier.supplementTitle')} titleGap="xs" bg="orange.0">
      {request?.note && (
        <Alert color="orange" variant="light" mb="md" title={t('dossier.supplementReason')}>
          {request.note}
        </Alert>
      )}
      <Stack gap="md">
        <SchemaForm
          schema={procedure.formSchema}
          uiSchema={procedure.uiSchema}
          formData={data}
          onChange={setData}
          locked={locked}
          fieldErrors={fieldErrors}
          handle={handle}
          idPrefix="supplement"
        />
        <DocumentsSection
          requirements={procedure.documents}
          wallet={wallet}
          selection={selection}
          onSelect={(id, doc) => setSelection((s) => ({ ...s, [id]: doc }))}
          onUploaded={(doc) => setWallet((w) => [doc, ...w])}
          errors={docErrors}
          allOptional
        />
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <form onSubmit={submit}>
          <Button type="submit" loading={busy}>
            {t('dossier.sendSupplement')}
          </Button>
        </form>
      </Stack>
    </SectionPanel>
  )
}

function RatingPanel({ code }: { code: string }) {
  const { t } = useTranslation()
  const [score, setScore] = useState<RatingScore | ''>('')
  const [comment, setComment] = useState('')
  const [rating, setRating] = useState<Rating | null>(null)
  const [already, setAlready] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    if (!score) {
      setError(t('dossier.ratingChoose'))
      return
    }
    setBusy(true)
    try {
      setRating(
        await api.post<Rating>(`/dossiers/${encodeURIComponent(code)}/rating`, {
          score,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        }),
      )
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ALREADY_RATED') setAlready(true)
      else setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <SectionPanel id="rating-title" title={t('dossier.ratingTitle')} titleGap="xs">
      {rating ? (
        <Stack gap={4} role="status">
          <Text fw={600}>{t('dossier.ratingThanks')}</Text>
          <Text>
            {t('dossier.ratingGiven')}: {t(`dossier.scores.${rating.score}`)} ({formatDate(rating.createdAt)})
          </Text>
          {rating.comment && (
            <Text fz="sm">
              {t('dossier.ratingComment')}: {rating.comment}
            </Text>
          )}
        </Stack>
      ) : already ? (
        <Text role="status">{t('dossier.alreadyRated')}</Text>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm" maw={560}>
            <Radio.Group
              label={t('dossier.ratingQuestion')}
              value={score}
              onChange={(value) => setScore(value as RatingScore)}
              name="score"
              error={error}
            >
              <Stack gap={6} mt="xs">
                <Radio value="satisfied" label={t('dossier.scores.satisfied')} />
                <Radio value="acceptable" label={t('dossier.scores.acceptable')} />
                <Radio value="dissatisfied" label={t('dossier.scores.dissatisfied')} />
              </Stack>
            </Radio.Group>
            <Textarea
              label={t('dossier.ratingComment')}
              name="comment"
              maxLength={1000}
              autosize
              minRows={2}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
            />
            <Group>
              <Button type="submit" loading={busy}>
                {t('dossier.sendRating')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionPanel>
  )
}

function WithdrawPanel({ code, onDone }: { code: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const withdraw = async () => {
    setBusy(true)
    setError(null)
    try {
      await api.post(`/dossiers/${encodeURIComponent(code)}/actions`, { action: 'withdraw' })
      setConfirming(false)
      await onDone()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <SectionPanel id="withdraw-title" title={t('dossier.withdrawTitle')} titleGap="xs">
      <Text fz="sm" mb="sm">
        {t('dossier.withdrawText')}
      </Text>
      {error && (
        <Alert color="red" variant="light" mb="sm">
          {error}
        </Alert>
      )}
      {confirming ? (
        <Group>
          <Button color="red.9" onClick={() => void withdraw()} loading={busy}>
            {t('dossier.withdrawConfirm')}
          </Button>
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('dossier.cancel')}
          </Button>
        </Group>
      ) : (
        <Button variant="default" onClick={() => setConfirming(true)}>
          {t('dossier.withdraw')}
        </Button>
      )}
    </SectionPanel>
  )
}
