import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { FIXTURE_PASSWORD, snapshot, uniqueName } from '../../../../tests/helpers/fixtures'

// Bad input on every route that takes input: each gets a 4xx with {error: {code, message}} and changes nothing.

let t: TestApp
let admin: string
let officer: string

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.token('demo.admin')
  officer = await t.token('demo.officer')
})
afterAll(() => t.close())

let clients = 0
/** Each request from an address of its own, so that the login rate limit stays out of the way. */
function send(options: InjectOptions) {
  clients++
  return t.app.inject({ remoteAddress: `10.100.${(clients >> 8) & 255}.${clients & 255}`, ...options })
}

/** Asserts the shape of an error answer and returns its error. */
function errorOf(response: { statusCode: number; json: () => unknown }, status?: number) {
  if (status) expect(response.statusCode).toBe(status)
  expect(response.statusCode).toBeGreaterThanOrEqual(400)
  expect(response.statusCode).toBeLessThan(500)
  const { error } = response.json() as { error: { code: string; message: string; field?: string } }
  expect(error.code).toMatch(/^[A-Z_]+$/)
  expect(error.message.length).toBeGreaterThan(5)
  return error
}

const INJECTIONS = {
  sql: "' OR 1=1 --",
  markup: '<script>alert(1)</script>',
  path: '../../etc/passwd',
  nul: 'Ba Đình\u0000 -- x',
  longUnicode: `${'Đường '.repeat(800)}${'𝕊'.repeat(300)}`,
} as const
type Injection = keyof typeof INJECTIONS

interface BodyRoute {
  name: string
  url: string
  headers: () => Record<string, string>
  valid: () => Record<string, unknown>
  /**
   * Text fields and what each does with text that is not an identifier: `pattern` fields refuse
   * it (400 naming the field); `credential` fields (login) refuse it as a wrong login; `free`
   * fields (names) store printable text as sent; `secret` fields (a new password) take any
   * text that is not too long.
   */
  fields: Record<string, 'pattern' | 'credential' | 'free' | 'secret'>
  required: string[]
}

let agencies = 0
const bodyRoutes: BodyRoute[] = [
  {
    name: 'POST /api/v1/auth/login',
    url: '/api/v1/auth/login',
    headers: () => ({}),
    valid: () => ({ username: 'nobody.here', password: 'whatever', totp: '123456' }),
    fields: { username: 'credential', password: 'credential', totp: 'pattern' },
    required: ['username', 'password'],
  },
  {
    name: 'POST /api/v1/auth/token',
    url: '/api/v1/auth/token',
    headers: () => ({}),
    valid: () => ({ username: 'nobody.here', password: 'whatever' }),
    fields: { username: 'credential', password: 'credential', totp: 'pattern' },
    required: ['username', 'password'],
  },
  {
    name: 'POST /api/v1/me/totp/confirm',
    url: '/api/v1/me/totp/confirm',
    headers: () => bearer(officer),
    valid: () => ({ code: '123456' }),
    fields: { code: 'pattern' },
    required: ['code'],
  },
  {
    name: 'POST /api/v1/agencies',
    url: '/api/v1/agencies',
    headers: () => bearer(admin),
    valid: () => ({
      id: `V${++agencies}`,
      parentId: 'H01',
      level: 'unit',
      name: 'Tổ kiểm thử',
      nameEn: 'Test unit',
      adminUnitCode: '00004',
    }),
    fields: {
      id: 'pattern',
      parentId: 'pattern',
      level: 'pattern',
      name: 'free',
      nameEn: 'free',
      adminUnitCode: 'pattern',
    },
    required: ['id', 'parentId', 'level', 'name'],
  },
  {
    name: 'POST /api/v1/users',
    url: '/api/v1/users',
    headers: () => bearer(admin),
    valid: () => ({
      username: uniqueName('input'),
      password: FIXTURE_PASSWORD,
      displayName: 'Đặng Văn Minh',
      email: 'minh@example.vn',
      agencyId: 'X00004',
      roles: ['reception'],
    }),
    fields: {
      username: 'pattern',
      password: 'secret',
      displayName: 'free',
      email: 'pattern',
      agencyId: 'pattern',
    },
    required: ['username', 'password', 'displayName', 'agencyId', 'roles'],
  },
]

// A fresh token for each request: a logout that gets through ends it.
const bodylessRoutes = [
  {
    name: 'POST /api/v1/auth/logout',
    url: '/api/v1/auth/logout',
    headers: async () => bearer(await t.token('demo.leader')),
  },
  {
    name: 'POST /api/v1/me/totp/setup',
    url: '/api/v1/me/totp/setup',
    headers: async () => bearer(await t.token('demo.leader')),
  },
]

const allPostRoutes = [...bodyRoutes, ...bodylessRoutes]

describe.each(allPostRoutes)('$name refuses a body it cannot read, and changes nothing', (route) => {
  /** Headers first (a fresh token is a change of its own), then the state to compare against. */
  async function prepare() {
    const headers = await route.headers()
    return { headers, before: await snapshot(t) }
  }
  const post = (headers: Record<string, string>, payload: string, contentType = 'application/json') =>
    send({ method: 'POST', url: route.url, headers: { ...headers, 'content-type': contentType }, payload })

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const { headers, before } = await prepare()
    expect(errorOf(await post(headers, '{"username": "a",'), 400).code).toBe('MALFORMED_JSON')
    expect(await snapshot(t)).toEqual(before)
  })

  it('a body over 1 MiB → 413 BODY_TOO_LARGE', async () => {
    const { headers, before } = await prepare()
    const huge = JSON.stringify({ username: 'a'.repeat(1024 * 1024), password: 'x' })
    const error = errorOf(await post(headers, huge), 413)
    expect(error).toEqual({ code: 'BODY_TOO_LARGE', message: 'Nội dung gửi lên quá lớn.' })
    expect(await snapshot(t)).toEqual(before)
  })

  for (const type of [
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  ]) {
    it(`content type ${type.split(';')[0]} → 415 UNSUPPORTED_MEDIA_TYPE`, async () => {
      const { headers, before } = await prepare()
      expect(errorOf(await post(headers, 'username=a&password=b', type), 415).code).toBe(
        'UNSUPPORTED_MEDIA_TYPE',
      )
      expect(await snapshot(t)).toEqual(before)
    })
  }
})

describe.each(bodyRoutes)('$name', (route) => {
  it('refuses a text/plain body with 400 (Fastify reads text, the schema wants an object), changing nothing', async () => {
    const before = await snapshot(t)
    const response = await send({
      method: 'POST',
      url: route.url,
      headers: { ...route.headers(), 'content-type': 'text/plain' },
      payload: 'username=a&password=b',
    })
    expect(errorOf(response, 400).code).toBe('VALIDATION_FAILED')
    expect(await snapshot(t)).toEqual(before)
  })
})

describe.each(bodyRoutes)('$name validates its body field by field, and changes nothing', (route) => {
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    send({
      method: 'POST',
      url: route.url,
      headers: { ...route.headers(), ...headers },
      payload: payload as object,
    })

  async function refused(payload: unknown, field: string | undefined, code = 'VALIDATION_FAILED') {
    const before = await snapshot(t)
    const error = errorOf(await post(payload), 400)
    expect(error.code).toBe(code)
    if (field) expect(error.field).toBe(field)
    expect(await snapshot(t)).toEqual(before)
    return error
  }

  it('a JSON array, string or null in place of an object → 400', async () => {
    for (const payload of ['[]', '"text"', 'null', '42']) {
      const before = await snapshot(t)
      const response = await send({
        method: 'POST',
        url: route.url,
        headers: { ...route.headers(), 'content-type': 'application/json' },
        payload,
      })
      expect(errorOf(response, 400).code).toMatch(/^(VALIDATION_FAILED|EMPTY_BODY|MALFORMED_JSON)$/)
      expect(await snapshot(t)).toEqual(before)
    }
  })

  it('an empty JSON body → 400 EMPTY_BODY', async () => {
    const before = await snapshot(t)
    const response = await send({
      method: 'POST',
      url: route.url,
      headers: { ...route.headers(), 'content-type': 'application/json' },
      payload: '',
    })
    expect(errorOf(response, 400).code).toBe('EMPTY_BODY')
    expect(await snapshot(t)).toEqual(before)
  })

  it('no body at all → 400 VALIDATION_FAILED', async () => {
    const before = await snapshot(t)
    const response = await send({ method: 'POST', url: route.url, headers: route.headers() })
    expect(errorOf(response, 400).code).toBe('VALIDATION_FAILED')
    expect(await snapshot(t)).toEqual(before)
  })

  it('an unknown field → 400 naming it, in Vietnamese and in English', async () => {
    const error = await refused({ ...route.valid(), isAdmin: true }, 'isAdmin')
    expect(error.message).toBe('Trường “isAdmin” không được chấp nhận.')
    const en = await post({ ...route.valid(), isAdmin: true }, { 'accept-language': 'en' })
    expect(en.json().error.message).toBe('Field "isAdmin" is not allowed.')
  })

  for (const field of route.required) {
    it(`a missing "${field}" → 400 naming it`, async () => {
      const body = route.valid()
      delete body[field]
      const error = await refused(body, field)
      expect(error.message).toBe(`Thiếu trường bắt buộc “${field}”.`)
    })
  }

  for (const field of Object.keys(route.fields)) {
    it(`a number in "${field}" → 400, not coerced to text`, async () => {
      const error = await refused({ ...route.valid(), [field]: 123456 }, field)
      // `level` is one of a few words: its message lists no type.
      if (field !== 'level') expect(error.message).toBe(`Trường “${field}” phải có kiểu string.`)
    })

    for (const kind of ['an object', 'an array', 'true', 'null'] as const) {
      const value = { 'an object': { $ne: null }, 'an array': ['a'], true: true, null: null }[kind]
      it(`${kind} in "${field}" → 400`, async () => {
        await refused({ ...route.valid(), [field]: value }, field)
      })
    }

    for (const [injection, text] of Object.entries(INJECTIONS) as [Injection, string][]) {
      const kind = route.fields[field]!
      const accepted =
        (kind === 'free' && ['sql', 'markup', 'path'].includes(injection)) ||
        (kind === 'secret' && injection !== 'longUnicode')
      it(`${injection} in "${field}" → ${accepted ? '201, stored as sent' : '4xx, and nothing changes'}`, async () => {
        const before = await snapshot(t)
        const body = { ...route.valid(), [field]: text }
        const response = await post(body)
        if (accepted) {
          expect(response.statusCode).toBe(201)
          const after = await snapshot(t)
          expect(after.agencies + after.accounts).toBe(before.agencies + before.accounts + 1)
          if (kind === 'free') {
            expect(response.json()[field]).toBe(text)
          } else {
            // A password is never shown: that it was kept as sent shows at the next login.
            const login = await send({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { username: body.username, password: text },
            })
            expect(login.statusCode).toBe(200)
          }
          return
        }
        const error = errorOf(response)
        if (kind !== 'credential' || injection === 'longUnicode') {
          expect(response.statusCode).toBe(400)
          if (kind !== 'free' || injection !== 'nul') expect(error.field).toBe(field)
        }
        if (injection === 'nul' && field === 'username') expect(response.statusCode).toBe(400)
        expect(await snapshot(t)).toEqual(before)
      })
    }
  }
})

describe('validation messages', () => {
  it('name the field and say what is wrong, in Vietnamese by default and in English when asked', async () => {
    const payload = { username: 'demo.citizen', password: 123 }
    const vi = await send({ method: 'POST', url: '/api/v1/auth/login', payload })
    expect(vi.statusCode).toBe(400)
    expect(vi.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Trường “password” phải có kiểu string.',
        field: 'password',
      },
    })
    const en = await send({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.8' },
      payload,
    })
    expect(en.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Field "password" must be of type string.',
      field: 'password',
    })
  })

  it('name a field in an array', async () => {
    const response = await send({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: {
        username: uniqueName('arr'),
        password: FIXTURE_PASSWORD,
        displayName: 'A',
        agencyId: 'X00004',
        roles: ['mayor'],
      },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.field).toBe('roles.0')
  })

  it('refuse an empty role list, duplicated roles, and a short password', async () => {
    const base = {
      username: uniqueName('x'),
      password: FIXTURE_PASSWORD,
      displayName: 'A',
      agencyId: 'X00004',
    }
    for (const [payload, field] of [
      [{ ...base, roles: [] }, 'roles'],
      [{ ...base, roles: ['reception', 'reception'] }, 'roles'],
      [{ ...base, password: 'short', roles: ['reception'] }, 'password'],
      [{ ...base, email: 'not-an-email', roles: ['reception'] }, 'email'],
    ] as const) {
      const before = await snapshot(t)
      const response = await send({ method: 'POST', url: '/api/v1/users', headers: bearer(admin), payload })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.field).toBe(field)
      expect(await snapshot(t)).toEqual(before)
    }
  })
})

describe('query strings and path parameters', () => {
  const get = (url: string, headers: Record<string, string> = {}) => send({ url, headers })

  for (const [injection, text] of Object.entries(INJECTIONS) as [Injection, string][]) {
    it(`${injection} in the agency search finds nothing, or is refused, and changes nothing`, async () => {
      const before = await snapshot(t)
      const response = await get(`/api/v1/agencies?q=${encodeURIComponent(text)}`)
      if (injection === 'nul' || injection === 'longUnicode') {
        const error = errorOf(response, 400)
        if (injection === 'longUnicode') expect(error.field).toBe('q')
      } else {
        // The text is searched for as text: only names that hold it literally, never every agency.
        expect(response.statusCode).toBe(200)
        const { items, total } = response.json()
        expect(total).toBe(items.length)
        for (const agency of items) expect(agency.name).toContain(text)
      }
      expect(await snapshot(t)).toEqual(before)
    })

    for (const [route, param] of [
      ['/api/v1/agencies?parentId=', 'parentId'],
      ['/api/v1/users?agencyId=', 'agencyId'],
      ['/api/v1/agencies?page=', 'page'],
      ['/api/v1/agencies?pageSize=', 'pageSize'],
      ['/api/v1/agencies/', 'id'],
      ['/api/v1/users/', 'id'],
    ] as const) {
      it(`${injection} in ${route.split('?')[0]} ${param} → 4xx, and nothing changes`, async () => {
        const auth = route.startsWith('/api/v1/users') ? bearer(admin) : {}
        const before = await snapshot(t)
        const response = await get(`${route}${encodeURIComponent(text)}`, auth)
        const error = errorOf(response)
        if (route.endsWith('/') && injection === 'longUnicode') {
          // Path parameters longer than Fastify's limit match no route at all.
          expect(response.statusCode).toBe(404)
          expect(error.code).toBe('ROUTE_NOT_FOUND')
        } else {
          expect(response.statusCode).toBe(400)
          expect(error.code).toBe('VALIDATION_FAILED')
          expect(error.field).toBe(param)
        }
        expect(await snapshot(t)).toEqual(before)
      })
    }
  }

  for (const [query, field] of [
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['page=abc', 'page'],
    ['pageSize=201', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['parentId=H01&parentId=H48', 'parentId'],
    ['q=', 'q'],
    ['sort=name', 'sort'],
  ] as const) {
    it(`GET /api/v1/agencies?${query} → 400 naming "${field}"`, async () => {
      const error = errorOf(await get(`/api/v1/agencies?${query}`), 400)
      expect(error.field).toBe(field)
      expect(error.message).toMatch(/\(query\)$/)
    })
  }

  it('GET /api/v1/users?role=admin → 400 naming "role"', async () => {
    const error = errorOf(await get('/api/v1/users?role=admin', bearer(admin)), 400)
    expect(error.field).toBe('role')
  })
})

describe('properties over arbitrary input', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.constantFrom(...Object.values(INJECTIONS)),
  )
  const anyValue = fc.oneof(text, fc.jsonValue({ maxDepth: 2 }))

  it('POST /api/v1/auth/login never fails with 5xx and changes nothing, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.record({ username: anyValue, password: anyValue, totp: anyValue }, { requiredKeys: [] }),
          fc.record({ username: text, password: text }),
        ),
        async (body) => {
          const before = await snapshot(t)
          const response = await send({
            method: 'POST',
            url: '/api/v1/auth/login',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          })
          // 429 once a name has failed from one address more than 3 times: unknown names are
          // throttled like accounts.
          expect([400, 401, 429]).toContain(response.statusCode)
          errorOf(response)
          expect(await snapshot(t)).toEqual(before)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('POST /api/v1/agencies never fails with 5xx; a refusal changes nothing, a success adds one agency', async () => {
    const agencyId = fc.oneof(
      fc.constantFrom('H01', 'X00004', 'G00', 'H99'),
      fc.stringMatching(/^[A-Z][A-Z0-9.]{1,8}$/),
      text,
    )
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.record(
            {
              id: agencyId,
              parentId: agencyId,
              level: fc.oneof(fc.constantFrom('province', 'commune', 'unit', 'central'), anyValue),
              name: anyValue,
              nameEn: anyValue,
              adminUnitCode: fc.oneof(fc.stringMatching(/^[0-9]{2,5}$/), anyValue),
            },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          const before = await snapshot(t)
          const response = await send({
            method: 'POST',
            url: '/api/v1/agencies',
            headers: { ...bearer(admin), 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          })
          const after = await snapshot(t)
          if (response.statusCode === 201) {
            expect(after.agencies).toBe(before.agencies + 1)
            expect(after.auditEvents).toBe(before.auditEvents + 1)
          } else {
            errorOf(response)
            expect(after).toEqual(before)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('GET /api/v1/agencies answers 200 or 400, never 5xx, whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('q', 'parentId', 'page', 'pageSize', 'x'),
          fc.oneof(text, fc.integer().map(String)),
          {
            maxKeys: 3,
          },
        ),
        async (query) => {
          const response = await send({ url: `/api/v1/agencies?${new URLSearchParams(query)}` })
          expect([200, 400]).toContain(response.statusCode)
          if (response.statusCode === 400) errorOf(response)
        },
      ),
      { numRuns: 200 },
    )
  })
})
