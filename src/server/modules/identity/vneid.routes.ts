import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../../config'
import { SESSION_COOKIE, sessionCookieOptions } from './plugin'
import { AccountSchema, ReturnTo, VneidCallbackBody } from './routes.schema'
import { getAccount } from './service'
import { beginVneidLogin, finishVneidLogin, type VneidSettings } from './vneid.service'

/** The browser's own login under way: its state, compared with what the provider sends back. */
export const VNEID_COOKIE = 'sen_vneid'
const VNEID_PATH = '/api/v1/auth/vneid'
const loginLimit = { max: 20, timeWindow: '1 minute' }

/** Sen's client at the national identity provider, when one is configured. */
export function vneidSettings(config: Config): VneidSettings | null {
  const { issuer, clientId, clientSecret } = config.vneid
  if (!issuer || !clientSecret) return null
  return { issuer, clientId, clientSecret, redirectUri: `${config.publicUrl}/login/vneid` }
}

export const vneidRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const settings = vneidSettings(app.config)

  app.get(
    '/api/v1/auth/methods',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'How one can log in here: password, and the national identity provider when connected',
        response: { 200: Type.Object({ password: Type.Boolean(), vneid: Type.Boolean() }) },
      },
    },
    async () => ({ password: true, vneid: settings !== null }),
  )

  app.get(
    `${VNEID_PATH}/start`,
    {
      config: { access: 'public', rateLimit: loginLimit },
      schema: {
        tags: ['identity'],
        summary: 'Leave for the national identity provider to log in (a redirect)',
        querystring: Type.Object({ returnTo: Type.Optional(ReturnTo) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { url, state } = await beginVneidLogin(db, settings, request.query.returnTo ?? '/')
      reply.setCookie(VNEID_COOKIE, state, {
        path: VNEID_PATH,
        httpOnly: true,
        // Lax: it must come along when the provider sends the browser back.
        sameSite: 'lax',
        secure: sessionCookieOptions(app.config).secure,
        signed: true,
        maxAge: 600,
      })
      return reply.redirect(url, 302)
    },
  )

  app.post(
    `${VNEID_PATH}/callback`,
    {
      config: { access: 'public', rateLimit: loginLimit },
      schema: {
        tags: ['identity'],
        summary: "Finish the login with the provider's answer (the query it sent the browser back with)",
        body: VneidCallbackBody,
        response: {
          200: Type.Object({
            user: AccountSchema,
            csrfToken: Type.String(),
            returnTo: Type.String(),
            assurance: Type.Integer(),
          }),
        },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[VNEID_COOKIE]
      const unsigned = cookie ? request.unsignCookie(cookie) : undefined
      // Whatever comes of it, this login is over: its cookie goes.
      reply.clearCookie(VNEID_COOKIE, { path: VNEID_PATH })
      const params = Object.fromEntries(
        Object.entries(request.body).filter((entry): entry is [string, string] => entry[1] !== undefined),
      )
      const login = await finishVneidLogin(db, settings, {
        params,
        browserState: unsigned?.valid ? (unsigned.value ?? undefined) : undefined,
      })
      reply.setCookie(SESSION_COOKIE, login.token, sessionCookieOptions(app.config))
      return {
        user: await getAccount(db, login.userId),
        csrfToken: login.csrfToken,
        returnTo: login.returnTo,
        assurance: login.assurance,
      }
    },
  )
}
