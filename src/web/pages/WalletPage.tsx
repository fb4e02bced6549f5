import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { WalletDocument } from '../api/citizen'
import { api, errorMessage, uploadFile } from '../api/client'
import type { Page } from '../api/types'
import { MAX_UPLOAD_BYTES, SourceBadge } from '../components/DocumentsSection'
import { LabelValueList } from '../components/LabelValueList'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { formatDate } from '../i18n/format'

/** Below Mantine's sm breakpoint (48em). */
const NARROW = '(max-width: 47.99em)'
const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png']
/** Kinds of document a person may add to their wallet themselves (the wallet type travels with the file). */
const UPLOAD_TYPES = [
  'birth-notice',
  'marriage-certificate',
  'photo-4x6',
  'diploma',
  'lease-contract',
  'driver-health-certificate',
  'original-document',
] as const

export function WalletPage() {
  return (
    <RequireAuth>
      <Wallet />
    </RequireAuth>
  )
}

function Wallet() {
  const { t, i18n } = useTranslation()
  usePageTitle(t('wallet.title'))
  const [items, setItems] = useState<WalletDocument[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // A phone shows a card per document: six columns do not fit its width.
  const narrow = useMediaQuery(NARROW, false, { getInitialValueInEffect: false })

  const load = useCallback(async () => {
    try {
      const page = await api.get<Page<WalletDocument>>('/wallet', { pageSize: 200 })
      setItems(page.items)
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the language changes (messages)
  useEffect(() => {
    void load()
  }, [load, i18n.language])

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('wallet.title')}</Title>
        <Text maw={760}>{t('wallet.intro')}</Text>
      </Stack>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Text>{t('wallet.empty')}</Text>}
      {items && items.length > 0 && narrow && <DocumentCards items={items} />}
      {items && items.length > 0 && !narrow && (
        <ListTable
          minWidth={820}
          caption={t('wallet.caption', { count: items.length })}
          columns={[
            t('wallet.document'),
            t('wallet.source'),
            t('wallet.issuedAt'),
            t('wallet.status'),
            t('wallet.uses'),
            t('wallet.actions'),
          ]}
          striped
          verticalSpacing="sm"
        >
          {items.map((doc) => (
            <Table.Tr key={doc.id}>
              <Table.Td>
                <DocumentName doc={doc} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <SourceBadge source={doc.source} />
              </Table.Td>
              <Table.Td>{formatDate(doc.issuedAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge doc={doc} />
              </Table.Td>
              <Table.Td>{t('wallet.usedTimes', { count: doc.uses })}</Table.Td>
              <Table.Td>
                <DocumentActions doc={doc} />
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <UploadPanel onUploaded={(doc) => setItems((current) => [doc, ...(current ?? [])])} />
    </Stack>
  )
}

/** The wallet on a narrow screen: a card per document with what the table's columns say. */
function DocumentCards({ items }: { items: WalletDocument[] }) {
  const { t } = useTranslation()
  const captionId = useId()
  return (
    <Stack gap="xs">
      <Text id={captionId} fw={600}>
        {t('wallet.caption', { count: items.length })}
      </Text>
      <Stack component="ul" gap="sm" aria-labelledby={captionId} className="sen-plain-list">
        {items.map((doc) => (
          <Paper component="li" key={doc.id} withBorder p="md" radius="md">
            <Stack gap="sm">
              <DocumentName doc={doc} />
              <LabelValueList
                rows={[
                  [t('wallet.source'), <SourceBadge key="source" source={doc.source} />],
                  [t('wallet.issuedAt'), formatDate(doc.issuedAt)],
                  [t('wallet.status'), <StatusBadge key="status" doc={doc} />],
                  [t('wallet.uses'), t('wallet.usedTimes', { count: doc.uses })],
                ]}
              />
              <DocumentActions doc={doc} />
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  )
}

function DocumentName({ doc }: { doc: WalletDocument }) {
  const { t } = useTranslation()
  return (
    <div>
      <Text fw={600}>{doc.title}</Text>
      {doc.code && (
        <Text fz="sm" c="dimmed">
          {t('wallet.code')}: {doc.code}
        </Text>
      )}
      {doc.dossierCode && (
        <Text fz="sm">
          {t('wallet.fromDossier')}:{' '}
          <Anchor component={Link} to={`/dossiers/${doc.dossierCode}`}>
            {doc.dossierCode}
          </Anchor>
        </Text>
      )}
    </div>
  )
}

function StatusBadge({ doc }: { doc: WalletDocument }) {
  const { t } = useTranslation()
  return (
    <Badge
      color={doc.status === 'revoked' ? '#c92a2a' : '#1e6b2f'}
      variant="filled"
      tt="none"
      component="span"
    >
      {t(`wallet.statuses.${doc.status}`, { defaultValue: doc.status })}
    </Badge>
  )
}

function DocumentActions({ doc }: { doc: WalletDocument }) {
  const { t } = useTranslation()
  return (
    <Group gap="xs" wrap="nowrap">
      {doc.hasFile && (
        <Button
          size="xs"
          variant="default"
          component="a"
          href={`/api/v1/wallet/${doc.id}/file`}
          download={fileName(doc)}
          aria-label={t('wallet.downloadNamed', { title: doc.title })}
        >
          {t('wallet.download')}
        </Button>
      )}
      {doc.source === 'issued' && (
        <Button
          size="xs"
          variant="subtle"
          component={Link}
          to={`/verify/${doc.id}`}
          aria-label={t('wallet.verifyNamed', { title: doc.title })}
        >
          {t('wallet.verify')}
        </Button>
      )}
    </Group>
  )
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
}

function fileName(doc: WalletDocument): string {
  const base = (doc.code ?? doc.title).replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 80)
  return `${base}.${EXTENSIONS[doc.mimeType ?? ''] ?? 'bin'}`
}

function UploadPanel({ onUploaded }: { onUploaded: (doc: WalletDocument) => void }) {
  const { t } = useTranslation()
  const fileId = useId()
  const fileRef = useRef<HTMLInputElement>(null)
  const [type, setType] = useState<string>(UPLOAD_TYPES[0])
  const [title, setTitle] = useState('')
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    setDone(null)
    const file = fileRef.current?.files?.[0]
    if (!file) {
      setError(t('wallet.chooseFile'))
      fileRef.current?.focus()
      return
    }
    if (!ACCEPT.includes(file.type)) {
      setError(t('apply.fileType', { types: 'PDF, JPG, PNG' }))
      return
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(t('apply.fileTooLarge', { mb: 5 }))
      return
    }
    setProgress(0)
    try {
      const doc = await uploadFile<WalletDocument>('/wallet/documents', file, {
        query: { type, title: (title.trim() || file.name).slice(0, 200) },
        onProgress: setProgress,
      })
      onUploaded(doc)
      setDone(doc.title)
      setTitle('')
      if (fileRef.current) fileRef.current.value = ''
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setProgress(null)
    }
  }

  return (
    <SectionPanel id="upload-title" title={t('wallet.uploadTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <NativeSelect
            label={t('wallet.uploadType')}
            value={type}
            onChange={(event) => setType(event.currentTarget.value)}
            data={UPLOAD_TYPES.map((value) => ({ value, label: t(`wallet.types.${value}`) }))}
          />
          <TextInput
            label={t('wallet.uploadName')}
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <Stack gap={4}>
            <Text component="label" htmlFor={fileId} fz="sm" fw={600}>
              {t('wallet.file')}
            </Text>
            <input
              id={fileId}
              ref={fileRef}
              type="file"
              accept={ACCEPT.join(',')}
              aria-describedby={`${fileId}-hint`}
            />
            <Text id={`${fileId}-hint`} fz="xs" c="dimmed">
              {t('apply.uploadHint', { types: 'PDF, JPG, PNG', mb: 5 })}
            </Text>
          </Stack>
          {progress !== null && (
            <Progress
              value={Math.round(progress * 100)}
              aria-label={t('apply.uploading', { percent: Math.round(progress * 100) })}
              animated
            />
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          {done && (
            <Alert color="green" variant="light" role="status">
              {t('wallet.uploaded', { title: done })}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={progress !== null}>
              {t('wallet.upload')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionPanel>
  )
}
