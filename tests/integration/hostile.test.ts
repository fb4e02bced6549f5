// Hostile input on every route of the OpenAPI document: malformed, oversized, wrongly-typed and
// injection-laden requests, anonymous and authenticated (cookie + CSRF token, and bearer token).
// Whatever arrives: no 5xx, every error is `{error: {code, message}}` without a stack trace, a file
// path or SQL, and the database is the same afterwards.
import { performance } from 'node:perf_hooks'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/server/db/rows'
import { bearer, createTestApp, type TestApp } from '../helpers/app'
import { testDbKind } from '../helpers/db'
import { dossierClient } from '../helpers/dossiers'

/** Fixed, so that a failure replays; each route runs with SEED + its index. */
const SEED = 20_260_611
const TOTAL = 10_000

type Schema = Record<string, unknown> & {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  const?: unknown
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  default?: unknown
  additionalProperties?: boolean | Schema
}
interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: Schema
}
interface Operation {
  method: string
  path: string
  params: Parameter[]
  body?: Schema
  /** Raw bodies it takes instead of JSON (uploads, PDFs to verify). */
  consumes: string[]
}

// ---------------------------------------------------------------------------------------------
// What hostile clients send

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1 OR 1=1',
  '" OR ""="',
  "admin'--",
  '1); SELECT pg_sleep(5); --',
  "' UNION SELECT username, password_hash FROM users --",
  '%',
  '_',
  '%_%\\',
  '{"$gt": ""}',
  '{"$ne": null}',
  '{"$where": "sleep(1000)"}',
  '$where',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.pdf',
  'a\u0000b',
  '\u0000',
  '%00',
  '<script>alert(1)</script>',
  '$'.concat('{7*7}'),
  '{{7*7}}',
  '$(id)',
  '`id`',
  '__proto__',
  'constructor',
  'prototype',
  '\uFEFFX00004',
  'X00004\u202E',
  'Z\u0334\u0321a\u0337l\u0338g\u0335o',
  '𝕊𝕖𝕟 😀👨‍👩‍👧',
  '\uD800',
  '\uDFFFx',
  'İı',
  '１.００１１９３',
  '٠١٢٣',
  ' ',
  '\t\r\n',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  '-1',
  '0',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
] as const

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', '', 'a'.repeat(5000)]

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/xml',
  'multipart/form-data; boundary=----sen',
  'application/x-www-form-urlencoded',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/octet-stream',
  'application/json;;;',
]

const MALFORMED_JSON = [
  '{',
  '{"a":',
  "{'a': 1}",
  '[1, 2',
  'undefined',
  'NaN',
  '{"a": 1}}',
  '{"a": 01}',
  '{"a": "\\x41"}',
  '\u0000',
  '{"a": "b"',
  '--',
]

/** Over every body limit of the API (1 MiB by default) and unterminated: refused either way. */
const OVERSIZED = `{"a":"${'x'.repeat(1024 * 1024 + 16)}`

const hugeString = fc.constantFrom(10_000, 100_000, 300_000).map((n) => 'Đ'.repeat(n))
const hugeArray = fc.constantFrom(10_000, 60_000).map((n) => new Array(n).fill('x'))
/** Deep nesting, as JSON text (an object would be too deep for JSON.stringify itself). */
const deepJson = fc
  .tuple(fc.constantFrom(100, 2_000, 20_000), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`)

const hostileString = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
)

/** A value of the wrong kind, or a hostile one of the right kind. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[[]]], { $gt: '' }, { $ne: null }) },
  { weight: 1, arbitrary: hugeArray },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)

// ---------------------------------------------------------------------------------------------
// Well-formed requests, from the document's schemas: the hostile parts go into them

function wellFormed(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 1 })
  if ('const' in schema) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((s) => wellFormed(s, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string':
      return stringOf(schema)
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(wellFormed(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      })
    case 'object':
      return objectOf(schema, depth)
    default:
      return fc.jsonValue({ maxDepth: 1 })
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 40, 60)
  const min = schema.minLength ?? 0
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
    case 'date':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    case 'email':
      return fc.emailAddress()
  }
  if (schema.pattern) {
    // A pattern open at its end (a PEM's first line) matches short strings only: lengthen them to
    // the schema's minimum, or the filter below would wait for ever for a long enough one.
    const openEnd = !schema.pattern.endsWith('$')
    let matching: fc.Arbitrary<string>
    try {
      matching = fc.stringMatching(new RegExp(schema.pattern))
    } catch {
      // fast-check cannot generate from every pattern (lookaheads): any string then.
      return fc.string({ minLength: min, maxLength: Math.max(min, max) })
    }
    return matching
      .map((s) => (openEnd && s.length < min ? s + 'A'.repeat(min - s.length) : s))
      .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 10_000))
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) })
}

function objectOf(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {}
  const record: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, property] of Object.entries(properties)) record[name] = wellFormed(property, depth + 1)
  if (Object.keys(record).length === 0) {
    return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
  }
  return fc.record(record, { requiredKeys: schema.required ?? [] })
}

// ---------------------------------------------------------------------------------------------
// Mutations: each takes a well-formed part and makes it hostile

type Mutation =
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'delete'; path: string[] }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'replace'; value: unknown }

/** Paths to every property in an object schema, nested ones too. */
function propertyPaths(schema: Schema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!schema?.properties || depth > 3) return []
  return Object.entries(schema.properties).flatMap(([name, property]) => [
    [...prefix, name],
    ...propertyPaths(property, [...prefix, name], depth + 1),
  ])
}

function mutationOf(schema: Schema | undefined): fc.Arbitrary<Mutation> {
  const paths = propertyPaths(schema)
  const options: fc.Arbitrary<Mutation>[] = [
    fc.record({
      kind: fc.constant('add' as const),
      key: fc.constantFrom(...PROTO_KEYS),
      value: hostileValue,
    }),
    fc.record({ kind: fc.constant('replace' as const), value: hostileValue }),
  ]
  if (paths.length > 0) {
    options.push(
      fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }),
      fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }),
      fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
    )
  }
  return fc.oneof(...options)
}

function applyMutation(value: unknown, mutation: Mutation): unknown {
  if (mutation.kind === 'replace') return mutation.value
  const root = structuredClone(value ?? {}) as Record<string, unknown>
  if (typeof root !== 'object' || root === null) return root
  if (mutation.kind === 'add') {
    // Defined as an own property, as JSON.parse would: `root.__proto__ = …` would set the prototype.
    Object.defineProperty(root, mutation.key, { value: mutation.value, enumerable: true, writable: true })
    return root
  }
  let node = root
  for (const key of mutation.path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  const last = mutation.path.at(-1)!
  if (mutation.kind === 'delete') delete node[last]
  else node[last] = mutation.value
  return root
}

/** Text as it travels in a URL: no lone surrogates (they cannot be percent-encoded), and not endless. */
const urlText = (value: unknown) =>
  (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'))
    .replace(/[\uD800-\uDFFF]/g, '?')
    .slice(0, 4_000)

/** Broken or sly path segments, sent raw: what the server makes of them is its own business. */
const RAW_SEGMENTS = ['%zz', '%', '%00', '..%2f..%2f', '%2e%2e%2f%2e%2e%2f', '..', '.%2e', '%c0%ae%c0%ae']

// ---------------------------------------------------------------------------------------------
// Who sends it

type Identity =
  | 'anonymous'
  | 'citizen cookie'
  | 'citizen cookie, no CSRF token'
  | 'admin cookie'
  | 'officer bearer'
  | 'leader bearer'
  | 'business bearer'
  | 'forged bearer'
  | 'forged cookie'
const IDENTITIES: Identity[] = [
  'anonymous',
  'citizen cookie',
  'citizen cookie, no CSRF token',
  'admin cookie',
  'officer bearer',
  'leader bearer',
  'business bearer',
  'forged bearer',
  'forged cookie',
]

// Created here, not in beforeAll: the document lists the routes the tests below are made of.
const t: TestApp = await createTestApp()
// CKAN's Action API and the X-Road gateway answer in their own protocols' shapes, and some of their
// answers to hostile input are not yet understood here: they are left out until they are (their
// own tests, opendata/harvest.routes.test.ts and exchange/gateway.test.ts, cover bad input).
const FOREIGN_PROTOCOLS = /^\/(api\/(3\/)?action|r1)\//
const operations = operationsOf(t.app.swagger() as never).filter(
  (operation) => !FOREIGN_PROTOCOLS.test(operation.path),
)
let credentials: Record<Identity, Record<string, string>>
/** Real resources, so that some requests reach past "not found". */
let fixtures: { dossier: string; walletDocument: string; officerId: string; pin: string }

// ---------------------------------------------------------------------------------------------
// What the database holds

interface TableFingerprint {
  rows: number
  hash: string
}

/**
 * Rows and a hash of the contents of every table, none left out. Nothing needs to be: the sessions
 * the requests use are opened before the first fingerprint, the rate limits count in memory, no
 * hostile login names a real account (so no failure counter moves), and the reads that fill
 * something in at first use run before it too (see beforeAll). A table that changes is a finding.
 */
async function fingerprint(): Promise<Record<string, TableFingerprint>> {
  const tables = await rowsOf<{ table_name: string }>(
    t.db,
    sql`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  const result: Record<string, TableFingerprint> = {}
  for (const { table_name: table } of tables) {
    const [row] = await rowsOf<{ rows: number | string; hash: string | null }>(
      t.db,
      sql`select count(*) as rows, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as hash
          from ${sql.identifier(table)} t`,
    )
    result[table] = { rows: Number(row!.rows), hash: row!.hash ?? '' }
  }
  return result
}

// ---------------------------------------------------------------------------------------------

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content
      operations.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters as Parameter[] | undefined) ?? [],
        body: content?.['application/json']?.schema,
        consumes: Object.keys(content ?? {}).filter((type) => type !== 'application/json'),
      })
    }
  }
  return operations
}

/** The validators the server uses: bodies as sent, query strings and path parameters coerced. */
const strict = addFormats(new Ajv({ strict: false, coerceTypes: false, useDefaults: true }))
const lenient = addFormats(new Ajv({ strict: false, coerceTypes: 'array', useDefaults: true }))

function objectSchemaOf(params: Parameter[]): Schema {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    // A parameter with a default is filled in when missing.
    required: params.filter((p) => p.required && p.schema.default === undefined).map((p) => p.name),
  }
}

interface Hostile {
  options: InjectOptions
  /** What the request is: printed when a property fails. */
  label: string
}

/**
 * Requests for one operation. A request that could change state (anything but GET) always carries
 * at least one defect the server must refuse: a body it cannot parse, of a type it does not take, or
 * that breaks the schema, or a query or path parameter that breaks the schema. Reads may be valid
 * otherwise: injection strings reach the database through them.
 */
function requestsFor(operation: Operation): fc.Arbitrary<Hostile> {
  const where = (kind: Parameter['in']) => operation.params.filter((p) => p.in === kind)
  const pathParams = where('path')
  const queryParams = where('query')
  const headerParams = where('header')
  const querySchema = objectSchemaOf(queryParams)
  const validQuery = lenient.compile(querySchema)
  const validParam = Object.fromEntries(pathParams.map((p) => [p.name, lenient.compile(p.schema)]))
  const validBody: ValidateFunction | undefined = operation.body ? strict.compile(operation.body) : undefined
  const reads = operation.method === 'GET'

  const fixtureValues = (name: string): string[] => {
    if (name === 'code' || name === 'dossierCode') return [fixtures.dossier]
    if (name === 'id')
      return operation.path.startsWith('/api/v1/users') ? [fixtures.officerId] : [fixtures.walletDocument]
    if (name === 'documentId') return [fixtures.walletDocument]
    if (name === 'pin') return [fixtures.pin]
    if (name === 'procedureCode') return ['1.001193']
    return []
  }
  const pathValues = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        fc.record({
          value: fc.oneof(
            { weight: 3, arbitrary: wellFormed(p.schema) },
            { weight: 2, arbitrary: fc.constantFrom(...fixtureValues(p.name), 'X00004') },
            { weight: 3, arbitrary: hostileValue },
          ),
          raw: fc.option(fc.constantFrom(...RAW_SEGMENTS), { freq: 6 }),
        }),
      ]),
    ),
  )
  const hostileHeader = fc.record({
    name: fc.constantFrom(
      'accept-language',
      'x-request-id',
      'idempotency-key',
      'x-sen-signature',
      'x-csrf-token',
      'authorization',
      'cookie',
      ...headerParams.map((p) => p.name),
    ),
    value: fc.oneof(
      fc.constantFrom(
        ...INJECTIONS.filter((s) => /^[\x20-\x7e]*$/.test(s)),
        'Bearer ',
        'Basic YTpi',
        'sen_session=a.b',
      ),
      fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
    ),
  })

  return fc
    .record({
      identity: fc.constantFrom(...IDENTITIES),
      path: pathValues,
      query: objectOf(querySchema, 0),
      queryMutation: fc.option(mutationOf(querySchema), { freq: 2 }),
      rawQuery: fc.option(
        fc.constantFrom(
          '%zz=1',
          '__proto__[admin]=1',
          'constructor[prototype][x]=1',
          'a=%00',
          'a&a&a',
          '=&=&',
          'page=1&page=2',
        ),
        { freq: 5 },
      ),
      body: wellFormed(operation.body),
      bodyMutation: fc.option(mutationOf(operation.body), { freq: 4 }),
      bodyForm: fc.constantFrom(
        'json',
        'json',
        'json',
        'malformed',
        'proto',
        'oversized',
        'deep',
        'other-type',
        'empty',
      ),
      malformed: fc.constantFrom(...MALFORMED_JSON),
      deep: deepJson,
      contentType: fc.constantFrom(...CONTENT_TYPES),
      header: fc.option(hostileHeader, { freq: 3 }),
      client: fc.integer({ min: 1, max: 2 ** 24 - 1 }),
    })
    .map((r): Hostile => {
      // Is anything in the URL wrong, as the server's validators will see it?
      let urlFaulty = false

      const segments: Record<string, string> = {}
      for (const [name, { value, raw }] of Object.entries(r.path)) {
        const text = urlText(value)
        segments[name] = raw ?? encodeURIComponent(text)
        // Raw segments are not counted: whether they decode, and to what, is the server's business.
        if (!raw && !validParam[name]!(text)) urlFaulty = true
      }

      const query = r.queryMutation ? applyMutation(r.query, r.queryMutation) : r.query
      const queryObject = (
        typeof query === 'object' && query !== null && !Array.isArray(query) ? query : {}
      ) as Record<string, unknown>
      // The query string, cut at 32 KiB: Node's HTTP server refuses a request line over 16 KiB
      // (431) before Sen sees it, so longer ones exist only in process.
      const pairs: [string, string][] = []
      let length = 0
      for (const [key, value] of Object.entries(queryObject)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          const pair: [string, string] = [key, urlText(item)]
          length += key.length + pair[1].length + 2
          if (length > 32 * 1024) break
          pairs.push(pair)
        }
      }
      // The same as the server's parser will hand it to the validator.
      const seen: Record<string, string | string[]> = Object.create(null)
      for (const [key, text] of pairs) {
        const earlier = seen[key]
        if (earlier === undefined) seen[key] = text
        else if (Array.isArray(earlier)) earlier.push(text)
        else seen[key] = [earlier, text]
      }
      if (!validQuery(seen)) urlFaulty = true
      const encoded = pairs.map(([key, text]) => `${encodeURIComponent(key)}=${encodeURIComponent(text)}`)
      if (r.rawQuery) encoded.push(r.rawQuery)
      const url =
        operation.path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? 'x') +
        (encoded.length ? `?${encoded.join('&')}` : '')

      const headers: Record<string, string> = { ...credentials[r.identity] }
      let payload: string | undefined
      let form = reads ? 'none' : r.bodyForm
      if (!reads) {
        const body = r.bodyMutation ? applyMutation(r.body, r.bodyMutation) : r.body
        const json = JSON.stringify(body) ?? 'null'
        const refused = urlFaulty || (validBody ? !validBody(JSON.parse(json)) : false)
        headers['content-type'] = 'application/json'
        if (form === 'json' && !refused) form = 'malformed'
        if (form === 'empty' && !urlFaulty && !operation.body) form = 'malformed'
        if (form === 'other-type' && r.contentType === 'text/plain' && !refused) form = 'malformed'
        switch (form) {
          case 'json':
            payload = json
            break
          case 'malformed':
            payload = r.malformed
            break
          case 'proto':
            payload = '{"ok": 1, "nested": {"__proto__": {"admin": true}}}'
            break
          case 'oversized':
            payload = OVERSIZED
            break
          case 'deep':
            // Well-formed only where the URL is already refused.
            payload = urlFaulty ? r.deep : `${r.deep}]`
            break
          case 'other-type':
            // PDFs and images go only to routes that take them, which check the bytes.
            payload = 'hello, not a document'
            headers['content-type'] = r.contentType
            break
          case 'empty':
            payload = ''
            break
        }
      }
      if (r.header) headers[r.header.name] = r.header.value
      return {
        options: {
          method: operation.method as InjectOptions['method'],
          url,
          headers,
          payload,
          remoteAddress: `10.${(r.client >> 16) & 255}.${(r.client >> 8) & 255}.${r.client & 255}`,
        },
        label: `${r.identity}: ${operation.method} ${url.slice(0, 300)} [${form}] ${JSON.stringify(headers).slice(0, 300)} ${String(payload ?? '').slice(0, 300)}`,
      }
    })
}

// ---------------------------------------------------------------------------------------------
// What must hold of every answer

const LEAKS = [
  /\n\s+at \S/,
  / {4}at /,
  /\/(work|home|usr|opt|tmp)\/[\w.-]+\//,
  /node_modules/,
  /file:\/\//,
  /\.(ts|js|mjs|cjs):\d+/,
  /syntax error at or near/i,
  /relation "[^"]*" does not exist/i,
  /violates [\w -]*constraint/i,
  /duplicate key value/i,
  /invalid input (syntax|value) for/i,
  /Failed query/i,
  /DrizzleQueryError|PGlite|pg_catalog/,
  /\b(select|insert|update|delete)\b[^"]{0,300}\$\d/i,
]

function checkAnswer(response: Awaited<ReturnType<TestApp['app']['inject']>>, label: string) {
  expect(response.statusCode, `${label}\n→ ${response.body.slice(0, 500)}`).toBeLessThan(500)
  const type = String(response.headers['content-type'] ?? '')
  if (type.startsWith('application/json') || type.startsWith('text/')) {
    for (const leak of LEAKS) expect(response.body, `${label}: leaks ${leak}`).not.toMatch(leak)
  }
  if (response.statusCode < 400) return
  expect(type, label).toMatch(/^application\/json/)
  // CKAN's Action API answers errors in CKAN's envelope, so that CKAN clients work unchanged.
  // (Input refused before the action runs, e.g. a body that is not JSON, gets Sen's shape.)
  const ckan = response.json() as { success?: unknown; error?: { __type?: unknown } }
  if (/ \/api\/(3\/)?action\//.test(label) && 'success' in ckan) {
    expect(ckan.success, label).toBe(false)
    expect(typeof ckan.error?.__type, label).toBe('string')
    return
  }
  const body = response.json() as { error?: Record<string, unknown> }
  expect(Object.keys(body), label).toEqual(['error'])
  const { code, message, field, ...rest } = body.error ?? {}
  // The exchange gateway's codes are X-Road's error types (Client.*, Server.*).
  expect(code, label).toMatch(/^([A-Z][A-Z0-9_]*|(Client|Server)\.[A-Za-z.]+)$/)
  expect(typeof message === 'string' && message.length > 0, `${label}: message ${String(message)}`).toBe(true)
  if (field !== undefined) expect(typeof field, label).toBe('string')
  expect(rest, label).toEqual({})
}

// ---------------------------------------------------------------------------------------------

let before: Record<string, TableFingerprint>
let sent = 0
const timings: Record<string, number> = {}
const startedAt = performance.now()

beforeAll(async () => {
  const { upload, fileBirth } = dossierClient(t)
  const citizenToken = await t.token('demo.citizen')
  const walletDocument = await upload(citizenToken)
  fixtures = {
    dossier: await fileBirth(citizenToken),
    walletDocument,
    officerId: (
      await t.app.inject({ url: '/api/v1/me', headers: bearer(await t.token('demo.officer')) })
    ).json().id,
    pin: '001090000001',
  }
  const citizen = await t.login('demo.citizen')
  const admin = await t.login('demo.admin')
  credentials = {
    anonymous: {},
    'citizen cookie': citizen.headers,
    'citizen cookie, no CSRF token': { cookie: citizen.cookie },
    'admin cookie': admin.headers,
    'officer bearer': bearer(await t.token('demo.officer')),
    'leader bearer': bearer(await t.token('demo.leader')),
    'business bearer': bearer(await t.token('demo.business')),
    'forged bearer': bearer("x' OR '1'='1"),
    'forged cookie': {
      cookie: `sen_session=${citizen.cookie.split('=')[1]!.split('.')[0]}.forged`,
      'x-csrf-token': citizen.csrfToken,
    },
  }
  // Some reads fill something in at their first use (an official's signing key, the dashboard's
  // figures on a database never refreshed): one plain read of each, first.
  for (const operation of operations) {
    if (operation.method !== 'GET' || operation.path.includes('{')) continue
    for (const who of [
      'anonymous',
      'citizen cookie',
      'officer bearer',
      'leader bearer',
      'admin cookie',
    ] as const) {
      await t.app.inject({ url: operation.path, headers: credentials[who] })
    }
  }
  before = await fingerprint()
}, 120_000)

afterAll(async () => {
  const file = ((performance.now() - startedAt) / 1000).toFixed(1)
  const requests = (Object.values(timings).reduce((a, b) => a + b, 0) / 1000).toFixed(1)
  const slowest = Object.entries(timings)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([route, ms]) => `${route} ${(ms / 1000).toFixed(1)} s`)
  console.info(
    `hostile input on ${testDbKind}: ${sent} requests in ${requests} s (${file} s with the fixtures); slowest routes: ${slowest.join(', ')}`,
  )
  await t.close()
})

describe('hostile input on every route of the OpenAPI document', () => {
  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThan(40)
  })

  // One property per operation, each with its own seed: a failure names its route and seed.
  const perRoute = Math.ceil(TOTAL / operations.length)
  it.each(
    operations.map((operation, index) => ({
      operation,
      index,
      name: `${operation.method} ${operation.path}`,
    })),
  )('$name', async ({ operation, index }) => {
    const seed = SEED + index
    const start = performance.now()
    await fc.assert(
      fc.asyncProperty(requestsFor(operation), async ({ options, label }) => {
        sent++
        checkAnswer(await t.app.inject(options), label)
      }),
      {
        seed,
        numRuns: perRoute,
        endOnFailure: true,
        verbose: 0,
        reporter: (details) => {
          if (details.failed)
            throw new Error(
              `${operation.method} ${operation.path} failed with seed ${seed}: ${fc.defaultReportMessage(details)}`,
            )
        },
      },
    )
    timings[`${operation.method} ${operation.path}`] = performance.now() - start
  })

  it('sent at least 10,000 requests and left the database as it was', async () => {
    expect(sent).toBeGreaterThanOrEqual(TOTAL)
    expect(await fingerprint()).toEqual(before)
  })
})
