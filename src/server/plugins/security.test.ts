import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('security headers', () => {
  /** Pages and files: helmet's headers. */
  function expectPageHeaders(headers: Record<string, unknown>) {
    const csp = String(headers['content-security-policy'])
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(headers['x-content-type-options']).toBe('nosniff')
  }

  /** API answers: OWASP's REST Security Cheat Sheet. */
  function expectApiHeaders(headers: Record<string, unknown>) {
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(String(headers['cache-control'])).toContain('no-store')
    // What only documents heed is left off JSON.
    expect(headers['referrer-policy']).toBeUndefined()
    expect(headers['cross-origin-opener-policy']).toBeUndefined()
  }

  /** A server with a small web app of its own, so that pages are served whether or not it is built. */
  async function withWebApp(env: Record<string, string>, use: (web: TestApp) => Promise<void>) {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-web-'))
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Sen</title>')
    fs.writeFileSync(path.join(webDir, 'app.js'), 'console.log(1)')
    const web = await createTestApp({ database: t.database, env: { SEN_WEB_DIR: webDir, ...env } })
    try {
      await use(web)
    } finally {
      await web.close()
      fs.rmSync(webDir, { recursive: true, force: true })
    }
  }

  it('are on every API answer, and keep it out of caches', async () => {
    const response = await t.app.inject({ url: '/api/v1/meta' })
    expect(response.statusCode).toBe(200)
    expectApiHeaders(response.headers)
    expect(response.headers['x-powered-by']).toBeUndefined()
  })

  it('are on API error answers too', async () => {
    const unauthenticated = await t.app.inject({ url: '/api/v1/me' })
    expect(unauthenticated.statusCode).toBe(401)
    expectApiHeaders(unauthenticated.headers)
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/nowhere' })
    expect(missing.statusCode).toBe(404)
    expectApiHeaders(missing.headers)
  })

  it('are on the web app’s pages and files, the same on each', async () => {
    await withWebApp({}, async (web) => {
      const answers = await Promise.all(
        ['/', '/procedures/1.001193', '/app.js'].map((url) => web.app.inject({ url })),
      )
      for (const answer of answers) {
        expect(answer.statusCode).toBe(200)
        expectPageHeaders(answer.headers)
      }
      expect(answers[0]!.body).toContain('<title>Sen</title>')
      expect(new Set(answers.map((a) => a.headers['content-security-policy'])).size).toBe(1)
    })
  })

  it('ask browsers to upgrade insecure requests in production only', async () => {
    await withWebApp({}, async (web) => {
      const page = await web.app.inject({ url: '/' })
      expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests')
    })
    await withWebApp(
      { NODE_ENV: 'production', SEN_COOKIE_SECRET: 'a-production-secret-of-enough-length' },
      async (production) => {
        const page = await production.app.inject({ url: '/' })
        expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests')
        const meta = await production.app.inject({ url: '/api/v1/meta' })
        expect(meta.json().demo).toBe(false)
      },
    )
  })
})

describe('request ids', () => {
  it('echoes a safe x-request-id', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-7f3a.2_9' } })
    expect(response.headers['x-request-id']).toBe('lb-7f3a.2_9')
  })

  it('generates one when none is given', async () => {
    const a = await t.app.inject({ url: '/healthz' })
    const b = await t.app.inject({ url: '/healthz' })
    expect(a.headers['x-request-id']).toMatch(UUID)
    expect(b.headers['x-request-id']).toMatch(UUID)
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id'])
  })

  for (const [what, value] of [
    ['spaces and markup', 'id <script>'],
    ['backslashes', 'abc\\ndef'],
    ['more than 64 characters', 'a'.repeat(65)],
    ['non-ASCII text', 'yêu-cầu-1'],
  ] as const) {
    it(`replaces one with ${what} by a generated one`, async () => {
      const response = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': value } })
      expect(response.headers['x-request-id']).toMatch(UUID)
    })
  }

  it('is on error answers too', async () => {
    const response = await t.app.inject({ url: '/api/v1/me', headers: { 'x-request-id': 'trace-401' } })
    expect(response.statusCode).toBe(401)
    expect(response.headers['x-request-id']).toBe('trace-401')
  })
})

describe('rate limits', () => {
  it('answers the request over SEN_RATE_LIMIT a minute with 429 RATE_LIMITED, in the requested language', async () => {
    const limited = await createTestApp({ database: t.database, env: { SEN_RATE_LIMIT: '5' } })
    try {
      const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
        limited.app.inject({ url: '/api/v1/meta', remoteAddress, headers })
      for (let i = 0; i < 5; i++) {
        const response = await from('192.0.2.10')
        expect(response.statusCode).toBe(200)
        expect(response.headers['x-ratelimit-limit']).toBe('5')
        expect(response.headers['x-ratelimit-remaining']).toBe(String(4 - i))
      }
      const sixth = await from('192.0.2.10')
      expect(sixth.statusCode).toBe(429)
      expect(sixth.json().error.code).toBe('RATE_LIMITED')
      expect(sixth.json().error.message).toMatch(/^Quá nhiều yêu cầu\. Vui lòng thử lại sau \d+ giây\.$/)
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0)
      const english = await from('192.0.2.10', { 'accept-language': 'en' })
      expect(english.json().error.message).toMatch(/^Too many requests\. Try again in \d+ seconds\.$/)
      // Another client is not held back.
      expect((await from('192.0.2.11')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('limits logins to 20 a minute per address, even when the global limit is high', async () => {
    const login = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: {} })
    for (let i = 0; i < 20; i++) expect((await login('198.51.100.1')).statusCode).toBe(400)
    const over = await login('198.51.100.1')
    expect(over.statusCode).toBe(429)
    expect(over.json().error.code).toBe('RATE_LIMITED')
    expect((await login('198.51.100.2')).statusCode).toBe(400)
  })

  it('limits token requests to 20 a minute per address too', async () => {
    const token = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/token', remoteAddress, payload: {} })
    for (let i = 0; i < 20; i++) expect((await token('198.51.100.3')).statusCode).toBe(400)
    expect((await token('198.51.100.3')).statusCode).toBe(429)
  })

  it('does not count one address against another behind no trusted proxy', async () => {
    // X-Forwarded-For is not trusted unless SEN_TRUST_PROXY=true: a client cannot pick its own address.
    const login = (forwardedFor: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '198.51.100.4',
        headers: { 'x-forwarded-for': forwardedFor },
        payload: {},
      })
    for (let i = 0; i < 20; i++) await login(`203.0.113.${i}`)
    expect((await login('203.0.113.99')).statusCode).toBe(429)
  })
})
