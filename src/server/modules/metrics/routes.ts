import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { appendAudit } from '../audit/service'
import { refreshBusy } from './errors'
import {
  AgencyId,
  FigureId,
  FigureRecords,
  IndexRanking,
  Paging,
  ProgrammeDashboard,
  ScopeQuery,
  ServiceIndex,
} from './routes.schema'
import {
  assertCanSee,
  indexDefinition,
  indexRanking,
  indicatorById,
  programmeCsv,
  programmeDashboard,
  recordsBehind,
  refreshMetrics,
  scopeOf,
  serviceIndex,
  statusRule,
  targetById,
  targetDecisions,
  targetDefinitions,
} from './service'

const ROOT = 'G00'

export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/metrics/programme',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary:
          'Every target of the programme with its live figure for a scope: the nation for everyone, a province or agency for its leaders and administrators',
        querystring: ScopeQuery,
        response: { 200: ProgrammeDashboard },
      },
    },
    async (request) => programmeDashboard(db, request.principal, request.query.scope ?? ROOT, request.lang),
  )

  app.get(
    '/api/v1/metrics/programme/export',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'The programme figures of a scope as a CSV or JSON file',
        querystring: Type.Object(
          { scope: Type.Optional(AgencyId), format: Type.Enum(['csv', 'json'], { default: 'csv' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const scope = request.query.scope ?? ROOT
      const dashboard = await programmeDashboard(db, request.principal, scope, request.lang)
      const name = `sen-programme-${scope}-${dashboard.asOf.slice(0, 10)}.${request.query.format}`
      reply.header('content-disposition', `attachment; filename="${name}"`)
      if (request.query.format === 'json')
        return reply.type('application/json; charset=utf-8').send(dashboard)
      // A byte-order mark, so that spreadsheet programs read the Vietnamese as UTF-8.
      return reply.type('text/csv; charset=utf-8').send(`\uFEFF${programmeCsv(dashboard, request.lang)}`)
    },
  )

  app.get(
    '/api/v1/metrics/programme/:targetId/records',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'The records behind a target’s numerator in a scope (codes and dates, no personal data)',
        params: Type.Object({ targetId: FigureId }),
        querystring: Type.Object(
          { scope: Type.Optional(AgencyId), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: FigureRecords },
      },
    },
    async (request) => {
      const target = targetById(request.params.targetId)
      const scope = await assertCanSee(db, request.principal, request.query.scope ?? ROOT)
      return recordsBehind(db, { ...request.query, counter: target.numerator, scope: scope.agency })
    },
  )

  app.get(
    '/api/v1/metrics/service-index',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'The 100-point service-quality index of an agency or province, group by group',
        querystring: ScopeQuery,
        response: { 200: ServiceIndex },
      },
    },
    async (request) => serviceIndex(db, request.query.scope ?? ROOT, request.lang),
  )

  app.get(
    '/api/v1/metrics/service-index/ranking',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'Provinces, or the agencies below a scope, ranked by their service-quality index',
        querystring: Type.Object(
          {
            level: Type.Enum(['province', 'agency'], { default: 'province' }),
            scope: Type.Optional(AgencyId),
          },
          { additionalProperties: false },
        ),
        response: { 200: IndexRanking },
      },
    },
    async (request) => indexRanking(db, request.query, request.lang),
  )

  app.get(
    '/api/v1/metrics/service-index/:indicatorId/records',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary:
          'The dossiers (or procedures, documents, ratings) behind an indicator, without personal data',
        params: Type.Object({ indicatorId: FigureId }),
        querystring: Type.Object(
          { scope: Type.Optional(AgencyId), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: FigureRecords },
      },
    },
    async (request) => {
      const indicator = indicatorById(request.params.indicatorId)
      const scope = await scopeOf(db, request.query.scope ?? ROOT)
      return recordsBehind(db, { ...request.query, counter: indicator.numerator, scope: scope.agency })
    },
  )

  app.get(
    '/api/v1/metrics/targets',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'The targets, the decisions that set their thresholds (with dates) and the index definition',
      },
    },
    async () => ({
      targets: targetDefinitions().map(({ id, name, nameEn, source, method, missing }) => ({
        id,
        name,
        nameEn,
        source,
        method,
        measured: !missing,
      })),
      decisions: targetDecisions(),
      status: statusRule(),
      index: indexDefinition(),
    }),
  )

  app.post(
    '/api/v1/metrics/refresh',
    {
      config: { access: { roles: ['system_admin'] } },
      schema: {
        tags: ['metrics'],
        summary: 'Recompute today’s figures now (they are also recomputed every few minutes)',
        response: {
          200: Type.Object({ asOf: Type.String(), durationMs: Type.Integer(), agencies: Type.Integer() }),
        },
      },
    },
    async (request) => {
      const refresh = await refreshMetrics(db)
      if (!refresh) throw refreshBusy()
      await db.transaction((tx) =>
        appendAudit(tx, {
          actorId: request.principal!.userId,
          action: 'metrics.refreshed',
          entity: 'metrics',
          entityId: refresh.day,
          data: { durationMs: refresh.durationMs },
        }),
      )
      return { asOf: refresh.asOf.toISOString(), durationMs: refresh.durationMs, agencies: refresh.agencies }
    },
  )
}
