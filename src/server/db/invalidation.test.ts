import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../tests/helpers/app'
import { testDbKind } from '../../../tests/helpers/db'
import { dossierClient } from '../../../tests/helpers/dossiers'
import { createCitizen, FIXTURE_PASSWORD } from '../../../tests/helpers/fixtures'
import { until } from '../../../tests/helpers/wait'
import { cachesLive, invalidationsHeard, rowCache } from './invalidation'
import { rowsOf } from './rows'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** A cache of session rows for these tests, counting how often it had to ask the database. */
function sessionCache(name: string) {
  const cache = rowCache<{ id: string; expiresAt: string }>(t.db, name, {
    max: 100,
    kinds: ['session'],
    keys: (_kind, id) => [id],
  })
  let loads = 0
  const read = (id: string) =>
    cache.read(id, async () => {
      loads++
      const [row] = await rowsOf<{ id: string; expiresAt: string }>(
        t.db,
        sql`select id, expires_at::text as "expiresAt" from sessions where id = ${id}`,
      )
      return row
    })
  return { cache, read, loads: () => loads }
}

async function someSessionId(): Promise<string> {
  await t.token('demo.citizen')
  const [row] = await rowsOf<{ id: string }>(
    t.db,
    sql`select id from sessions order by created_at desc limit 1`,
  )
  return row!.id
}

describe('rows kept in memory', () => {
  it('answers from memory, and asks again once the row changed in the database, whoever changed it', async () => {
    const { read, loads } = sessionCache('test-sessions-1')
    const id = await someSessionId()
    const first = await read(id)
    await read(id)
    expect(loads()).toBe(1)
    // Behind Sen's back, as psql would: the trigger tells every listening process.
    await t.db.execute(sql`update sessions set expires_at = expires_at + interval '1 hour' where id = ${id}`)
    await invalidationsHeard(t.db)
    const second = await read(id)
    expect(loads()).toBe(2)
    expect(second?.expiresAt).not.toBe(first?.expiresAt)
  })

  it('does not keep a value read before a change it heard of while reading', async () => {
    const { cache } = sessionCache('test-sessions-2')
    let loads = 0
    const load = async () => {
      loads++
      // The row changes here while this read is on its way: what it read is already old.
      if (loads === 1) cache.forget('k')
      return { id: 'k', expiresAt: `v${loads}` }
    }
    expect(await cache.read('k', load)).toEqual({ id: 'k', expiresAt: 'v1' })
    expect(await cache.read('k', load)).toEqual({ id: 'k', expiresAt: 'v2' })
    expect(await cache.read('k', load)).toEqual({ id: 'k', expiresAt: 'v2' })
    expect(loads).toBe(2)
  })

  it.runIf(testDbKind === 'postgres')(
    'asks the database for everything while it cannot hear of changes, and keeps again once it can',
    async () => {
      const { read, loads } = sessionCache('test-sessions-3')
      const id = await someSessionId()
      await read(id)
      await read(id)
      expect(loads()).toBe(1)
      // The listening connection drops (a network partition, a restart of PostgreSQL).
      await t.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and query ilike 'listen%'`,
      )
      await until(() => !cachesLive(t.db))
      await read(id)
      await read(id)
      expect(loads()).toBe(3)
      // Reconnected within a second or two: answers from memory again.
      await until(() => cachesLive(t.db))
      await read(id)
      await read(id)
      expect(loads()).toBe(4)
    },
  )
})

describe('who is asking, from memory', () => {
  const me = (token: string) => t.app.inject({ url: '/api/v1/me', headers: bearer(token) })

  it('refuses a token in use as soon as its account is disabled behind Sen’s back', async () => {
    const citizen = await createCitizen(t, 'cached-disabled')
    const token = await t.token(citizen.username, FIXTURE_PASSWORD)
    expect((await me(token)).statusCode).toBe(200)
    await t.db.execute(sql`update users set active = false where id = ${citizen.id}`)
    await invalidationsHeard(t.db)
    expect((await me(token)).statusCode).toBe(401)
  })

  it('refuses a token in use once it is revoked in the database, or has expired', async () => {
    const citizen = await createCitizen(t, 'cached-revoked')
    const revoked = await t.token(citizen.username, FIXTURE_PASSWORD)
    expect((await me(revoked)).statusCode).toBe(200)
    await t.db.execute(sql`delete from sessions where user_id = ${citizen.id}`)
    await invalidationsHeard(t.db)
    expect((await me(revoked)).statusCode).toBe(401)

    const expiring = await t.token(citizen.username, FIXTURE_PASSWORD)
    expect((await me(expiring)).statusCode).toBe(200)
    await t.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${citizen.id}`,
    )
    await invalidationsHeard(t.db)
    expect((await me(expiring)).statusCode).toBe(401)
  })

  it('sends the notice of a filing to the account’s address as it is now, changed behind Sen’s back', async () => {
    const { fileBirth } = dossierClient(t)
    const token = await t.token('demo.citizen')
    const recipientOf = async (code: string) => {
      const rows = await rowsOf<{ recipient: string }>(
        t.db,
        sql`select recipient from outbox where payload ->> 'link' = ${`/dossiers/${code}`}`,
      )
      return rows.map((r) => r.recipient)
    }
    const before = await fileBirth(token)
    const [address] = await recipientOf(before)
    expect(address).toMatch(/@/)
    await t.db.execute(sql`update users set email = 'moi.dia.chi@example.vn' where username = 'demo.citizen'`)
    await invalidationsHeard(t.db)
    expect(await recipientOf(await fileBirth(token))).toEqual(['moi.dia.chi@example.vn'])
    await t.db.execute(sql`update users set email = ${address!} where username = 'demo.citizen'`)
  })

  it('refuses a token at once after its logout in this process', async () => {
    const citizen = await createCitizen(t, 'cached-logout')
    const token = await t.token(citizen.username, FIXTURE_PASSWORD)
    expect((await me(token)).statusCode).toBe(200)
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })
    expect(out.statusCode).toBeLessThan(300)
    expect((await me(token)).statusCode).toBe(401)
  })
})

describe('where a dossier stands, from memory', () => {
  it('shows each move at once to an applicant who polls, and a change behind Sen’s back once heard', async () => {
    const { fileBirth, act } = dossierClient(t)
    const citizen = await t.token('demo.citizen')
    const officer = await t.token('demo.officer')
    const status = async () =>
      (await t.app.inject({ url: `/api/v1/dossiers/${code}/status`, headers: bearer(citizen) })).json()
    const code = await fileBirth(citizen)
    expect(await status()).toMatchObject({ status: 'new', statusCode: 1 })
    expect((await act(officer, code, { action: 'accept' })).statusCode).toBe(200)
    expect(await status()).toMatchObject({ status: 'accepted', statusCode: 2 })
    expect((await act(officer, code, { action: 'request_supplement', note: 'Bổ sung' })).statusCode).toBe(200)
    expect(await status()).toMatchObject({ status: 'supplement_requested', paused: true })

    await t.db.execute(
      sql`update dossiers set due_at = now() - interval '1 day', paused_at = null where code = ${code}`,
    )
    await invalidationsHeard(t.db)
    expect(await status()).toMatchObject({ paused: false })
  })
})

describe('with the row caches off (SEN_ROW_CACHES=off)', () => {
  it('asks the database at every request: a disabled account is refused without waiting for news', async () => {
    const off = await createTestApp({ env: { SEN_ROW_CACHES: 'off' } })
    try {
      expect(cachesLive(off.db)).toBe(false)
      const citizen = await createCitizen(off, 'uncached-disabled')
      const token = await off.token(citizen.username, FIXTURE_PASSWORD)
      const me = () => off.app.inject({ url: '/api/v1/me', headers: bearer(token) })
      expect((await me()).statusCode).toBe(200)
      await off.db.execute(sql`update users set active = false where id = ${citizen.id}`)
      expect((await me()).statusCode).toBe(401)
    } finally {
      await off.close()
    }
  })
})
