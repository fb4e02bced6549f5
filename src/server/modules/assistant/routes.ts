import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AnswerSchema, AskBody, PrecheckBody, PrecheckSchema } from './routes.schema'
import { ask, flushUses, precheck } from './service'

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const llm = app.config.llm
  // The uses counted in memory are written before the database closes.
  app.addHook('onClose', () => flushUses(db))

  app.post(
    '/api/v1/assistant/ask',
    {
      // Anyone may ask, signed in or not; each question costs a search, so fewer a minute than other routes.
      config: {
        access: 'public',
        rateLimit: { max: app.config.assistantRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['assistant'],
        summary:
          'Ask in plain words (Vietnamese, with or without diacritics): the procedures that fit, each with its documents, fee, time limit and where to apply',
        body: AskBody,
        response: { 200: AnswerSchema },
      },
    },
    async (request) => ask(db, request.principal, request.body, { llm }),
  )

  app.post(
    '/api/v1/assistant/precheck',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['assistant'],
        summary:
          'Check a draft dossier before filing: the documents still missing and the fields missing, invalid or inconsistent (an applicant may check their saved draft)',
        body: PrecheckBody,
        response: { 200: PrecheckSchema },
      },
    },
    async (request) => precheck(db, request.principal!, request.body),
  )
}
