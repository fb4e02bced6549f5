import { Alert, Anchor, Button, CloseButton, Group, Stack, Text } from '@mantine/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api } from '../api/client'
import type { Agency } from '../api/types'
import { StatusBadge } from '../components/Badges'
import { DeclaredDataPanel } from '../components/DeclaredDataPanel'
import { DossierHeading } from '../components/DossierHeading'
import { DossierTimeline } from '../components/DossierTimeline'
import { LabelValueList, LabelValueRow } from '../components/LabelValueList'
import { isNotFound, LoadState } from '../components/LoadState'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { formatDateTime, formatVnd, stateName } from '../i18n/format'
import { localName } from '../i18n/names'
import { ActionsPanel } from './ActionsPanel'
import { AttachedDocumentsPanel } from './AttachedDocumentsPanel'
import type { DossierDetail, Procedure } from './api'
import { Deadline, RequireOfficial, StageBadge } from './common'
import { RegistryPanel } from './RegistryPanel'

export function WorkspaceDossierPage() {
  return (
    <RequireOfficial>
      <DossierView />
    </RequireOfficial>
  )
}

function DossierView() {
  const { t, i18n } = useTranslation()
  const { code = '' } = useParams()
  const [detail, setDetail] = useState<DossierDetail | null>(null)
  const [procedure, setProcedure] = useState<Procedure | null>(null)
  const [agencies, setAgencies] = useState<Record<string, Agency>>({})
  const [error, setError] = useState<unknown>(null)
  const [success, setSuccess] = useState<string | null>(null)
  const successRef = useRef<HTMLDivElement>(null)
  usePageTitle(t('processing.title', { code }))

  const load = useCallback(async () => {
    try {
      const next = await api.get<DossierDetail>(`/dossiers/${encodeURIComponent(code)}`)
      setDetail(next)
      setError(null)
      return next
    } catch (err) {
      setError(err)
      return null
    }
  }, [code])

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload once per dossier and language
  useEffect(() => {
    setSuccess(null)
    void load().then((next) => {
      if (!next) return
      const { dossier } = next
      api
        .get<Procedure>(`/procedures/${encodeURIComponent(dossier.procedureCode)}`)
        .then(setProcedure)
        .catch(() => setProcedure(null))
      for (const id of new Set([dossier.receivingAgencyId, dossier.competentAgencyId])) {
        api
          .get<Agency>(`/agencies/${encodeURIComponent(id)}`)
          .then((agency) => setAgencies((previous) => ({ ...previous, [id]: agency })))
          .catch(() => undefined)
      }
    })
  }, [code, i18n.language])

  const onDone = async (message: string) => {
    await load()
    setSuccess(message)
    window.setTimeout(() => successRef.current?.focus(), 50)
  }

  if (!detail || isNotFound(error)) return <LoadState title={t('processing.title', { code })} error={error} />

  const { dossier } = detail
  const en = currentLanguage() === 'en'
  const procedureName = en ? detail.procedureNameEn : detail.procedureName
  const agencyName = (id: string) => (agencies[id] ? `${localName(agencies[id])} (${id})` : id)

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/workspace" fz="sm">
        ← {t('processing.backToWorkspace')}
      </Anchor>
      <DossierHeading
        title={t('processing.title', { code: dossier.code })}
        procedureName={procedureName}
        badge={
          <Group gap={6} component="span">
            <StatusBadge status={dossier.status} />
            {dossier.stage && <StageBadge stage={dossier.stage} />}
          </Group>
        }
        pausedLabel={dossier.paused ? t('processing.paused') : null}
      />

      {success && (
        <Alert
          ref={successRef}
          tabIndex={-1}
          color="green"
          variant="light"
          role="status"
          data-testid="action-success"
        >
          <Group justify="space-between" wrap="nowrap">
            <Text>{success}</Text>
            <CloseButton aria-label={t('processing.dismiss')} onClick={() => setSuccess(null)} />
          </Group>
        </Alert>
      )}

      <ActionsPanel detail={detail} onDone={onDone} />

      {dossier.resultDocumentId && (
        <SectionPanel id="result-title" title={t('processing.resultTitle')} titleGap="xs" bg="green.0">
          <Text mb="md">
            {dossier.decisionSigned ? t('processing.resultSigned') : t('processing.resultIssued')}
          </Text>
          <Group>
            <Button component={Link} to={`/verify/${dossier.resultDocumentId}`} data-testid="result-link">
              {t('processing.verifyResult')}
            </Button>
            <Button
              component="a"
              variant="default"
              href={`/api/v1/dossiers/${encodeURIComponent(dossier.code)}/result.pdf`}
              download
            >
              {t('processing.downloadResult')}
            </Button>
          </Group>
        </SectionPanel>
      )}

      <SectionPanel id="summary-title" title={t('processing.summary')}>
        <LabelValueList labelWidth={240}>
          <LabelValueRow label={t('processing.code')}>{dossier.code}</LabelValueRow>
          <LabelValueRow label={t('processing.procedure')}>
            {procedureName} ({dossier.procedureCode})
          </LabelValueRow>
          <LabelValueRow label={t('processing.applicant')}>
            {detail.applicantName && (
              <Text span fw={600} data-testid="applicant-name">
                {detail.applicantName}
                {' — '}
              </Text>
            )}
            {t(`processing.applicantType.${dossier.applicantType === 2 ? 'business' : 'citizen'}`)}:{' '}
            <Text span ff="monospace">
              {dossier.applicantId}
            </Text>
          </LabelValueRow>
          <LabelValueRow label={t('processing.channel')}>
            {t(`processing.channels.${dossier.channel}`, { defaultValue: String(dossier.channel) })}
          </LabelValueRow>
          <LabelValueRow label={t('processing.receivingAgency')}>
            {agencyName(dossier.receivingAgencyId)}
          </LabelValueRow>
          <LabelValueRow label={t('processing.competentAgency')}>
            {agencyName(dossier.competentAgencyId)}
          </LabelValueRow>
          <LabelValueRow label={t('processing.status')}>
            {stateName(dossier.status)} ({t('workspace.stateCode')} {dossier.statusCode})
          </LabelValueRow>
          {dossier.stage && (
            <LabelValueRow label={t('processing.stage')}>
              {t(`workspace.stage.${dossier.stage}`, { defaultValue: dossier.stage })}
            </LabelValueRow>
          )}
          <LabelValueRow label={t('processing.submittedAt')}>
            {formatDateTime(dossier.submittedAt)}
          </LabelValueRow>
          <LabelValueRow label={t('workspace.deadline.reception')}>
            {dossier.status === 'new' ? (
              <Deadline dossier={dossier} />
            ) : (
              formatDateTime(dossier.receptionDueAt)
            )}
          </LabelValueRow>
          <LabelValueRow label={t('workspace.deadline.appointment')}>
            {dossier.status === 'new' ? formatDateTime(dossier.dueAt) : <Deadline dossier={dossier} />}
          </LabelValueRow>
          <LabelValueRow label={t('processing.clock')}>
            {dossier.paused
              ? dossier.status === 'supplement_requested'
                ? t('processing.pausedSupplement')
                : dossier.status === 'payment_requested'
                  ? t('processing.pausedPayment')
                  : t('processing.paused')
              : t('processing.running')}
          </LabelValueRow>
          <LabelValueRow label={t('processing.fee')}>
            {dossier.feeVnd > 0
              ? `${formatVnd(dossier.feeVnd)} — ${dossier.paid ? t('processing.paid') : t('processing.unpaid')}`
              : formatVnd(0)}
          </LabelValueRow>
          <LabelValueRow label={t('processing.assignee')}>
            {dossier.assigneeId ? t('processing.assigned') : t('processing.notAssigned')}
          </LabelValueRow>
          {dossier.decidedAt && (
            <LabelValueRow label={t('processing.decidedAt')}>
              {formatDateTime(dossier.decidedAt)}
            </LabelValueRow>
          )}
          {dossier.returnedAt && (
            <LabelValueRow label={t('processing.returnedAt')}>
              {formatDateTime(dossier.returnedAt)}
            </LabelValueRow>
          )}
        </LabelValueList>
      </SectionPanel>

      {procedure ? (
        <DeclaredDataPanel
          procedure={procedure}
          data={dossier.data}
          title={t('processing.dataTitle')}
          emptyText={t('processing.noData')}
        />
      ) : null}

      <AttachedDocumentsPanel code={dossier.code} documents={detail.documents} procedure={procedure} />

      {dossier.applicantType === 1 && /^\d{12}$/.test(dossier.applicantId) && (
        <RegistryPanel key={dossier.code} pin={dossier.applicantId} dossierCode={dossier.code} />
      )}

      <DossierTimeline
        history={detail.history}
        audience="official"
        testId="history"
        hideUnchangedStatus
        keepNoteLines
      />
    </Stack>
  )
}
