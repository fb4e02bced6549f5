import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../tests/helpers/app'
import { testDatabase, testDbKind } from '../../tests/helpers/db'
import { buildApp } from './app'
import { loadConfig } from './config'
import type { Database } from './db'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ demo: false })
})
afterAll(() => t.close())

describe('GET /healthz', () => {
  it('answers 200 while the process is up', async () => {
    const response = await t.app.inject({ url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })
})

describe('GET /readyz', () => {
  it('answers 200 ready when the database answers and is migrated', async () => {
    const response = await t.app.inject({ url: '/readyz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ready', database: testDbKind })
  })

  describe('on a database that was never migrated', () => {
    let empty: Database
    let app: TestApp
    beforeAll(async () => {
      empty = await testDatabase({ migrate: false })
      app = await createTestApp({ database: empty })
    })
    afterAll(async () => {
      await app.close()
      await empty.close()
    })

    it('answers 503 and says to run the migrations', async () => {
      const response = await app.app.inject({ url: '/readyz' })
      expect(response.statusCode).toBe(503)
      expect(response.json()).toEqual({
        status: 'not ready',
        database: testDbKind,
        reason: 'migrations not applied: run "npx sen migrate"',
      })
    })

    it('still answers /healthz: the process is alive, only not ready', async () => {
      expect((await app.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    })

    it('answers 503 with how many are applied when some are pending', async () => {
      await empty.db.execute(sql`create schema if not exists drizzle`)
      await empty.db.execute(
        sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key)`,
      )
      try {
        const response = await app.app.inject({ url: '/readyz' })
        expect(response.statusCode).toBe(503)
        expect(response.json().reason).toMatch(/^migrations pending: 0 of [1-9]\d* applied$/)
      } finally {
        await empty.db.execute(sql`drop schema drizzle cascade`)
      }
    })
  })
})

describe('GET /api/v1/meta', () => {
  it('tells anyone the name, version and mode of the server', async () => {
    const response = await t.app.inject({ url: '/api/v1/meta' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      name: 'Sen',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      demo: true,
    })
  })
})

describe('graceful shutdown', () => {
  it('lets a request in flight finish with 200 when the server closes, then closes promptly and takes no new ones', async () => {
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1' })
    const app = await buildApp({
      config: { ...config, cookieSecret: 'test-secret-that-is-long-enough' } as Parameters<
        typeof buildApp
      >[0]['config'],
      database: t.database,
    })
    const events: string[] = []
    let entered: () => void = () => {}
    const inside = new Promise<void>((resolve) => {
      entered = resolve
    })
    // A slow handler stands in for a long database call.
    app.get('/test/slow', async () => {
      entered()
      await new Promise((resolve) => setTimeout(resolve, 400))
      events.push('handler finished')
      return { done: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const base = `http://127.0.0.1:${port}`

    // fetch keeps its connection alive, as browsers and load balancers do.
    const inFlight = fetch(`${base}/test/slow`)
    await inside
    const started = Date.now()
    const closing = app.close().then(() => events.push('closed'))
    const response = await inFlight
    expect(response.status).toBe(200)
    expect(response.headers.get('connection')).toBe('close')
    expect(await response.json()).toEqual({ done: true })
    await closing
    expect(events).toEqual(['handler finished', 'closed'])
    // Not held open by the idle keep-alive connection (that would take keepAliveTimeout, 72 s).
    expect(Date.now() - started).toBeLessThan(5000)
    await expect(fetch(`${base}/healthz`)).rejects.toThrow()
  })
})
