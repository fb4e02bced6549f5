import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Access } from '../identity/types'
import {
  CodeParams,
  FacetQuery,
  ProcedureDetailSchema,
  ProcedureInputSchema,
  ProcedureListQuery,
  ProcedureSummarySchema,
  TermCountSchema,
  VersionSchema,
} from './routes.schema'
import {
  createProcedureVersion,
  getProcedure,
  lifeEventCounts,
  listProcedures,
  listProcedureVersions,
  sectorCounts,
} from './service'
import type { Procedure } from './types'

const ADMINS: Access = { roles: ['agency_admin', 'system_admin'] }

/** A version as the API shows it: the form's schema and uiSchema apart, the workflow by id and in full. */
function detail(p: Procedure) {
  const { form, workflow, createdBy: _author, ...rest } = p
  return {
    ...rest,
    formSchema: form.schema,
    uiSchema: form.uiSchema ?? null,
    workflowId: workflow.id,
    workflow,
    createdAt: p.createdAt.toISOString(),
  }
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/procedures',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Procedures in force: search (with or without diacritics) or browse by sector and life event',
        querystring: ProcedureListQuery,
        response: { 200: Type.Object({ items: Type.Array(ProcedureSummarySchema), total: Type.Integer() }) },
      },
    },
    async (request) => listProcedures(db, request.query),
  )

  app.get(
    '/api/v1/procedures/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'The version of a procedure in force today, with its form, documents, fee and workflow',
        params: CodeParams,
        response: { 200: ProcedureDetailSchema },
      },
    },
    async (request) => detail(await getProcedure(db, request.params.code)),
  )

  app.get(
    '/api/v1/procedures/:code/versions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Every version of a procedure, newest first',
        params: CodeParams,
        response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) },
      },
    },
    async (request) => ({
      items: (await listProcedureVersions(db, request.params.code)).map((v) => ({
        ...v,
        createdAt: v.createdAt.toISOString(),
      })),
    }),
  )

  app.post(
    '/api/v1/procedures',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['catalog'],
        summary: 'Create a new version of a procedure (or its first), effective from its date',
        body: ProcedureInputSchema,
        response: { 201: ProcedureDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(detail(await createProcedureVersion(db, request.principal, request.body))),
  )

  app.get(
    '/api/v1/sectors',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Sectors with the number of procedures in force in each, among those the search and the other filters find',
        querystring: FacetQuery,
        response: { 200: Type.Object({ items: Type.Array(TermCountSchema) }) },
      },
    },
    async (request) => ({ items: await sectorCounts(db, request.query) }),
  )

  app.get(
    '/api/v1/life-events',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Life events with the number of procedures in force tagged with each, among those the search and the other filters find',
        querystring: FacetQuery,
        response: { 200: Type.Object({ items: Type.Array(TermCountSchema) }) },
      },
    },
    async (request) => ({ items: await lifeEventCounts(db, request.query) }),
  )
}
