import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { issueSignerKey } from '../signing/service'
import { SESSION_COOKIE, sessionCookieOptions } from './plugin'
import {
  AccountSchema,
  AgencyId,
  AgencySchema,
  LoginBody,
  MeSchema,
  NewAgencyBody,
  NewOfficialBody,
  Paging,
} from './routes.schema'
import {
  assertCanGrant,
  authenticate,
  beginTotpEnrolment,
  closeSession,
  confirmTotpEnrolment,
  createAccount,
  createAgency,
  getAccount,
  getAgency,
  listAgencies,
  listOfficials,
  openSession,
  readAccount,
} from './service'
import type { Access } from './types'
import { vneidRoutes } from './vneid.routes'

const ADMINS: Access = { roles: ['agency_admin', 'system_admin'] }
// Login is the target of password guessing: a tight limit per client address.
const loginLimit = { max: 20, timeWindow: '1 minute' }

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  await app.register(vneidRoutes)

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', rateLimit: loginLimit },
      schema: {
        tags: ['identity'],
        summary: 'Log in; sets the session cookie',
        body: LoginBody,
        response: { 200: Type.Object({ user: AccountSchema, csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const userId = await authenticate(db, { ...request.body, address: request.ip })
      const session = await openSession(db, userId, 'cookie')
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(app.config))
      return { user: await getAccount(db, userId), csrfToken: session.csrfToken }
    },
  )

  app.post(
    '/api/v1/auth/token',
    {
      config: { access: 'public', rateLimit: loginLimit },
      schema: {
        tags: ['identity'],
        summary: 'Issue a bearer token for a program',
        body: LoginBody,
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
        },
      },
    },
    async (request) => {
      const userId = await authenticate(db, { ...request.body, address: request.ip })
      const session = await openSession(db, userId, 'bearer')
      return { token: session.token, expiresAt: session.expiresAt.toISOString() }
    },
  )

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['identity'], summary: 'End this session or token' },
    },
    async (request, reply) => {
      await closeSession(db, request.principal!)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['identity'], summary: 'The logged-in account', response: { 200: MeSchema } },
    },
    async (request) => {
      const principal = request.principal!
      const account = await getAccount(db, principal.userId)
      return {
        ...account,
        csrfToken: principal.via === 'cookie' ? principal.csrfToken : null,
        login: { method: principal.method, assurance: principal.assurance },
      }
    },
  )

  app.post(
    '/api/v1/me/totp/setup',
    {
      config: { access: { kinds: ['official'] } },
      schema: {
        tags: ['identity'],
        summary: 'Start enrolling an authenticator app (officials)',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }) },
      },
    },
    async (request) => beginTotpEnrolment(db, request.principal!),
  )

  app.post(
    '/api/v1/me/totp/confirm',
    {
      config: { access: { kinds: ['official'] } },
      schema: {
        tags: ['identity'],
        summary: 'Confirm the authenticator app with a code; required at every login afterwards',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      await confirmTotpEnrolment(db, request.principal!, request.body.code)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/agencies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Agencies: the children of parentId, the roots, or a search',
        querystring: Type.Object(
          {
            parentId: Type.Optional(AgencyId),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AgencySchema), total: Type.Integer() }) },
      },
    },
    async (request) => listAgencies(db, request.query),
  )

  app.get(
    '/api/v1/agencies/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'One agency',
        params: Type.Object({ id: AgencyId }),
        response: { 200: AgencySchema },
      },
    },
    async (request) => getAgency(db, request.params.id),
  )

  app.post(
    '/api/v1/agencies',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['identity'],
        summary: 'Create an agency under one in your jurisdiction',
        body: NewAgencyBody,
        response: { 201: AgencySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createAgency(db, request.principal, request.body)),
  )

  app.get(
    '/api/v1/users',
    {
      config: { access: { roles: ['agency_admin', 'system_admin', 'leader'] } },
      schema: {
        tags: ['identity'],
        summary: 'Officials of an agency in your jurisdiction and of the agencies below it',
        querystring: Type.Object(
          { agencyId: Type.Optional(AgencyId), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AccountSchema), total: Type.Integer() }) },
      },
    },
    async (request) => listOfficials(db, request.principal!, request.query),
  )

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['identity'],
        summary: 'One account: your own, or an official in your jurisdiction',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: AccountSchema },
      },
    },
    async (request) => readAccount(db, request.principal!, request.params.id),
  )

  app.post(
    '/api/v1/users',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['identity'],
        summary: 'Create an official in an agency of your jurisdiction',
        body: NewOfficialBody,
        response: { 201: AccountSchema },
      },
    },
    async (request, reply) => {
      assertCanGrant(request.principal!, request.body.roles)
      const account = await createAccount(db, request.principal, { ...request.body, kind: 'official' })
      // A leader signs results: their personal key is issued now, not at their first approval.
      await issueSignerKey(db, account)
      return reply.code(201).send(account)
    },
  )
}
