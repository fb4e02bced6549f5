import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { badRequest, invalidCharacters } from '../errors'

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's text as it arrived, on routes whose config asks for it (`rawBody: true`). */
    rawBody?: string
  }
  interface FastifyContextConfig {
    /** Keep the JSON body's exact text (`request.rawBody`): a signature covers the bytes sent. */
    rawBody?: boolean
  }
}

/** Deeper than any form Sen serves (a form nests a few levels), shallow enough for recursive code. */
export const MAX_JSON_DEPTH = 64

const tooDeep = () =>
  badRequest('JSON_TOO_DEEP', {
    vi: `Nội dung gửi lên lồng nhau quá sâu (tối đa ${MAX_JSON_DEPTH} cấp).`,
    en: `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
  })

// With the u flag a surrogate pair is one code point outside this range: only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

const loneSurrogate = (path: string[]) =>
  invalidCharacters(
    {
      vi: 'nửa cặp surrogate UTF-16 đứng riêng, không phải ký tự Unicode',
      en: 'a lone UTF-16 surrogate, which is not a Unicode character',
    },
    path.join('.') || '(body)',
  )

/**
 * Refuses a value nested deeper than MAX_JSON_DEPTH (recursive code downstream — structuredClone,
 * form prefill, PostgreSQL's jsonb — would overflow its stack on it) and text that is not
 * well-formed Unicode (a lone surrogate: PostgreSQL refuses it in JSON and cannot store it as text).
 */
function checkValue(value: unknown, path: string[]): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw loneSurrogate(path)
    return
  }
  if (value === null || typeof value !== 'object') return
  if (path.length >= MAX_JSON_DEPTH) throw tooDeep()
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i))
      checkValue(value[i], path)
      path.pop()
    }
    return
  }
  for (const key of Object.keys(value)) {
    if (LONE_SURROGATE.test(key)) throw loneSurrogate(path)
    path.push(key)
    checkValue((value as Record<string, unknown>)[key], path)
    path.pop()
  }
}

/**
 * The one parser of JSON bodies, for every route: Fastify's own (`__proto__` and
 * `constructor.prototype` refused), then the depth and text checks above.
 */
export const jsonBodyPlugin = fp(async (app: FastifyInstance) => {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (request.routeOptions.config.rawBody) request.rawBody = body as string
    parse(request, body as string, (error, value) => {
      if (error) return done(error, undefined)
      try {
        checkValue(value, [])
      } catch (refused) {
        return done(refused as Error, undefined)
      }
      done(null, value)
    })
  })
})
