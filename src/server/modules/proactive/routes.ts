import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AcceptBody,
  AcceptedSchema,
  LearnedPageSchema,
  OptOutBody,
  OptOutSchema,
  SuggestionParams,
  SuggestionSchema,
  SuggestionsPageSchema,
  SuggestionsQuery,
} from './routes.schema'
import {
  acceptSuggestion,
  dismissSuggestion,
  learnedSuggestions,
  listSuggestions,
  setOptOut,
} from './service'

export const proactiveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const citizens = { access: { kinds: ['citizen' as const] } }

  app.get(
    '/api/v1/suggestions',
    {
      config: citizens,
      schema: {
        tags: ['proactive'],
        summary: 'My suggestions at life events: the procedures due, their deadlines, and their outcomes',
        querystring: SuggestionsQuery,
        response: { 200: SuggestionsPageSchema },
      },
    },
    async (request) => listSuggestions(db, request.principal!, request.query),
  )

  app.post(
    '/api/v1/suggestions/:id/accept',
    {
      config: citizens,
      schema: {
        tags: ['proactive'],
        summary: 'Confirm a suggestion in one step: its prefilled dossier is filed',
        params: SuggestionParams,
        body: AcceptBody,
        response: { 201: AcceptedSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await acceptSuggestion(db, request.principal!, request.params.id, request.body)),
  )

  app.post(
    '/api/v1/suggestions/:id/dismiss',
    {
      config: citizens,
      schema: {
        tags: ['proactive'],
        summary: 'Say no to a suggestion',
        params: SuggestionParams,
        response: { 200: SuggestionSchema },
      },
    },
    async (request) => dismissSuggestion(db, request.principal!, request.params.id),
  )

  app.put(
    '/api/v1/suggestions/opt-out',
    {
      config: citizens,
      schema: {
        tags: ['proactive'],
        summary: 'Stop (or start again) getting suggestions at life events',
        body: OptOutBody,
        response: { 200: OptOutSchema },
      },
    },
    async (request) => setOptOut(db, request.principal!, request.body.optedOut),
  )

  app.get(
    '/api/v1/proactive/learned',
    {
      config: { access: { roles: ['leader' as const, 'agency_admin' as const, 'system_admin' as const] } },
      schema: {
        tags: ['proactive'],
        summary:
          'What people did next, learned from the history of dossiers (counts only), and how the suggestions made from it fared',
        response: { 200: LearnedPageSchema },
      },
    },
    async () => learnedSuggestions(db),
  )
}
