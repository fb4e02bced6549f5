import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Access } from '../identity/types'
import {
  AuthorisationBody,
  AuthorisationParams,
  AuthorisationSchema,
  AuthorisationsSchema,
} from './routes.schema'
import { grantAuthorisation, listAuthorisations, revokeAuthorisation } from './service'

const APPLICANTS: Access = { kinds: ['citizen', 'business'] }

export const representationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.post(
    '/api/v1/me/authorisations',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['representation'],
        summary:
          'Authorise a person in writing to file the named procedures for me (or my business) until a date',
        body: AuthorisationBody,
        response: { 201: AuthorisationSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await grantAuthorisation(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/me/authorisations',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['representation'],
        summary: 'The authorisations I gave, and those given to me',
        response: { 200: AuthorisationsSchema },
      },
    },
    async (request) => listAuthorisations(db, request.principal!),
  )

  app.post(
    '/api/v1/me/authorisations/:id/revoke',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['representation'],
        summary: 'Withdraw an authorisation I gave',
        params: AuthorisationParams,
        response: { 200: AuthorisationSchema },
      },
    },
    async (request) => revokeAuthorisation(db, request.principal!, request.params.id),
  )
}
