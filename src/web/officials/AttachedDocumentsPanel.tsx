// The documents attached to a dossier, for the officials processing it: each with its requirement, where it
// came from (the applicant's wallet or an upload with the application), a preview and a download. The files
// come from GET /dossiers/:code/documents/:id, which checks that the official's agency handles the dossier.
import { Anchor, Badge, Button, Group, Image, Modal, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ListTable } from '../components/ListTable'
import { SectionPanel } from '../components/SectionPanel'
import { formatDateTime, pickName } from '../i18n/format'
import type { DossierDocument, Procedure } from './api'

const PREVIEWABLE = ['application/pdf', 'image/jpeg', 'image/png']

function fileUrl(code: string, documentId: string, download = false): string {
  const url = `/api/v1/dossiers/${encodeURIComponent(code)}/documents/${encodeURIComponent(documentId)}`
  return download ? `${url}?download=true` : url
}

export function AttachedDocumentsPanel({
  code,
  documents,
  procedure,
}: {
  code: string
  documents: DossierDocument[]
  procedure: Procedure | null
}) {
  const { t } = useTranslation()
  const [previewed, setPreviewed] = useState<DossierDocument | null>(null)
  const requirementName = (id: string) => {
    const requirement = procedure?.documents.find((d) => d.id === id)
    return requirement ? pickName(requirement) : id
  }

  return (
    <SectionPanel
      id="documents-title"
      title={t('processing.documents.title')}
      data-testid="attached-documents"
    >
      {documents.length === 0 ? (
        <Text c="dimmed">{t('processing.documents.empty')}</Text>
      ) : (
        <Stack gap="xs">
          <ListTable
            minWidth={720}
            caption={t('processing.documents.caption')}
            hideCaption
            columns={[
              t('processing.documents.requirement'),
              t('processing.documents.document'),
              t('processing.documents.origin'),
              t('processing.documents.open'),
            ]}
            verticalSpacing="sm"
          >
            {documents.map((document) => (
              <Table.Tr key={`${document.requirementId}-${document.walletDocumentId}`}>
                <Table.Td>
                  <Text fz="sm">{requirementName(document.requirementId)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {document.title}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    <time dateTime={document.issuedAt}>{formatDateTime(document.issuedAt)}</time>
                  </Text>
                  {document.status === 'revoked' && (
                    <Badge color="red.9" variant="filled" tt="none" component="span">
                      {t('processing.documents.revoked')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" data-testid="document-provenance">
                    {t(`processing.documents.provenance.${document.provenance}`)}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {t(`processing.documents.source.${document.source}`, { defaultValue: document.source })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {document.hasFile ? (
                    <Group gap="xs" wrap="nowrap">
                      {document.mimeType && PREVIEWABLE.includes(document.mimeType) && (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('processing.documents.previewOf', { title: document.title })}
                          onClick={() => setPreviewed(document)}
                        >
                          {t('processing.documents.preview')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        component="a"
                        href={fileUrl(code, document.walletDocumentId, true)}
                        download
                        aria-label={t('processing.documents.downloadOf', { title: document.title })}
                      >
                        {t('processing.documents.download')}
                      </Button>
                    </Group>
                  ) : (
                    <Text fz="sm" c="dimmed">
                      {t('processing.documents.noFile')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
          <Text fz="xs" c="dimmed">
            {t('processing.documents.help')}
          </Text>
        </Stack>
      )}

      {previewed && (
        <Modal
          opened
          onClose={() => setPreviewed(null)}
          title={t('processing.documents.previewOf', { title: previewed.title })}
          closeButtonProps={{ 'aria-label': t('processing.closeDialog') }}
          size="xl"
        >
          <Stack gap="sm">
            {previewed.mimeType === 'application/pdf' ? (
              <iframe
                src={fileUrl(code, previewed.walletDocumentId)}
                title={t('processing.documents.frameTitle', { title: previewed.title })}
                style={{ width: '100%', height: '70vh', border: '1px solid var(--mantine-color-gray-4)' }}
              />
            ) : (
              <Image
                src={fileUrl(code, previewed.walletDocumentId)}
                alt={t('processing.documents.frameTitle', { title: previewed.title })}
                fit="contain"
                mah="70vh"
              />
            )}
            <Anchor href={fileUrl(code, previewed.walletDocumentId, true)} download fz="sm">
              {t('processing.documents.downloadOf', { title: previewed.title })}
            </Anchor>
          </Stack>
        </Modal>
      )}
    </SectionPanel>
  )
}
