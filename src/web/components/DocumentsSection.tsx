import { Alert, Badge, Group, Progress, Radio, Stack, Text } from '@mantine/core'
import { type ChangeEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentRequirement, WalletDocument } from '../api/citizen'
import { errorMessage, uploadFile } from '../api/client'
import { formatDate, pickName } from '../i18n/format'
import { SectionPanel } from './SectionPanel'

/** The server's upload limit (5 MiB), whatever a requirement says. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

export const NONE = ''

/** Wallet documents that can stand for a requirement (by wallet type), newest first. */
export function matchingDocuments(
  requirement: DocumentRequirement,
  wallet: WalletDocument[],
): WalletDocument[] {
  return wallet.filter((doc) => requirement.walletTypes.includes(doc.type) && doc.status !== 'revoked')
}

/** One selection per requirement: a matching document from the wallet, preselected when there is one. */
export function preselect(
  requirements: DocumentRequirement[],
  wallet: WalletDocument[],
  saved: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const requirement of requirements) {
    const options = matchingDocuments(requirement, wallet)
    const previous = saved[requirement.id]
    if (previous && options.some((doc) => doc.id === previous)) out[requirement.id] = previous
    else out[requirement.id] = options[0]?.id ?? NONE
  }
  return out
}

interface Props {
  requirements: DocumentRequirement[]
  wallet: WalletDocument[]
  selection: Record<string, string>
  onSelect: (requirementId: string, walletDocumentId: string) => void
  onUploaded: (document: WalletDocument) => void
  errors: Record<string, string>
  /** Supplements may leave every document as it was. */
  allOptional?: boolean
}

/** Documents of an application: reuse one already in my wallet (by reference), or upload a new file to it. */
export function DocumentsSection({
  requirements,
  wallet,
  selection,
  onSelect,
  onUploaded,
  errors,
  allOptional = false,
}: Props) {
  const { t } = useTranslation()
  if (requirements.length === 0) return null
  return (
    <SectionPanel id="documents-title" title={t('apply.documentsTitle')} titleGap="xs">
      <Text fz="sm" mb="md">
        {t('apply.documentsIntro')}
      </Text>
      <Stack gap="lg">
        {requirements.map((requirement) => (
          <Requirement
            key={requirement.id}
            requirement={requirement}
            options={matchingDocuments(requirement, wallet)}
            value={selection[requirement.id] ?? NONE}
            onSelect={(id) => onSelect(requirement.id, id)}
            onUploaded={(doc) => {
              onUploaded(doc)
              onSelect(requirement.id, doc.id)
            }}
            error={errors[requirement.id]}
            required={requirement.required && !allOptional}
          />
        ))}
      </Stack>
    </SectionPanel>
  )
}

function Requirement({
  requirement,
  options,
  value,
  onSelect,
  onUploaded,
  error,
  required,
}: {
  requirement: DocumentRequirement
  options: WalletDocument[]
  value: string
  onSelect: (walletDocumentId: string) => void
  onUploaded: (document: WalletDocument) => void
  error: string | undefined
  required: boolean
}) {
  const { t } = useTranslation()
  const fileId = useId()
  const [progress, setProgress] = useState<number | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)
  const maxBytes = Math.min(MAX_UPLOAD_BYTES, requirement.maxSizeMb * 1024 * 1024)
  const maxMb = Math.floor(maxBytes / (1024 * 1024))
  const name = pickName(requirement)

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget
    const file = input.files?.[0]
    setUploadError(null)
    if (!file) return
    if (!requirement.accept.includes(file.type)) {
      setUploadError(t('apply.fileType', { types: acceptLabel(requirement.accept) }))
      input.value = ''
      return
    }
    if (file.size > maxBytes) {
      setUploadError(t('apply.fileTooLarge', { mb: maxMb }))
      input.value = ''
      return
    }
    setProgress(0)
    try {
      const title = file.name.replace(/\.[^.]+$/, '').slice(0, 120) || name
      const doc = await uploadFile<WalletDocument>('/wallet/documents', file, {
        query: { type: requirement.walletTypes[0], title: `${name.slice(0, 70)} — ${title}`.slice(0, 200) },
        onProgress: setProgress,
      })
      onUploaded(doc)
    } catch (err) {
      setUploadError(errorMessage(err))
    } finally {
      setProgress(null)
      input.value = ''
    }
  }

  const label = (
    <>
      {name}{' '}
      <Text component="span" fz="sm" fw={400} c="dimmed">
        ({required ? t('catalog.required') : t('catalog.optional')})
      </Text>
    </>
  )

  return (
    <Stack gap="xs" data-requirement={requirement.id}>
      <Radio.Group
        label={label}
        value={value}
        onChange={onSelect}
        name={`document-${requirement.id}`}
        error={error}
        withAsterisk={false}
      >
        <Stack gap={6} mt="xs">
          {options.map((doc) => (
            <Radio
              key={doc.id}
              value={doc.id}
              label={
                <Group gap={6} component="span">
                  <span>{doc.title}</span>
                  <SourceBadge source={doc.source} />
                  <Text component="span" fz="sm" c="dimmed">
                    {[doc.code, formatDate(doc.issuedAt)].filter(Boolean).join(' · ')}
                  </Text>
                </Group>
              }
            />
          ))}
          {options.length === 0 && (
            <Text fz="sm" c="dimmed">
              {t('apply.noWalletMatch')}
            </Text>
          )}
          {(!required || options.length === 0) && (
            <Radio value={NONE} label={required ? t('apply.notYetAttached') : t('apply.noAttachment')} />
          )}
        </Stack>
      </Radio.Group>
      <Stack gap={4}>
        <Text component="label" htmlFor={fileId} fz="sm" fw={600}>
          {t('apply.uploadLabel', { name })}
        </Text>
        <input
          id={fileId}
          type="file"
          accept={requirement.accept.join(',')}
          onChange={(event) => void onFile(event)}
          disabled={progress !== null}
          aria-describedby={`${fileId}-hint`}
        />
        <Text id={`${fileId}-hint`} fz="xs" c="dimmed">
          {t('apply.uploadHint', { types: acceptLabel(requirement.accept), mb: maxMb })}
        </Text>
        {progress !== null && (
          <Progress
            value={Math.round(progress * 100)}
            aria-label={t('apply.uploading', { percent: Math.round(progress * 100) })}
            animated
          />
        )}
        {uploadError && (
          <Alert color="red" variant="light" role="alert" p="xs">
            {uploadError}
          </Alert>
        )}
      </Stack>
    </Stack>
  )
}

function acceptLabel(accept: string[]): string {
  return accept
    .map((type) => ({ 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' })[type] ?? type)
    .join(', ')
}

/** "Do cơ quan cấp" / "Số hoá" / "Tải lên". */
export function SourceBadge({ source }: { source: string }) {
  const { t } = useTranslation()
  const colour = source === 'issued' ? '#1e6b2f' : source === 'digitised' ? '#1864ab' : '#495057'
  return (
    <Badge color={colour} variant="filled" tt="none" size="sm" component="span">
      {t(`wallet.sources.${source}`, { defaultValue: source })}
    </Badge>
  )
}
