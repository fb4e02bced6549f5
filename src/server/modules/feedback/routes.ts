import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DossierCode } from '../dossiers/routes.schema'
import { getDossierFor } from '../dossiers/service'
import { agencyRatings, rateDossier, ratingOf, SCORES } from './service'

export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.post(
    '/api/v1/dossiers/:code/rating',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags: ['feedback'],
        summary: 'Rate the service once the result is out: satisfied, acceptable or dissatisfied',
        params: Type.Object({ code: DossierCode }),
        body: Type.Object(
          { score: Type.Enum(SCORES), comment: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            dossierCode: Type.String(),
            score: Type.String(),
            comment: Type.Union([Type.String(), Type.Null()]),
            createdAt: Type.String(),
          }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rateDossier(db, request.principal!, request.params.code, request.body)),
  )

  app.get(
    '/api/v1/dossiers/:code/rating',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['feedback'],
        summary: 'The rating given to a dossier (its applicant and the officials handling it)',
        params: Type.Object({ code: DossierCode }),
      },
    },
    async (request) => {
      await getDossierFor(db, request.principal!, request.params.code)
      return { rating: await ratingOf(db, request.params.code) }
    },
  )

  app.get(
    '/api/v1/ratings',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader', 'agency_admin', 'system_admin'] } },
      schema: {
        tags: ['feedback'],
        summary: "My agency's ratings (and its children's), with counts per score",
        querystring: Type.Object(
          {
            agencyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]*$', maxLength: 32 })),
            page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => agencyRatings(db, request.principal!, request.query),
  )
}
