import { randomUUID } from 'node:crypto'
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { ResolvedConfig } from './config'
import type { Database, Db } from './db'
import { subscribeInvalidations } from './db/invalidation'
import { healthRoutes } from './health'
import { pickLanguage } from './i18n/language'
import { modules } from './modules/index'
import { docsPlugin } from './plugins/docs'
import { errorsPlugin } from './plugins/errors'
import { jsonBodyPlugin } from './plugins/json-body'
import { metricsPlugin } from './plugins/metrics'
import { securityPlugin } from './plugins/security'
import { webPlugin } from './plugins/web'

declare module 'fastify' {
  interface FastifyInstance {
    config: ResolvedConfig
    database: Database
    db: Db
  }
}

export interface AppOptions {
  config: ResolvedConfig
  database: Database
  /** Structured JSON logs to stdout; off in tests. */
  logger?: boolean
}

/**
 * Two validators: bodies are taken as sent (a string is not a number, unknown fields are refused);
 * query strings and path parameters are text by nature, so their numbers are coerced.
 */
function validators() {
  const strict = addFormats(
    new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false }),
  )
  const lenient = addFormats(new Ajv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true }))
  for (const ajv of [strict, lenient]) ajv.addKeyword({ keyword: 'x-source' }).addKeyword({ keyword: 'x-ui' })
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'querystring' || httpPart === 'params' ? lenient : strict).compile(schema)
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options
  const app = Fastify({
    logger: options.logger ? { level: config.logLevel } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.SEN_TRUST_PROXY === 'true',
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    // Shutdown waits for requests in flight, and tells keep-alive clients to go.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // URLs the router cannot even parse, or with a path segment longer than it matches, get the
    // same JSON errors as everything else.
    frameworkErrors: (error, request, reply) => {
      const lang = pickLanguage(request.headers['accept-language'])
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ;(reply as unknown as FastifyReply).code(tooLong ? 404 : 400).send({
        error: tooLong
          ? {
              code: 'ROUTE_NOT_FOUND',
              message: lang === 'vi' ? 'Không có đường dẫn này.' : 'There is no such route.',
            }
          : { code: 'BAD_URL', message: lang === 'vi' ? 'Đường dẫn không hợp lệ.' : 'The URL is not valid.' },
      })
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setValidatorCompiler(validators())
  app.decorate('config', config)
  app.decorate('database', database)
  app.decorate('db', database.db)
  // The rows read behind every request are answered from memory while this server hears of their
  // changes (src/server/db/invalidation.ts).
  if (config.rowCaches) app.addHook('onClose', await subscribeInvalidations(database))
  // A response sent while the server closes tells its keep-alive client to go: otherwise close()
  // waits for the client to hang up, up to keepAliveTimeout (72 s), after the last request finished.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    if (closing) reply.header('connection', 'close')
  })

  await app.register(errorsPlugin)
  await app.register(jsonBodyPlugin)
  await app.register(cookie, { secret: config.cookieSecret })
  await app.register(securityPlugin)
  await app.register(metricsPlugin)
  await app.register(docsPlugin)
  // The modules' own plugins first (who is asking), then every module's routes (modules/index.ts).
  for (const plugin of modules.flatMap((m) => m.plugins ?? [])) await app.register(plugin)

  await app.register(healthRoutes)
  for (const routes of modules.flatMap((m) => m.routes ?? [])) await app.register(routes)

  await app.register(webPlugin)
  return app
}
