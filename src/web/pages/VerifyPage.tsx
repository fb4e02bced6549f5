import { Alert, Button, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core'
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import type { PublicDocumentStatus, SignatureCheck } from '../api/citizen'
import { ApiError, api, errorMessage, uploadFile } from '../api/client'
import type { Agency } from '../api/types'
import { type LabelValue, LabelValueList, LabelValueRow } from '../components/LabelValueList'
import { Loading } from '../components/Loading'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate, formatDateTime } from '../i18n/format'
import { localName } from '../i18n/names'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_PDF_BYTES = 20 * 1024 * 1024

/** Public: is this document genuine and in force? By its id (the QR on a result opens /verify/<id>), or by its PDF. */
export function VerifyPage() {
  const { t } = useTranslation()
  usePageTitle(t('verify.title'))
  const { id } = useParams()
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('verify.title')}</Title>
        <Text maw={760}>{t('verify.intro')}</Text>
      </Stack>
      {id ? <DocumentStatus id={id} /> : <LookupForm />}
      <PdfCheck />
    </Stack>
  )
}

function Verdict({
  tone,
  title,
  children,
}: {
  tone: 'good' | 'bad' | 'unknown'
  title: string
  children?: ReactNode
}) {
  const colour = tone === 'good' ? 'green' : tone === 'bad' ? 'red' : 'gray'
  const mark = tone === 'good' ? '✓' : tone === 'bad' ? '✗' : '?'
  return (
    <Paper withBorder p="lg" bg={`${colour}.0`} role="status" aria-live="polite">
      <Group gap="md" align="center" wrap="nowrap">
        <Text
          aria-hidden="true"
          fz={40}
          fw={800}
          c={tone === 'good' ? '#1e6b2f' : tone === 'bad' ? 'red.9' : 'gray.8'}
          lh={1}
        >
          {mark}
        </Text>
        <Text fz={28} fw={800} c={tone === 'good' ? '#1e6b2f' : tone === 'bad' ? 'red.9' : 'gray.9'}>
          {title}
        </Text>
      </Group>
      {children && <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>{children}</div>}
    </Paper>
  )
}

function DocumentStatus({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const [doc, setDoc] = useState<PublicDocumentStatus | null>(null)
  const [issuer, setIssuer] = useState<Agency | null>(null)
  const [notFound, setNotFound] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the language changes (messages)
  useEffect(() => {
    setDoc(null)
    setIssuer(null)
    setNotFound(false)
    setError(null)
    if (!UUID.test(id)) {
      setNotFound(true)
      return
    }
    api
      .get<PublicDocumentStatus>(`/verify/${encodeURIComponent(id)}`)
      .then((d) => {
        setDoc(d)
        if (d.issuerAgencyId) {
          void api
            .get<Agency>(`/agencies/${encodeURIComponent(d.issuerAgencyId)}`)
            .then(setIssuer)
            .catch(() => undefined)
        }
      })
      .catch((err) => {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setNotFound(true)
        else setError(errorMessage(err))
      })
  }, [id, i18n.language])

  if (notFound) {
    return (
      <section aria-labelledby="status-title">
        <Title order={2} fz="lg" id="status-title" mb="sm">
          {t('verify.statusTitle')}
        </Title>
        <Verdict tone="unknown" title={t('verify.notFound')}>
          <Text>{t('verify.notFoundText', { id })}</Text>
        </Verdict>
      </section>
    )
  }
  if (error) {
    return (
      <Alert color="red" variant="light">
        {error}
      </Alert>
    )
  }
  if (!doc) return <Loading />

  const valid = doc.status === 'valid'
  const rows: LabelValue[] = [
    [t('verify.code'), doc.code ?? '—'],
    [t('verify.document'), doc.title],
    [t('verify.type'), t(`verify.types.${doc.type}`, { defaultValue: doc.type })],
    [t('verify.issuer'), issuer ? localName(issuer) : (doc.issuerAgencyId ?? '—')],
    [t('verify.issuedAt'), formatDate(doc.issuedAt)],
    [t('verify.holder'), doc.holderName ?? '—'],
    [t('verify.signedFile'), doc.hasSignedFile ? t('verify.yes') : t('verify.no')],
  ]
  if (doc.revokedAt) rows.push([t('verify.revokedAt'), formatDateTime(doc.revokedAt)])

  return (
    <section aria-labelledby="status-title">
      <Title order={2} fz="lg" id="status-title" mb="sm">
        {t('verify.statusTitle')}
      </Title>
      <Verdict tone={valid ? 'good' : 'bad'} title={valid ? t('verify.valid') : t('verify.revoked')}>
        <Text mb="md">{valid ? t('verify.validText') : t('verify.revokedText')}</Text>
        <LabelValueList labelWidth={220} rows={rows} />
      </Verdict>
    </section>
  )
}

function LookupForm() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const id = value.trim().replace(/^.*\/verify\//, '')
    if (!UUID.test(id)) {
      setError(t('verify.idFormat'))
      return
    }
    navigate(`/verify/${id}`)
  }
  return (
    <SectionPanel id="lookup-title" title={t('verify.lookupTitle')}>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('verify.idLabel')}
            description={t('verify.idHint')}
            name="documentId"
            value={value}
            error={error}
            onChange={(event) => setValue(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 260 }}
          />
          <Button type="submit" mt={46}>
            {t('verify.lookup')}
          </Button>
        </Group>
      </form>
    </SectionPanel>
  )
}

/** One signature of the file: who (an official by name and title, or an agency's seal), its verdict and time. */
function SignatureEntry({ signature }: { signature: SignatureCheck['signers'][number] }) {
  const { t } = useTranslation()
  const { signer } = signature
  return (
    <Stack gap={2}>
      {signer ? (
        <>
          <Text fw={600}>{[signer.cn, signer.title].filter(Boolean).join(', ')}</Text>
          <Text fz="sm">
            {signer.ownerType === 'official'
              ? [t('verify.personalSignature'), signer.organisation].filter(Boolean).join(' — ')
              : t('verify.agencySeal')}
          </Text>
        </>
      ) : (
        <Text fw={600}>{t('verify.pdf.unknown_signer')}</Text>
      )}
      <Text fz="sm">
        {[
          t(`verify.signatureStatus.${signature.status}`),
          signature.signedAt ? formatDateTime(signature.signedAt) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {signature.reason && (
        <Text fz="sm" c="dimmed">
          {t('verify.reason')}: {signature.reason}
        </Text>
      )}
    </Stack>
  )
}

const PDF_TONE: Record<string, 'good' | 'bad' | 'unknown'> = {
  valid: 'good',
  altered: 'bad',
  revoked: 'bad',
  unknown_signer: 'bad',
  unsigned: 'unknown',
}

function PdfCheck() {
  const { t } = useTranslation()
  const fileId = useId()
  const fileRef = useRef<HTMLInputElement>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [result, setResult] = useState<SignatureCheck | null>(null)
  const [error, setError] = useState<string | null>(null)

  const check = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    setResult(null)
    const file = fileRef.current?.files?.[0]
    if (!file) {
      setError(t('verify.chooseFile'))
      fileRef.current?.focus()
      return
    }
    if (file.type && file.type !== 'application/pdf') {
      setError(t('verify.pdfOnly'))
      return
    }
    if (file.size > MAX_PDF_BYTES) {
      setError(t('apply.fileTooLarge', { mb: 20 }))
      return
    }
    setProgress(0)
    try {
      setResult(
        await uploadFile<SignatureCheck>('/verify', file, {
          contentType: 'application/pdf',
          onProgress: setProgress,
        }),
      )
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setProgress(null)
    }
  }

  return (
    <SectionPanel id="pdf-title" title={t('verify.pdfTitle')} titleGap="xs">
      <Text fz="sm" mb="md">
        {t('verify.pdfIntro')}
      </Text>
      <form onSubmit={check} noValidate>
        <Stack gap="sm">
          <Stack gap={4}>
            <Text component="label" htmlFor={fileId} fz="sm" fw={600}>
              {t('verify.pdfLabel')}
            </Text>
            <input id={fileId} ref={fileRef} type="file" accept="application/pdf,.pdf" name="pdf" />
          </Stack>
          {progress !== null && (
            <Progress
              value={Math.round(progress * 100)}
              aria-label={t('verify.checking', { percent: Math.round(progress * 100) })}
              animated
            />
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={progress !== null}>
              {t('verify.check')}
            </Button>
          </Group>
        </Stack>
      </form>
      {result && (
        <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
          <Verdict tone={PDF_TONE[result.status] ?? 'unknown'} title={t(`verify.pdf.${result.status}`)}>
            <Text mb="sm">{t(`verify.pdfExplain.${result.status}`)}</Text>
            {result.message && (
              <Text fz="sm" mb="sm">
                {result.message}
              </Text>
            )}
            {result.signers.length > 0 && (
              <LabelValueList labelWidth={220}>
                {result.signers.map((signature, index) => (
                  <LabelValueRow
                    // biome-ignore lint/suspicious/noArrayIndexKey: signatures have no id; their order is what they are
                    key={index}
                    label={t('verify.signatureN', { n: index + 1 })}
                  >
                    <SignatureEntry signature={signature} />
                  </LabelValueRow>
                ))}
                <LabelValueRow label={t('verify.signatures')}>{result.signatures}</LabelValueRow>
              </LabelValueList>
            )}
          </Verdict>
        </div>
      )}
    </SectionPanel>
  )
}
