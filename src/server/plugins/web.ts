import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Vite names the files it writes here by a hash of their content: one name, one content, forever. */
const HASHED_ASSETS = '/assets/'
const KEEP_FOR_A_YEAR = 'public, max-age=31536000, immutable'
/** Anything else (index.html, favicon…) keeps its name across releases: caches ask again each time. */
const REVALIDATE = 'no-cache'

/**
 * Serves the built web app; any other GET outside /api answers with its index.html (client-side
 * routes). Files go out brotli- or gzip-compressed as the request's Accept-Encoding allows, from the
 * copies the build wrote beside them (src/web/precompress.ts).
 */
export const webPlugin = fp(async (app: FastifyInstance) => {
  const root = app.config.webDir
  const index = path.join(root, 'index.html')
  if (!fs.existsSync(index)) {
    app.log.warn({ root }, 'web app not built: run "npm run build:web"')
    return
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    // The compressed copies are chosen by Accept-Encoding, never asked for by name.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, file) => {
      const url = `/${path.relative(root, file).split(path.sep).join('/')}`
      reply.header('cache-control', url.startsWith(HASHED_ASSETS) ? KEEP_FOR_A_YEAR : REVALIDATE)
    },
  })
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'))
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!
    if (url.startsWith('/api/')) return reply.callNotFound()
    const file = path.join(root, path.normalize(url))
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(root, file))
    }
    // A page of an older release asking for a file this one no longer has: not a page.
    if (url.startsWith(HASHED_ASSETS)) return reply.callNotFound()
    return reply.sendFile('index.html')
  })
})
