import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

/** Liveness, readiness and what a client needs to know about this server. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is up' } }, async () => ({
    status: 'ok',
  }))

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'The database answers and its migrations are applied' } },
    async (_request, reply) => {
      try {
        await app.database.ready()
        return { status: 'ready', database: app.database.kind }
      } catch (error) {
        return reply
          .code(503)
          .send({ status: 'not ready', database: app.database.kind, reason: (error as Error).message })
      }
    },
  )

  app.get(
    '/api/v1/meta',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Name, version and mode of this Sen server',
        response: { 200: Type.Object({ name: Type.String(), version: Type.String(), demo: Type.Boolean() }) },
      },
    },
    async () => ({ name: 'Sen', version: app.config.version, demo: app.config.demoData }),
  )
}
