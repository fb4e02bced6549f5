import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { ApiError, api, setCsrfToken } from '../api/client'
import type { LoginResponse, Me, Role } from '../api/types'

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated'

export interface Session {
  status: SessionStatus
  me: Me | null
  /** CSRF token for state-changing calls; kept in memory only (never in storage). */
  csrfToken: string | null
  /** Store the answer of POST /auth/login. */
  signedIn: (response: LoginResponse) => void
  /** Re-read GET /me (e.g. after enabling TOTP). */
  refresh: () => Promise<void>
  logout: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading')
  const [me, setMe] = useState<Me | null>(null)
  const [csrfToken, setToken] = useState<string | null>(null)

  const apply = useCallback((user: Me | null, token: string | null) => {
    setCsrfToken(token)
    setToken(token)
    setMe(user)
    setStatus(user ? 'authenticated' : 'anonymous')
  }, [])

  const refresh = useCallback(async () => {
    try {
      const user = await api.get<Me>('/me')
      apply(user, user.csrfToken)
    } catch {
      // 401 means "not signed in"; a failing or unreachable server is treated the same way.
      apply(null, null)
    }
  }, [apply])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const signedIn = useCallback(
    (response: LoginResponse) => apply(response.user, response.csrfToken ?? response.user.csrfToken),
    [apply],
  )

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout')
    } catch (err) {
      // A 401 means the session was already gone; anything else we still end locally.
      if (!(err instanceof ApiError)) throw err
    } finally {
      apply(null, null)
    }
  }, [apply])

  const value = useMemo<Session>(
    () => ({ status, me, csrfToken, signedIn, refresh, logout }),
    [status, me, csrfToken, signedIn, refresh, logout],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession must be used inside <SessionProvider>')
  return session
}

export const ADMIN_ROLES: readonly Role[] = ['agency_admin', 'system_admin']

export function isOfficial(me: Me | null): boolean {
  return me?.kind === 'official'
}

/** Citizens and businesses: those who apply, hold a wallet and track their own dossiers. */
export function isApplicant(me: Me | null): boolean {
  return me?.kind === 'citizen' || me?.kind === 'business'
}

export function isAgencyAdmin(me: Me | null): boolean {
  return !!me && me.roles.some((role) => ADMIN_ROLES.includes(role))
}

/** Where to go after logging in: officials to their workspace, everyone else to their account. */
export function homeFor(me: Me): string {
  return me.kind === 'official' ? '/workspace' : '/account'
}
