import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../config'
import { forbidden, unauthenticated } from '../../errors'
import { csrfFailed } from './errors'
import { resolveSession, SESSION_HOURS } from './sessions.service'
import type { Access, Principal } from './types'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Who may call this route. Required on every /api route: a route without it does not start. */
    access?: Access
  }
}

export const SESSION_COOKIE = 'sen_session'

/** The session cookie's attributes, whichever way the login was made. */
export function sessionCookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Over HTTPS only, wherever Sen is served over HTTPS (or in production, which must be).
    secure: config.env === 'production' || config.publicUrl.startsWith('https:'),
    signed: true,
    maxAge: SESSION_HOURS.cookie * 3600,
  }
}
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
}

/** May this principal call a route with this access rule? */
export function allows(access: Access, principal: Principal | null): boolean {
  if (access === 'public') return true
  if (!principal) return false
  if (access === 'authenticated') return true
  if ('kinds' in access) return access.kinds.includes(principal.kind)
  return access.roles.some((role) => principal.roles.includes(role))
}

/**
 * Resolves who is asking (bearer token or session cookie), checks the CSRF token of
 * cookie sessions on state-changing requests, and enforces each route's access rule.
 */
export const identityPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', null)

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`)
    }
  })

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access
    if (!access) return
    const bearer = bearerToken(request)
    if (bearer) {
      request.principal = await resolveSession(app.db, bearer, 'bearer')
    } else {
      const cookie = request.cookies[SESSION_COOKIE]
      const unsigned = cookie ? request.unsignCookie(cookie) : undefined
      if (unsigned?.valid && unsigned.value) {
        request.principal = await resolveSession(app.db, unsigned.value, 'cookie')
        // A cross-site page can make the browser send the cookie, but cannot read this token.
        if (request.principal && UNSAFE.has(request.method)) {
          if (request.headers['x-csrf-token'] !== request.principal.csrfToken) throw csrfFailed()
        }
      }
    }
    if (allows(access, request.principal)) return
    throw request.principal ? forbidden() : unauthenticated()
  })
})
