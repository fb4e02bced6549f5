import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ENTER_ROLES, FOLLOW_ROLES } from '../scope'
import {
  NewRegimeBody,
  PrefillQuery,
  PrefillSchema,
  RegimeDetailSchema,
  RegimeParams,
  RegimeQuery,
  RegimeSchema,
  RegimesPageSchema,
  RegimesQuery,
  SubmissionBody,
  SubmissionSchema,
} from './routes.schema'
import { createRegime, getRegime, listRegimes, prefillReport, submitReport } from './service'

const tags = ['governance']

export const reportingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/governance/reporting/regimes',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary:
          'Reporting regimes that concern my jurisdiction, with how the latest due reports stand (the counts behind ops.reporting)',
        querystring: RegimesQuery,
        response: { 200: RegimesPageSchema },
      },
    },
    async (request) => listRegimes(db, request.principal!, request.query),
  )

  app.post(
    '/api/v1/governance/reporting/regimes',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary:
          'Register a reporting regime received by an agency in my jurisdiction: legal basis, period, indicators, who reports',
        body: NewRegimeBody,
        response: { 201: RegimeSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createRegime(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/governance/reporting/regimes/:id',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary:
          "A regime's period: each reporter's report (submitted, late, missing) and the indicators added up over the scope",
        params: RegimeParams,
        querystring: RegimeQuery,
        response: { 200: RegimeDetailSchema },
      },
    },
    async (request) => getRegime(db, request.principal!, request.params.id, request.query),
  )

  app.get(
    '/api/v1/governance/reporting/regimes/:id/prefill',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary:
          "A reporter's values for a period that Sen holds itself (dossiers, tasks), to prefill its report",
        params: RegimeParams,
        querystring: PrefillQuery,
        response: { 200: PrefillSchema },
      },
    },
    async (request) => prefillReport(db, request.principal!, request.params.id, request.query),
  )

  app.post(
    '/api/v1/governance/reporting/regimes/:id/submissions',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: "A reporter's report for an ended period, each value checked against its indicator",
        params: RegimeParams,
        body: SubmissionBody,
        response: { 201: SubmissionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitReport(db, request.principal!, request.params.id, request.body)),
  )
}
