// PostgreSQL goes away under a running Sen and comes back: while it is gone, requests fail at once
// with 503 DATABASE_UNAVAILABLE and /readyz says why; afterwards the same process serves again,
// without a restart. A TCP proxy of our own stands between the app and PostgreSQL and is cut.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type Database, openDatabase } from '../../src/server/db'
import { cachesLive } from '../../src/server/db/invalidation'
import { bearer, createTestApp, type TestApp } from '../helpers/app'
import { freshPostgres, testDbKind } from '../helpers/db'
import { dossierClient } from '../helpers/dossiers'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'
import { until } from '../helpers/wait'

describe.skipIf(testDbKind !== 'postgres')(
  'PostgreSQL unreachable, then back (PostgreSQL only: PGlite lives in the process and cannot go away)',
  () => {
    let fresh: Awaited<ReturnType<typeof freshPostgres>>
    let proxy: TcpProxy
    let database: Database
    let t: TestApp
    let citizen: string
    let birthNotice: string

    /** Requests that each need the database: a public read, a signed-in read and a submission. */
    const requests = () =>
      Promise.all([
        t.app.inject({ url: '/api/v1/agencies/X00004' }),
        t.app.inject({ url: '/api/v1/dossiers', headers: bearer(citizen) }),
        dossierClient(t).submit(citizen, dossierClient(t).birthApplication(birthNotice), {
          'idempotency-key': 'filed-during-the-outage',
        }),
      ])

    beforeAll(async () => {
      fresh = await freshPostgres(inject('postgresTemplate'))
      const direct = new URL(fresh.url)
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) })
      const viaProxy = new URL(fresh.url)
      viaProxy.hostname = '127.0.0.1'
      viaProxy.port = String(proxy.port)
      database = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: 'unused' })
      t = await createTestApp({ database })
      citizen = await t.token('demo.citizen')
      birthNotice = await dossierClient(t).upload(citizen)
    })
    afterAll(async () => {
      await t?.close()
      await database?.close()
      await proxy?.close()
      await fresh?.drop()
    })

    it('serves through the proxy while the database is there', async () => {
      expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200)
      const [agency, list] = await Promise.all([
        t.app.inject({ url: '/api/v1/agencies/X00004' }),
        t.app.inject({ url: '/api/v1/dossiers', headers: bearer(citizen) }),
      ])
      expect(agency.statusCode, agency.body).toBe(200)
      expect(list.statusCode, list.body).toBe(200)
      // The pool holds open connections, which the cut will break.
      expect(database.pool().total).toBeGreaterThan(0)
    })

    it('answers 503 DATABASE_UNAVAILABLE to every request that needs it while it is unreachable', async () => {
      await proxy.cut()
      // Its listening connection dropped too: nothing is answered from memory from then on.
      await until(() => !cachesLive(database.db), { within: 15_000 })
      const responses = await requests()
      for (const response of responses) {
        expect(response.statusCode, response.body).toBe(503)
        expect(response.json()).toEqual({
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau.',
          },
        })
      }
      const english = await t.app.inject({
        url: '/api/v1/dossiers',
        headers: { ...bearer(citizen), 'accept-language': 'en' },
      })
      expect(english.json().error.message).toBe(
        'The database is unavailable for a moment. Please try again later.',
      )
    })

    it('/readyz answers 503 and says the database is unreachable; /healthz stays 200', async () => {
      const ready = await t.app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({
        status: 'not ready',
        database: 'postgres',
        reason: expect.stringMatching(/^database unreachable: .*ECONNREFUSED/),
      })
      const health = await t.app.inject({ url: '/healthz' })
      expect(health.statusCode).toBe(200)
      expect(health.json()).toEqual({ status: 'ok' })
    })

    it('recovers in the same process once the database is reachable again', async () => {
      const acceptedBefore = proxy.accepted()
      await proxy.restore()
      const ready = await t.app.inject({ url: '/readyz' })
      expect(ready.statusCode, ready.body).toBe(200)
      const [agency, list, submission] = await requests()
      expect(agency.statusCode, agency.body).toBe(200)
      expect(list.statusCode, list.body).toBe(200)
      // The submission refused during the outage left nothing behind: its retry files it anew.
      expect(submission.statusCode, submission.body).toBe(201)
      expect(submission.headers['idempotent-replayed']).toBeUndefined()
      // Through new connections, not ones kept from before the cut.
      expect(proxy.accepted()).toBeGreaterThan(acceptedBefore)
    })

    it('stops answering from memory within seconds when the database goes silent, and resumes after', async () => {
      await until(() => cachesLive(database.db), { within: 15_000 })
      const me = () => t.app.inject({ url: '/api/v1/me', headers: bearer(citizen) })
      expect((await me()).statusCode).toBe(200)
      // A partition: no reset, no answer. Only the listener's heartbeat can tell.
      proxy.stall()
      try {
        await until(() => !cachesLive(database.db), { within: 15_000 })
      } finally {
        proxy.resume()
      }
      await until(() => cachesLive(database.db), { within: 15_000 })
      expect((await me()).statusCode).toBe(200)
    })
  },
)

describe.skipIf(testDbKind !== 'postgres')(
  'PostgreSQL stalls without a reset (a partition), then resumes (PostgreSQL only)',
  () => {
    let fresh: Awaited<ReturnType<typeof freshPostgres>>
    let proxy: TcpProxy
    let database: Database
    let t: TestApp
    let citizen: string

    beforeAll(async () => {
      fresh = await freshPostgres(inject('postgresTemplate'))
      const direct = new URL(fresh.url)
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) })
      const viaProxy = new URL(fresh.url)
      viaProxy.hostname = '127.0.0.1'
      viaProxy.port = String(proxy.port)
      // Short limits, so that the test waits little; the defaults are 5 s, 5 s and 1 s.
      database = await openDatabase({
        databaseUrl: viaProxy.toString(),
        dataDir: 'unused',
        timeouts: { statementMs: 1_000, connectMs: 1_000, readyMs: 500 },
      })
      t = await createTestApp({ database })
      citizen = await t.token('demo.citizen')
    })
    afterAll(async () => {
      proxy?.resume()
      await t?.close()
      await database?.close()
      await proxy?.close()
      await fresh?.drop()
    })

    it('/readyz answers 503 "not ready" instead of hanging, and requests 503 DATABASE_UNAVAILABLE', {
      timeout: 15_000,
    }, async () => {
      expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200)
      // Connections in the pool, idle and open, which the stall leaves unanswered.
      await Promise.all([1, 2, 3].map(() => t.app.inject({ url: '/api/v1/agencies/X00004' })))
      proxy.stall()
      const ready = await t.app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({
        status: 'not ready',
        database: 'postgres',
        reason: 'database unreachable: no answer within 500 ms',
      })
      // A statement on a stalled connection, and then one that must open a new connection.
      for (const attempt of [1, 2]) {
        const response = await t.app.inject({ url: '/api/v1/dossiers', headers: bearer(citizen) })
        expect(response.statusCode, `attempt ${attempt}: ${response.body}`).toBe(503)
        expect(response.json().error.code).toBe('DATABASE_UNAVAILABLE')
      }
      const again = await t.app.inject({ url: '/readyz' })
      expect(again.statusCode).toBe(503)
    })

    it('serves again once the network resumes, in the same process', { timeout: 15_000 }, async () => {
      proxy.resume()
      const ready = await t.app.inject({ url: '/readyz' })
      expect(ready.statusCode, ready.body).toBe(200)
      const agency = await t.app.inject({ url: '/api/v1/agencies/X00004' })
      expect(agency.statusCode, agency.body).toBe(200)
    })
  },
)
