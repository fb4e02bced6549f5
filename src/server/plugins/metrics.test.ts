import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ demo: false })
})
afterAll(() => t.close())

/** The value of one sample of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue
    const inside = line.slice(name.length + 1, line.lastIndexOf('}')).split(',')
    if (wanted.every((w) => inside.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return undefined
}

describe('GET /metrics', () => {
  it('serves Prometheus text to loopback, with request counts per route pattern', async () => {
    for (const id of ['G00', 'G01', 'G02']) await t.app.inject({ url: `/api/v1/agencies/${id}` })
    const response = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = response.body
    expect(text).toContain('# TYPE sen_http_requests_total counter')
    // One series for the route pattern, whatever the ids: 3 lookups of unknown agencies in an empty database.
    expect(
      sample(text, 'sen_http_requests_total', {
        method: 'GET',
        route: '/api/v1/agencies/:id',
        status_code: '404',
      }),
    ).toBe(3)
    expect(text).not.toContain('route="/api/v1/agencies/G00"')
    expect(text).toContain('sen_http_request_duration_seconds_bucket{')
    expect(text).toContain('sen_process_cpu_user_seconds_total')
  })

  it('counts every new request', async () => {
    const read = async () =>
      sample((await t.app.inject({ url: '/metrics' })).body, 'sen_http_requests_total', {
        method: 'GET',
        route: '/healthz',
        status_code: '200',
      }) ?? 0
    const before = await read()
    await t.app.inject({ url: '/healthz' })
    await t.app.inject({ url: '/healthz' })
    expect(await read()).toBe(before + 2)
  })

  it('puts every unmatched URL under one label, so scanners cannot multiply series', async () => {
    await t.app.inject({ method: 'POST', url: '/wp-login.php' })
    await t.app.inject({ method: 'POST', url: '/.env' })
    const text = (await t.app.inject({ url: '/metrics' })).body
    expect(
      sample(text, 'sen_http_requests_total', { method: 'POST', route: 'unmatched', status_code: '404' }),
    ).toBe(2)
    expect(text).not.toContain('wp-login')
  })

  it('reports the database pool', async () => {
    const text = (await t.app.inject({ url: '/metrics' })).body
    expect(text).toContain('# TYPE sen_db_pool_connections gauge')
    for (const state of ['total', 'idle', 'waiting']) {
      expect(sample(text, 'sen_db_pool_connections', { state })).toBeGreaterThanOrEqual(0)
    }
  })

  it('refuses other addresses with 403 when no token is set', async () => {
    const response = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.7' })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('FORBIDDEN')
    expect(response.body).not.toContain('sen_')
  })

  it('does not take X-Forwarded-For for loopback', async () => {
    const response = await t.app.inject({
      url: '/metrics',
      remoteAddress: '203.0.113.7',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    })
    expect(response.statusCode).toBe(403)
  })
})

describe('GET /metrics with SEN_METRICS_TOKEN', () => {
  let withToken: TestApp
  beforeAll(async () => {
    withToken = await createTestApp({ database: t.database, env: { SEN_METRICS_TOKEN: 'scrape-secret-42' } })
  })
  afterAll(() => withToken.close())

  const scrape = (headers: Record<string, string>, remoteAddress = '10.0.0.9') =>
    withToken.app.inject({ url: '/metrics', remoteAddress, headers })

  it('serves the right bearer token', async () => {
    const response = await scrape({ authorization: 'Bearer scrape-secret-42' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('sen_http_requests_total')
  })

  it('refuses no token with 403', async () => {
    expect((await scrape({})).statusCode).toBe(403)
  })

  it('refuses a wrong token with 403', async () => {
    for (const authorization of [
      'Bearer scrape-secret-43',
      'Bearer scrape-secret-42x',
      'Bearer ',
      'scrape-secret-42',
    ]) {
      expect((await scrape({ authorization })).statusCode).toBe(403)
    }
  })

  it('refuses loopback without the token: once a token is set, it is required', async () => {
    expect((await scrape({}, '127.0.0.1')).statusCode).toBe(403)
  })
})
