import { and, asc, eq, gt, lt, sql } from 'drizzle-orm'
import { generateSync } from 'otplib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { createOfficial, FIXTURE_PASSWORD, snapshot, uniqueName } from '../../../../tests/helpers/fixtures'
import { rowsOf } from '../../db/rows'
import { auditEvents } from './schema'
import { appendAudit, countAuditEvents, sealAuditEvents, verifyAuditChain } from './service'

let t: TestApp
let adminId: string
let adminToken: string
beforeAll(async () => {
  t = await createTestApp()
  adminToken = await t.token('demo.admin')
  adminId = (await t.app.inject({ url: '/api/v1/me', headers: bearer(adminToken) })).json().id
})
afterAll(() => t.close())

async function lastSeq() {
  const [row] = await t.db
    .select({ seq: sql<number>`coalesce(max(${auditEvents.seq}), 0)::int` })
    .from(auditEvents)
  return Number(row?.seq ?? 0)
}

/** The events written after `seq`, in order. */
async function eventsAfter(seq: number) {
  return t.db
    .select({
      action: auditEvents.action,
      actorId: auditEvents.actorId,
      entity: auditEvents.entity,
      entityId: auditEvents.entityId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(gt(auditEvents.seq, seq))
    .orderBy(asc(auditEvents.seq))
}

let clients = 0
const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: `10.50.0.${++clients}`,
    payload: { username, password, ...extra },
  })

describe('every state change through the API writes one audit event', () => {
  it('login: auth.login by the account', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'auditlogin')
    const mark = await lastSeq()
    expect((await login(official.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
    expect(await eventsAfter(mark)).toEqual([
      {
        action: 'auth.login',
        actorId: official.id,
        entity: 'user',
        entityId: official.id,
        data: { kind: 'cookie', method: 'password', assurance: 0 },
      },
    ])
  })

  it('token: auth.login of kind bearer', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'audittoken')
    const mark = await lastSeq()
    await t.token(official.username, FIXTURE_PASSWORD)
    expect(await eventsAfter(mark)).toMatchObject([
      { action: 'auth.login', actorId: official.id, data: { kind: 'bearer' } },
    ])
  })

  it('logout: auth.logout by the account', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'auditlogout')
    const session = await t.login(official.username, FIXTURE_PASSWORD)
    const mark = await lastSeq()
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    expect(await eventsAfter(mark)).toEqual([
      {
        action: 'auth.logout',
        actorId: official.id,
        entity: 'user',
        entityId: official.id,
        data: { kind: 'cookie' },
      },
    ])
  })

  it('a failed login: auth.login_failed, with no actor', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'auditfail')
    const mark = await lastSeq()
    expect((await login(official.username, 'wrong')).statusCode).toBe(401)
    expect(await eventsAfter(mark)).toEqual([
      {
        action: 'auth.login_failed',
        actorId: null,
        entity: 'user',
        entityId: official.id,
        data: { factor: 'password', accountFailures: 1, delaySeconds: 0 },
      },
    ])
  })

  it('a throttled address: the fourth failure sets a delay; an attempt held by it writes nothing', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'auditthrottle')
    const fromOneAddress = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.51.0.1',
        payload: { username: official.username, password },
      })
    for (let i = 0; i < 3; i++) await fromOneAddress('wrong')
    const mark = await lastSeq()
    await fromOneAddress('wrong')
    const [fourth] = await eventsAfter(mark)
    expect(fourth).toMatchObject({ action: 'auth.login_failed', entityId: official.id })
    expect((fourth!.data as { delaySeconds: number }).delaySeconds).toBeGreaterThan(0)
    // Held by the delay: refused before the password is checked, so nothing more is written.
    const held = await lastSeq()
    expect((await fromOneAddress(FIXTURE_PASSWORD)).statusCode).toBe(429)
    expect(await lastSeq()).toBe(held)
  })

  it('creating an agency: agency.created by the administrator', async () => {
    const mark = await lastSeq()
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(adminToken),
      payload: { id: 'AUD1', parentId: 'H01', level: 'unit', name: 'Văn phòng' },
    })
    expect(response.statusCode).toBe(201)
    expect(await eventsAfter(mark)).toEqual([
      {
        action: 'agency.created',
        actorId: adminId,
        entity: 'agency',
        entityId: 'AUD1',
        data: { parentId: 'H01', level: 'unit', name: 'Văn phòng' },
      },
    ])
  })

  it('creating an account: account.created by the administrator, without the password', async () => {
    const mark = await lastSeq()
    const username = uniqueName('auditnew')
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(adminToken),
      payload: {
        username,
        password: FIXTURE_PASSWORD,
        displayName: 'Ngô Thị Mai',
        agencyId: 'X00004',
        roles: ['leader'],
      },
    })
    expect(response.statusCode).toBe(201)
    const events = await eventsAfter(mark)
    const keyId = events.find((event) => event.action === 'signing.key.issued')?.entityId
    // A leader's personal signing key is issued with the account (it signs results with it).
    expect(events).toEqual([
      {
        action: 'account.created',
        actorId: adminId,
        entity: 'user',
        entityId: response.json().id,
        data: { username, kind: 'official', agencyId: 'X00004', roles: ['leader'] },
      },
      {
        action: 'signing.key.issued',
        actorId: null,
        entity: 'signing_key',
        entityId: keyId,
        data: expect.objectContaining({ ownerType: 'official', ownerId: response.json().id }),
      },
    ])
    expect(keyId).toEqual(expect.any(String))
    expect(JSON.stringify(events)).not.toContain(FIXTURE_PASSWORD)
  })

  it('enabling TOTP: auth.totp_enabled by the account; starting the setup writes nothing', async () => {
    const official = await createOfficial(t, 'X00004', ['specialist'], 'audittotp')
    const token = await t.token(official.username, FIXTURE_PASSWORD)
    const mark = await lastSeq()
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: bearer(token) })
    expect(await lastSeq()).toBe(mark)
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: bearer(token),
      payload: { code: generateSync({ secret: setup.json().secret }) },
    })
    expect(confirm.statusCode).toBe(204)
    const events = await eventsAfter(mark)
    expect(events).toMatchObject([
      { action: 'auth.totp_enabled', actorId: official.id, entityId: official.id },
    ])
    expect(JSON.stringify(events)).not.toContain(setup.json().secret)
  })

  it('reads write nothing', async () => {
    const before = await countAuditEvents(t.db)
    await t.app.inject({ url: '/api/v1/me', headers: bearer(adminToken) })
    await t.app.inject({ url: '/api/v1/agencies?q=Ba' })
    await t.app.inject({ url: '/api/v1/users', headers: bearer(adminToken) })
    expect(await countAuditEvents(t.db)).toBe(before)
  })
})

describe('the hash chain', () => {
  it('verifies over every event written so far', async () => {
    const report = await verifyAuditChain(t.db)
    expect(report).toEqual({ ok: true, checked: await countAuditEvents(t.db) })
  })

  /** Changes one event with raw SQL, checks what verification says, and puts it back. */
  async function tampered(change: (seq: number) => Promise<void>, restore: (seq: number) => Promise<void>) {
    const [victim] = await t.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'agency.created'), eq(auditEvents.entityId, 'AUD1')))
    expect(victim).toBeDefined()
    await change(victim!.seq)
    try {
      return { seq: victim!.seq, report: await verifyAuditChain(t.db) }
    } finally {
      await restore(victim!.seq)
    }
  }

  it('seals events written at once by many transactions into one chain, each once, whoever seals', async () => {
    const before = await lastSeq()
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.db.transaction((tx) =>
          appendAudit(tx, { actorId: null, action: 'test.concurrent', entity: 'test', entityId: `C${i}` }),
        ),
      ),
    )
    const unsealed = async () => {
      const [row] = await rowsOf<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from audit_events where chain_seq is null`,
      )
      return row!.n
    }
    expect(await unsealed()).toBeGreaterThanOrEqual(60)
    // Several sealers at once (as several servers would): one works, the others leave it to it.
    const sealed = await Promise.all([sealAuditEvents(t.db), sealAuditEvents(t.db), sealAuditEvents(t.db)])
    expect(sealed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60)
    expect(await unsealed()).toBe(0)
    const chain = await t.db
      .select({ seq: auditEvents.seq, chainSeq: auditEvents.chainSeq })
      .from(auditEvents)
      .where(gt(auditEvents.seq, before))
    expect(chain).toHaveLength(60)
    expect(new Set(chain.map((e) => e.chainSeq)).size).toBe(60)
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: await countAuditEvents(t.db) })
  })

  it('names the first event whose content was changed', async () => {
    const [original] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, 'AUD1'))
    const { seq, report } = await tampered(
      (seq) =>
        t.db
          .execute(sql`update audit_events set data = '{"name":"Giả mạo"}'::jsonb where seq = ${seq}`)
          .then(() => {}),
      (seq) =>
        t.db
          .execute(
            sql`update audit_events set data = ${JSON.stringify(original!.data)}::jsonb where seq = ${seq}`,
          )
          .then(() => {}),
    )
    expect(report.ok).toBe(false)
    expect(report.firstBroken).toEqual({ seq, reason: 'hash' })
    // Every event before it checks out (sequence numbers may have gaps: rollbacks, recovery).
    const [before] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(lt(auditEvents.seq, seq))
    expect(report.checked).toBe(before!.n)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })

  it('names an event whose actor was rewritten', async () => {
    const { seq, report } = await tampered(
      (seq) => t.db.execute(sql`update audit_events set actor_id = null where seq = ${seq}`).then(() => {}),
      (seq) =>
        t.db.execute(sql`update audit_events set actor_id = ${adminId} where seq = ${seq}`).then(() => {}),
    )
    expect(report.firstBroken).toEqual({ seq, reason: 'hash' })
  })

  it('names the event after one that was deleted', async () => {
    const [original] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, 'AUD1'))
    const [next] = await t.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(gt(auditEvents.seq, original!.seq))
      .orderBy(asc(auditEvents.seq))
      .limit(1)
    const { report } = await tampered(
      (seq) => t.db.execute(sql`delete from audit_events where seq = ${seq}`).then(() => {}),
      async () => {
        await t.db.insert(auditEvents).values(original!)
      },
    )
    expect(report.firstBroken).toEqual({ seq: next!.seq, reason: 'prev_hash' })
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })

  it('changes nothing when refused requests come in', async () => {
    const before = await snapshot(t)
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(adminToken),
      payload: { id: 'x' },
    })
    await login('nobody.at.all', 'x')
    expect(await snapshot(t)).toEqual(before)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})
