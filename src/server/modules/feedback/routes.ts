import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { getDossierFor } from '../dossiers/service'
import {
  DossierParams,
  DossierRatingSchema,
  RatingBody,
  RatingSchema,
  RatingsPageSchema,
  RatingsQuery,
} from './routes.schema'
import { agencyRatings, rateDossier, ratingOf } from './service'

export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.post(
    '/api/v1/dossiers/:code/rating',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags: ['feedback'],
        summary: 'Rate the service once the result is out: satisfied, acceptable or dissatisfied',
        params: DossierParams,
        body: RatingBody,
        response: { 201: RatingSchema },
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
        params: DossierParams,
        response: { 200: DossierRatingSchema },
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
        querystring: RatingsQuery,
        response: { 200: RatingsPageSchema },
      },
    },
    async (request) => agencyRatings(db, request.principal!, request.query),
  )
}
