import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Serves the built web app; any other GET outside /api answers with its index.html (client-side routes). */
export const webPlugin = fp(async (app: FastifyInstance) => {
  const root = app.config.webDir
  const index = path.join(root, 'index.html')
  if (!fs.existsSync(index)) {
    app.log.warn({ root }, 'web app not built: run "npm run build:web"')
    return
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: false, maxAge: '1h', immutable: false })
  const sendIndex = (reply: {
    header: (k: string, v: string) => unknown
    sendFile: (f: string) => unknown
  }) => {
    reply.header('cache-control', 'no-cache')
    return reply.sendFile('index.html')
  }
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply))
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!
    if (url.startsWith('/api/')) return reply.callNotFound()
    const file = path.join(root, path.normalize(url))
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(root, file))
    }
    return sendIndex(reply)
  })
})
