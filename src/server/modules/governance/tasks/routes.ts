import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ENTER_ROLES, FOLLOW_ROLES } from '../scope'
import {
  CompletionBody,
  EvaluationBody,
  ExtensionBody,
  ExtensionDecisionBody,
  ExtensionParams,
  NewTaskBody,
  ReportBody,
  TaskDetailSchema,
  TaskParams,
  TaskSchema,
  TasksPageSchema,
  TasksQuery,
} from './routes.schema'
import {
  createTask,
  decideExtension,
  evaluateTask,
  getTask,
  listTasks,
  reportCompletion,
  reportProgress,
  requestExtension,
} from './service'

const tags = ['governance']

export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/governance/tasks',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary:
          'Tasks assigned by the Government and the Prime Minister in my jurisdiction, with the counts behind ops.tasks',
        querystring: TasksQuery,
        response: { 200: TasksPageSchema },
      },
    },
    async (request) => listTasks(db, request.principal!, request.query),
  )

  app.post(
    '/api/v1/governance/tasks',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary:
          'Record a task assigned in a Government or Prime Minister document, to a lead agency in my jurisdiction',
        body: NewTaskBody,
        response: { 201: TaskSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createTask(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/governance/tasks/:id',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary: 'A task with its progress reports and extension requests',
        params: TaskParams,
        response: { 200: TaskDetailSchema },
      },
    },
    async (request) => getTask(db, request.principal!, request.params.id),
  )

  app.post(
    '/api/v1/governance/tasks/:id/reports',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: "The lead agency's periodic progress report, with its evidence",
        params: TaskParams,
        body: ReportBody,
        response: { 201: TaskDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await reportProgress(db, request.principal!, request.params.id, request.body)),
  )

  app.post(
    '/api/v1/governance/tasks/:id/extensions',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: 'The lead agency asks for a later deadline',
        params: TaskParams,
        body: ExtensionBody,
        response: { 201: TaskDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestExtension(db, request.principal!, request.params.id, request.body)),
  )

  app.post(
    '/api/v1/governance/tasks/:id/extensions/:extensionId/decision',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary: 'The assigning agency grants or refuses an extension request',
        params: ExtensionParams,
        body: ExtensionDecisionBody,
        response: { 200: TaskDetailSchema },
      },
    },
    async (request) =>
      decideExtension(db, request.principal!, request.params.id, request.params.extensionId, request.body),
  )

  app.post(
    '/api/v1/governance/tasks/:id/completion',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: 'The lead agency reports the task completed',
        params: TaskParams,
        body: CompletionBody,
        response: { 200: TaskDetailSchema },
      },
    },
    async (request) => reportCompletion(db, request.principal!, request.params.id, request.body),
  )

  app.post(
    '/api/v1/governance/tasks/:id/evaluation',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary: 'The assigning agency evaluates the task: on time, late or not done',
        params: TaskParams,
        body: EvaluationBody,
        response: { 200: TaskDetailSchema },
      },
    },
    async (request) => evaluateTask(db, request.principal!, request.params.id, request.body),
  )
}
