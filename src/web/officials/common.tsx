// Small pieces shared by the officials' pages: access guard, procedure names, deadlines, state badge.
import { Badge, Group, Text } from '@mantine/core'
import { type ReactNode, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProcedureSummary } from '../api/citizen'
import { api } from '../api/client'
import { pastAppointment } from '../api/dossier-states'
import type { Page } from '../api/types'
import { isAgencyAdmin, isOfficial, useSession } from '../app/session'
import { Forbidden } from '../components/Forbidden'
import { RequireAuth } from '../components/RequireAuth'
import { usePageTitle } from '../components/usePageTitle'
import { formatDateTime } from '../i18n/format'
import type { DossierItem } from './api'

/** Signed-in officials only (or agency/system administrators with `admin`); others get a 403 page. */
export function RequireOfficial({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  return (
    <RequireAuth>
      <Guard admin={admin}>{children}</Guard>
    </RequireAuth>
  )
}

function Guard({ children, admin }: { children: ReactNode; admin: boolean }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const allowed = admin ? isAgencyAdmin(me) : isOfficial(me)
  if (!allowed) return <ForbiddenPage message={admin ? t('forbidden.admin') : t('forbidden.workspace')} />
  return <>{children}</>
}

function ForbiddenPage({ message }: { message: string }) {
  const { t } = useTranslation()
  usePageTitle(t('forbidden.title'))
  return <Forbidden message={message} />
}

let namesCache: Promise<Map<string, ProcedureSummary>> | null = null

/** Every procedure in force, by code (fetched once per page load). */
export function useProcedureNames(): Map<string, ProcedureSummary> {
  const [names, setNames] = useState<Map<string, ProcedureSummary>>(new Map())
  useEffect(() => {
    namesCache ??= api
      .get<Page<ProcedureSummary>>('/procedures', { pageSize: 200 })
      .then((page) => new Map(page.items.map((p) => [p.code, p])))
      .catch((err) => {
        namesCache = null
        throw err
      })
    let live = true
    namesCache.then((map) => live && setNames(map)).catch(() => undefined)
    return () => {
      live = false
    }
  }, [])
  return names
}

/** Forget the cached procedure names (after an administrator saves a new version). */
export function forgetProcedureNames(): void {
  namesCache = null
}

/** A step inside the state ("Chờ phê duyệt": handed over to the leader), beside the state badge. */
export function StageBadge({ stage }: { stage: string }) {
  const { t } = useTranslation()
  return (
    <Badge variant="outline" color="blue.9" tt="none" component="span" data-stage={stage}>
      {t(`workspace.stage.${stage}`, { defaultValue: stage })}
    </Badge>
  )
}

function WarningIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1l7 13H1z" fill="currentColor" />
      <path d="M8 6v4M8 11.5v1" stroke="#fff" strokeWidth="1.6" />
    </svg>
  )
}

export type DeadlineKind = 'reception' | 'appointment'

/** Which deadline matters for a dossier: the 8-working-hour reception deadline while it is new, else the appointment. */
export function deadlineOf(dossier: DossierItem): { kind: DeadlineKind; at: string; late: boolean } {
  const now = Date.now()
  if (dossier.status === 'new') {
    return { kind: 'reception', at: dossier.receptionDueAt, late: Date.parse(dossier.receptionDueAt) < now }
  }
  return { kind: 'appointment', at: dossier.dueAt, late: pastAppointment(dossier, now) }
}

/** A deadline, in red with an icon and the word "Quá hạn" when passed (never colour alone). */
export function Deadline({ dossier, showKind = false }: { dossier: DossierItem; showKind?: boolean }) {
  const { t } = useTranslation()
  const { kind, at, late } = deadlineOf(dossier)
  return (
    <Text span fz="sm" c={late ? 'red.9' : undefined} fw={late ? 600 : undefined}>
      {showKind && <>{t(`workspace.deadline.${kind}`)}: </>}
      <time dateTime={at}>{formatDateTime(at)}</time>
      {late && (
        <Group gap={4} component="span" wrap="nowrap" style={{ display: 'inline-flex', marginLeft: 6 }}>
          <WarningIcon />
          {kind === 'reception' ? t('workspace.lateReception') : t('workspace.late')}
        </Group>
      )}
      {!late && dossier.paused && (
        <Text span fz="xs" c="dimmed" ml={6}>
          ({t('workspace.pausedShort')})
        </Text>
      )}
    </Text>
  )
}
