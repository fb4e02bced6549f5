// Pieces shared by the governance pages: who may open them, the agency picker, shares as text.
import { Select } from '@mantine/core'
import { type ReactNode, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import type { Me, Page } from '../api/types'
import { useSession } from '../app/session'
import { Forbidden } from '../components/Forbidden'
import { RequireAuth } from '../components/RequireAuth'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { localName } from '../i18n/names'
import type { AgencyRef } from './api'

const FOLLOWERS = ['leader', 'agency_admin', 'system_admin']
const ENTERERS = ['agency_admin', 'system_admin']

/** Leaders and administrators follow the governance records of their agency and the ones below it. */
export const followsGovernance = (me: Me | null) => !!me && me.roles.some((r) => FOLLOWERS.includes(r))
/** Administrators enter them. */
export const entersGovernance = (me: Me | null) => !!me && me.roles.some((r) => ENTERERS.includes(r))

export function RequireFollower({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <Guard>{children}</Guard>
    </RequireAuth>
  )
}

function Guard({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const { me } = useSession()
  if (!followsGovernance(me)) return <ForbiddenPage message={t('governance.forbidden')} />
  return <>{children}</>
}

function ForbiddenPage({ message }: { message: string }) {
  const { t } = useTranslation()
  usePageTitle(t('forbidden.title'))
  return <Forbidden message={message} />
}

interface AgencyItem extends AgencyRef {
  level: string
}

/** The official's agency and the agencies right below it, for the pickers. */
export function useAgencyChoices(): AgencyItem[] {
  const { me } = useSession()
  const [items, setItems] = useState<AgencyItem[]>([])
  const own = me?.agency?.id
  useEffect(() => {
    if (!own) return
    let live = true
    Promise.all([
      api.get<AgencyItem>(`/agencies/${own}`),
      api.get<Page<AgencyItem>>('/agencies', { parentId: own, pageSize: 200 }),
    ])
      .then(([agency, children]) => live && setItems([agency, ...children.items]))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [own])
  return items
}

export function AgencySelect({
  label,
  value,
  onChange,
  required,
  exclude,
  description,
}: {
  label: string
  value: string | null
  onChange: (id: string | null) => void
  required?: boolean
  exclude?: string[]
  description?: string
}) {
  const choices = useAgencyChoices()
  return (
    <Select
      label={label}
      description={description}
      searchable
      required={required}
      value={value}
      onChange={onChange}
      nothingFoundMessage="—"
      data={choices
        .filter((a) => !exclude?.includes(a.id))
        .map((a) => ({ value: a.id, label: localName(a) }))}
    />
  )
}

/** "87,5%" in Vietnamese, "87.5%" in English; a dash when there is nothing to divide by. */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '—'
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(part / whole)
}
