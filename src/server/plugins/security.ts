import type { IncomingMessage, ServerResponse } from 'node:http'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import { AppError } from '../errors'

/**
 * Security headers on every response and a rate limit on every route (tighter where routes say so).
 * Pages and files get helmet's headers; API answers get those of OWASP's REST Security Cheat Sheet.
 */
export const securityPlugin = fp(async (app: FastifyInstance) => {
  const pageHeaders = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Mantine writes its CSS variables into a <style> element at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Only where Sen is served over TLS; a LAN trial on plain HTTP would otherwise break.
          upgradeInsecureRequests: app.config.env === 'production' ? [] : null,
        },
      },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  )
  // JSON is never a document: the headers that govern documents (opener, referrer, DNS prefetch,
  // origin-keyed agents…) mean nothing there. It gets a policy that allows nothing, and is not kept
  // by caches, since most answers hold personal data (a route may allow caching of its own).
  const apiHeaders: Record<string, string> = {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'strict-transport-security': pageHeaders['strict-transport-security']!,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  }
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/') ? apiHeaders : pageHeaders)
    done()
  })
  await app.register(rateLimit, {
    global: true,
    max: app.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'RATE_LIMITED', {
        vi: `Quá nhiều yêu cầu. Vui lòng thử lại sau ${Math.ceil(context.ttl / 1000)} giây.`,
        en: `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      }),
  })
})

/**
 * The headers a helmet middleware sets, taken once. With no function among its directives (no
 * nonces) they are the same on every response, so they can be chosen per answer (page or API) and
 * set through Fastify instead of running helmet on the raw response at every request.
 */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    },
  }
  let finished = false
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
    finished = true
  })
  if (!finished) throw new Error('helmet did not set its headers at once')
  return headers
}
