import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { Facet, Procedure } from '../api/citizen'
import { ApiError, api, errorMessage } from '../api/client'
import { OnlineLevelBadge } from '../components/Badges'
import { type LabelValue, LabelValueList } from '../components/LabelValueList'
import { Loading } from '../components/Loading'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { formatProcessingDays, formatVnd, pickName } from '../i18n/format'
import { NotFoundPage } from './NotFoundPage'

/** One procedure: fee, time, competent body, documents required, result, and the way to apply online. */
export function ProcedurePage() {
  const { t, i18n } = useTranslation()
  const { code = '' } = useParams()
  const [procedure, setProcedure] = useState<Procedure | null>(null)
  const [sectors, setSectors] = useState<Facet[]>([])
  const [error, setError] = useState<unknown>(null)
  usePageTitle(procedure ? pickName(procedure) : t('catalog.title'))

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the language changes (messages)
  useEffect(() => {
    setError(null)
    api
      .get<Procedure>(`/procedures/${encodeURIComponent(code)}`)
      .then(setProcedure)
      .catch(setError)
    void api
      .get<{ items: Facet[] }>('/sectors')
      .then((r) => setSectors(r.items))
      .catch(() => undefined)
  }, [code, i18n.language])

  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return <NotFoundPage />
  if (error) {
    return (
      <Stack>
        <Title order={1}>{t('catalog.title')}</Title>
        <Alert color="red" variant="light">
          {errorMessage(error)}
        </Alert>
      </Stack>
    )
  }
  if (!procedure) return <Loading />

  const en = i18n.language === 'en'
  const sector = sectors.find((s) => s.id === procedure.sector)
  const feeNote = en ? (procedure.fee.noteEn ?? procedure.fee.note) : procedure.fee.note
  const online = procedure.fee.onlineAmountVnd
  const rows: LabelValue[] = [
    [t('catalog.code'), procedure.code],
    [t('catalog.sector'), sector ? pickName(sector) : procedure.sector],
    [t('catalog.competentBody'), procedure.competentBody],
    [
      t('catalog.fee'),
      // The amounts once, then the note (which says what the amounts do not: exemptions, who sets it).
      <Stack gap={2} key="fee">
        <Text span>
          {online !== undefined && online !== procedure.fee.amountVnd
            ? t('catalog.onlineFee', {
                online: formatVnd(online),
                inPerson: formatVnd(procedure.fee.amountVnd),
              })
            : formatVnd(procedure.fee.amountVnd)}
        </Text>
        {feeNote && (
          <Text span fz="sm" c="gray.8">
            {feeNote}
          </Text>
        )}
      </Stack>,
    ],
    [t('catalog.processingTime'), formatProcessingDays(procedure.processingDays)],
    [t('catalog.result'), en ? procedure.resultNameEn : procedure.resultName],
  ]

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/procedures" fz="sm">
        ← {t('catalog.backToCatalog')}
      </Anchor>
      <Stack gap="xs">
        <Title order={1}>{pickName(procedure)}</Title>
        <Group gap="xs">
          <OnlineLevelBadge level={procedure.onlineLevel} />
          {procedure.essential && (
            <Badge variant="light" color="blue" c="blue.9" tt="none" component="span">
              {t('catalog.essential')}
            </Badge>
          )}
        </Group>
      </Stack>

      <SectionPanel id="overview-title" title={t('catalog.overview')}>
        <LabelValueList labelWidth={220} rows={rows} />
      </SectionPanel>

      <SectionPanel id="documents-title" title={t('catalog.documents')}>
        {procedure.documents.length === 0 ? (
          <Text>{t('catalog.noDocuments')}</Text>
        ) : (
          <List spacing="xs">
            {procedure.documents.map((doc) => (
              <List.Item key={doc.id}>
                {pickName(doc)}{' '}
                <Text component="span" fz="sm" c="dimmed">
                  ({doc.required ? t('catalog.required') : t('catalog.optional')})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        <Text fz="sm" c="dimmed" mt="sm">
          {t('catalog.walletHint')}
        </Text>
      </SectionPanel>

      {procedure.onlineEligible ? (
        <Group>
          <Button component={Link} to={`/procedures/${procedure.code}/apply`} size="md">
            {t('catalog.applyOnline')}
          </Button>
        </Group>
      ) : (
        <Alert color="blue" variant="light" role="note">
          {t('catalog.notOnline')}
        </Alert>
      )}
    </Stack>
  )
}
