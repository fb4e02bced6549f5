import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ demo: false })
})
afterAll(() => t.close())

describe('API reference', () => {
  it('serves the browsable reference at /docs', async () => {
    const response = await t.app.inject({ url: '/docs' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toContain('swagger-ui')
  })

  it('serves an OpenAPI 3 document at /docs/json with every identity route', async () => {
    const response = await t.app.inject({ url: '/docs/json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.info).toMatchObject({ title: 'Sen API', version: expect.any(String) })
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/token',
        'POST /api/v1/auth/logout',
        'GET /api/v1/me',
        'POST /api/v1/me/totp/setup',
        'POST /api/v1/me/totp/confirm',
        'GET /api/v1/agencies',
        'POST /api/v1/agencies',
        'GET /api/v1/agencies/{id}',
        'GET /api/v1/users',
        'POST /api/v1/users',
        'GET /api/v1/users/{id}',
        'GET /api/v1/meta',
        'GET /healthz',
        'GET /readyz',
      ]),
    )
    // Operators' scrape endpoint is not part of the public API.
    expect(routes).not.toContain('GET /metrics')
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'sen_session' },
    })
  })

  it('describes each identity route with a summary, a tag and its input schema', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json()
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, Record<string, unknown>>>,
    )) {
      // The identity module's routes and the server's own (other modules test their own).
      if (!/^\/api\/v1\/(auth|me|agencies|users|meta)\b/.test(path)) continue
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toEqual(expect.any(String))
        expect(op.tags, `${method} ${path}`).toHaveLength(1)
      }
    }
    const login = doc.paths['/api/v1/auth/login'].post
    expect(login.requestBody.content['application/json'].schema).toMatchObject({
      required: ['username', 'password'],
      additionalProperties: false,
    })
  })
})
