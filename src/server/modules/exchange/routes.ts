import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../identity/types'
import {
  certifySubsystem,
  createMember,
  createSubsystem,
  createSystem,
  listClients,
  listMembers,
  listServices,
  listSystems,
  publishService,
} from './directory.service'
import { exchange } from './gateway.service'
import { createGrant, listGrants, withdrawGrant } from './grants.service'
import { verifyExchangeLog } from './log.service'
import {
  CertificateBody,
  CertificateSchema,
  ClientSchema,
  GrantBody,
  GrantSchema,
  GrantsQuery,
  LogReportSchema,
  METHODS,
  MemberBody,
  MemberSchema,
  ServiceBody,
  ServiceSchema,
  SubsystemBody,
  SubsystemSchema,
  SystemBody,
  SystemSchema,
  TrackedReadsQuery,
  TrackedReadsSchema,
  UuidParams,
  WithdrawalBody,
} from './routes.schema'
import { readsOf } from './tracker.service'

const tags = ['exchange']
/** Who registers members, systems, subsystems and services and grants access: administrators. */
const ADMINS: { roles: Role[] } = { roles: ['agency_admin', 'system_admin'] }

export const GATEWAY_URL = '/r1/:instance/:memberClass/:memberCode/:subsystemCode/:serviceCode/*'

const administration: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/exchange/members',
    {
      config: { access: ADMINS },
      schema: { tags, summary: 'Members of the exchange', response: { 200: Type.Array(MemberSchema) } },
    },
    async () => listMembers(db),
  )
  app.post(
    '/api/v1/exchange/members',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Register an agency (GOV) or business (COM) as a member',
        body: MemberBody,
        response: { 201: MemberSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createMember(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/exchange/systems',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Registered information systems',
        response: { 200: Type.Array(SystemSchema) },
      },
    },
    async () => listSystems(db),
  )
  app.post(
    '/api/v1/exchange/systems',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: "Register a member's information system",
        body: SystemBody,
        response: { 201: SystemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createSystem(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/exchange/subsystems',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Every subsystem (X-Road listClients)',
        response: { 200: Type.Array(ClientSchema) },
      },
    },
    async () => listClients(db),
  )
  app.post(
    '/api/v1/exchange/subsystems',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: "Register a member's subsystem",
        body: SubsystemBody,
        response: { 201: SubsystemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSubsystem(db, request.principal!, request.body)),
  )
  app.post(
    '/api/v1/exchange/subsystems/certificates',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary:
          "Sen's CA certifies a subsystem's public key: its signed client assertions are then accepted",
        body: CertificateBody,
        response: { 201: CertificateSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await certifySubsystem(db, request.principal!, request.body.subsystemId, request.body.publicKeyPem),
        ),
  )

  app.get(
    '/api/v1/exchange/services',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Services offered on the exchange',
        response: { 200: Type.Array(ServiceSchema) },
      },
    },
    async () => listServices(db),
  )
  app.post(
    '/api/v1/exchange/services',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary:
          'A provider subsystem publishes a REST service: OpenAPI document, backend, personal data or not',
        body: ServiceBody,
        response: { 201: ServiceSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishService(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/exchange/grants',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Grants of my services and held by my subsystems',
        querystring: GrantsQuery,
        response: { 200: Type.Array(GrantSchema) },
      },
    },
    async (request) => listGrants(db, request.principal!, request.query),
  )
  app.post(
    '/api/v1/exchange/grants',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'The provider grants a client one method on paths of a service, for purposes, until a date',
        body: GrantBody,
        response: { 201: GrantSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createGrant(db, request.principal!, request.body)),
  )
  app.post(
    '/api/v1/exchange/grants/:id/withdrawal',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary:
          'The provider withdraws a grant: refused from this moment on (the grant itself stays, append-only)',
        params: UuidParams,
        body: WithdrawalBody,
        response: { 201: GrantSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await withdrawGrant(db, request.principal!, request.params.id, request.body.reason)),
  )

  app.get(
    '/api/v1/exchange/my-reads',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags,
        summary:
          'My data tracker: every read of my data, by which agency and system, for what purpose, under which grant or consent',
        querystring: TrackedReadsQuery,
        response: { 200: TrackedReadsSchema },
      },
    },
    async (request) => {
      const principal = request.principal!
      const subject = principal.pin ?? principal.taxCode
      if (!subject) return { items: [], total: 0 }
      return readsOf(
        db,
        { subject, userId: principal.userId },
        { page: request.query.page ?? 1, pageSize: request.query.pageSize ?? 50 },
      )
    },
  )

  app.get(
    '/api/v1/exchange/log/verification',
    {
      config: { access: { roles: ['system_admin'] } },
      schema: {
        tags,
        summary: "Seal what is logged, then check the message log's hash chain and every batch's signature",
        response: { 200: LogReportSchema },
      },
    },
    async () => verifyExchangeLog(db),
  )
}

/**
 * The gateway itself, X-Road's REST shape. Not a person's route: the caller is a system, known by its
 * signed client assertion (client-auth.ts), so no session is read. Bodies pass through as bytes.
 */
const gateway: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.route({
    method: [...METHODS],
    url: GATEWAY_URL,
    schema: {
      tags,
      summary:
        'Call a service through the gateway (X-Road-Client, X-Road-Id, X-Road-UserId, X-Road-Issue, X-Road-Client-Assertion)',
    },
    handler: async (request, reply) => {
      // The path under the service exactly as sent (not decoded): the client's assertion signs it.
      const parts = request.url.split('/')
      const serviceId = parts.slice(2, 7).join('/')
      const path = `/${parts.slice(7).join('/')}`
      const body = Buffer.isBuffer(request.body) ? request.body : null
      const answer = await exchange(db, {
        method: request.method,
        serviceId,
        path,
        headers: request.headers,
        body: body && body.length > 0 ? body : null,
      })
      return reply.code(answer.status).headers(answer.headers).send(answer.body)
    },
  })
}

export const exchangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(administration)
  await app.register(gateway)
}
