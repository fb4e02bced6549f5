import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp } from '../../../../tests/helpers/app'
import { freshPostgres, testDatabase, testDbKind } from '../../../../tests/helpers/db'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { type Database, type Db, openDatabase } from '../../db'
import { auditEvents } from '../audit/schema'
import { appendAudit } from '../audit/service'
import { countDomainEvents } from '../metrics/service'
import { domainEvents } from './schema'
import {
  type DomainEvent,
  type EventWorker,
  eventPositionsNow,
  publish,
  startEventWorker,
  subscribe,
} from './service'

let database: Database
beforeAll(async () => {
  database = await testDatabase()
})
afterAll(() => database.close())

/** An event of the registry, with a payload of our choosing (no dossier behind it). */
const used = (documentId = randomUUID()) =>
  ({ name: 'wallet.document_used', payload: { documentId, dossierCode: 'TEST-1', usedBy: 'TEST' } }) as const

/** A subscriber that keeps, outside the database, the document ids it was handed, in order. */
function recorder(name: string, onEvent?: (event: DomainEvent<'wallet.document_used'>) => void) {
  const seen: string[] = []
  const subscription = subscribe(name, ['wallet.document_used'], async (event) => {
    seen.push(event.payload.documentId)
    onEvent?.(event)
  })
  return { seen, subscription }
}

/**
 * Drains until `done()`. The horizon is the cluster's: on a shared PostgreSQL server a transaction
 * still open in another database (another test file's) holds every subscriber back for a moment.
 */
async function drainUntil(worker: EventWorker, done: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    await worker.drainOnce().catch(() => {})
    if (await done()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('the events did not come')
}

async function eventsOf(db: Db, documentId: string) {
  return db.select().from(domainEvents).where(sql`${domainEvents.payload} ->> 'documentId' = ${documentId}`)
}

describe('publishing', () => {
  it('commits with the change it tells of, and rolls back with it', async () => {
    const kept = randomUUID()
    await database.db.transaction(async (tx) => {
      await appendAudit(tx, { actorId: null, action: 'test.kept', entity: 'test', entityId: kept })
      await publish(tx, used(kept))
    })
    expect(await eventsOf(database.db, kept)).toHaveLength(1)

    const dropped = randomUUID()
    await expect(
      database.db.transaction(async (tx) => {
        await appendAudit(tx, { actorId: null, action: 'test.dropped', entity: 'test', entityId: dropped })
        await publish(tx, used(dropped))
        throw new Error('the change fails')
      }),
    ).rejects.toThrow('the change fails')
    expect(await eventsOf(database.db, dropped)).toHaveLength(0)
    expect(
      await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, dropped)),
    ).toHaveLength(0)
  })

  it('refuses a payload that does not match its schema, and writes nothing', async () => {
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(domainEvents)
    expect(() =>
      publish(database.db, {
        name: 'wallet.document_used',
        payload: { documentId: 'not-a-uuid', dossierCode: 'TEST-1', usedBy: 'TEST' },
      }),
    ).toThrow(/wallet.document_used: the payload does not match its schema/)
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(domainEvents)
    expect(after).toEqual(before)
  })
})

describe('subscribers', () => {
  it('get each event once, in order, when nothing fails', async () => {
    const { seen, subscription } = recorder(`once-${randomUUID()}`)
    const worker = startEventWorker(database.db, [subscription], { pollMs: 0 })
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    for (const id of ids) await publish(database.db, used(id))
    await drainUntil(worker, () => ids.every((id) => seen.includes(id)))
    await worker.drainOnce()
    await worker.stop()
    // A new subscriber starts from the beginning of the feed: earlier tests' events come first.
    expect(seen.slice(-3)).toEqual(ids)
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('get an event again after a crash before their position is saved, and an idempotent handler does its work once', async () => {
    const done = new Set<string>()
    let crashOn: string | null = null
    const { seen, subscription } = recorder(`crash-${randomUUID()}`, (event) => {
      done.add(event.payload.documentId) // idempotent: a second handling changes nothing
      if (event.payload.documentId === crashOn) {
        crashOn = null
        throw new Error('the process dies before saving its position')
      }
    })
    const worker = startEventWorker(database.db, [subscription], { pollMs: 0 })
    await worker.drainOnce()
    const first = randomUUID()
    const second = randomUUID()
    await publish(database.db, used(first))
    await publish(database.db, used(second))
    crashOn = second
    await drainUntil(worker, () => crashOn === null)
    const [position] = (await eventPositionsNow(database.db)).filter(
      (p) => p.subscriber === subscription.subscriber,
    )
    expect(position?.lastError).toMatch('the process dies')
    await drainUntil(worker, () => seen.filter((id) => id === second).length === 2)
    await worker.drainOnce()
    await worker.stop()
    // Both were handed over twice (the batch's position was not saved), then never again.
    expect(seen.filter((id) => id === first)).toHaveLength(2)
    expect(seen.filter((id) => id === second)).toHaveLength(2)
    expect([...done].filter((id) => id === first || id === second)).toHaveLength(2)
    const [after] = (await eventPositionsNow(database.db)).filter(
      (p) => p.subscriber === subscription.subscriber,
    )
    expect(after?.lastError).toBeNull()
  })

  it('write in the transaction that saves their position: a failed batch leaves nothing of theirs', async () => {
    const marker = randomUUID()
    let fail = true
    let failed = false
    const subscription = subscribe(`tx-${randomUUID()}`, ['wallet.document_used'], async (event, tx) => {
      if (event.payload.documentId !== marker) return
      await appendAudit(tx, { actorId: null, action: 'test.handled', entity: 'test', entityId: marker })
      if (fail) {
        failed = true
        throw new Error('fails after writing')
      }
    })
    const worker = startEventWorker(database.db, [subscription], { pollMs: 0 })
    await publish(database.db, used(marker))
    await drainUntil(worker, () => failed)
    const handled = () => database.db.select().from(auditEvents).where(eq(auditEvents.entityId, marker))
    expect(await handled()).toHaveLength(0)
    fail = false
    await drainUntil(worker, async () => (await handled()).length > 0)
    await worker.stop()
    expect(await handled()).toHaveLength(1)
  })

  it('keep their position across a restart of the server', async () => {
    // A database of our own, opened twice as two server runs would.
    let open: () => Promise<Database>
    let dispose: () => Promise<void>
    if (testDbKind === 'pglite') {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-events-'))
      open = () => openDatabase({ dataDir })
      dispose = async () => fs.rmSync(dataDir, { recursive: true, force: true })
    } else {
      const { url, drop } = await freshPostgres()
      open = () => openDatabase({ databaseUrl: url, dataDir: 'unused' })
      dispose = drop
    }
    const before = randomUUID()
    const afterRestart = randomUUID()
    try {
      const first = await open()
      await first.migrate()
      const one = recorder('restart')
      const worker = startEventWorker(first.db, [one.subscription], { pollMs: 0 })
      await publish(first.db, used(before))
      await drainUntil(worker, () => one.seen.length > 0)
      await worker.stop()
      await publish(first.db, used(afterRestart))
      await first.close()

      const second = await open()
      const two = recorder('restart')
      const again = startEventWorker(second.db, [two.subscription], { pollMs: 0 })
      await drainUntil(again, () => two.seen.length > 0)
      await again.drainOnce()
      await again.stop()
      await second.close()
      expect(one.seen).toEqual([before])
      expect(two.seen).toEqual([afterRestart])
    } finally {
      await dispose()
    }
  })

  it.runIf(testDbKind === 'postgres')(
    'never skip an event whose transaction commits after one with a higher id (PostgreSQL)',
    async () => {
      const { seen, subscription } = recorder(`order-${randomUUID()}`)
      const worker = startEventWorker(database.db, [subscription], { pollMs: 0 })
      await worker.drainOnce()
      const early = randomUUID()
      const late = randomUUID()
      let commitEarly!: () => void
      const earlyMayCommit = new Promise<void>((resolve) => {
        commitEarly = resolve
      })
      let earlyPublished!: () => void
      const earlyHasPublished = new Promise<void>((resolve) => {
        earlyPublished = resolve
      })
      // The first transaction takes the lower id, then stays open while the second commits.
      const slow = database.db.transaction(async (tx) => {
        await publish(tx, used(early))
        earlyPublished()
        await earlyMayCommit
      })
      await earlyHasPublished
      await publish(database.db, used(late))
      const [earlyRow] = await eventsOf(database.db, early)
      const [lateRow] = await eventsOf(database.db, late)
      expect(earlyRow).toBeUndefined() // not committed yet
      expect(lateRow).toBeDefined()
      await worker.drainOnce()
      // Nothing after the open transaction is handed over yet: it may still commit below.
      expect(seen).not.toContain(late)
      commitEarly()
      await slow
      const [committed] = await eventsOf(database.db, early)
      expect(committed!.id).toBeLessThan(lateRow!.id)
      await drainUntil(worker, () => seen.includes(early) && seen.includes(late))
      await worker.stop()
      expect(seen.slice(-2)).toEqual([early, late])
    },
  )

  it.runIf(testDbKind === 'postgres')(
    'are run by one process at a time: two workers on one database hand each event over once',
    async () => {
      const { seen, subscription } = recorder(`pair-${randomUUID()}`)
      const a = startEventWorker(database.db, [subscription], { pollMs: 0, batchSize: 3 })
      const b = startEventWorker(database.db, [subscription], { pollMs: 0, batchSize: 3 })
      await a.drainOnce()
      seen.length = 0
      const ids = Array.from({ length: 20 }, () => randomUUID())
      for (const id of ids) await publish(database.db, used(id))
      await Promise.all([a.drainOnce(), b.drainOnce(), a.drainOnce(), b.drainOnce()])
      await drainUntil(a, () => seen.length >= ids.length)
      await Promise.all([a.stop(), b.stop()])
      expect(seen).toEqual(ids)
    },
  )
})

describe('end to end', () => {
  it('a dossier’s life publishes its events, which the metrics subscriber counts at /metrics', async () => {
    const t = await createTestApp()
    try {
      const citizen = await t.token('demo.citizen')
      const officer = await t.token('demo.officer')
      const leader = await t.token('demo.leader')
      const client = dossierClient(t)
      const birthNotice = await client.upload(citizen)
      const code = await client.fileBirth(citizen, birthNotice)
      for (const [token, action] of [
        [officer, 'accept'],
        [officer, 'assign'],
        [officer, 'submit_to_leader'],
        [leader, 'approve'],
      ] as const)
        expect((await client.act(token, code, { action, note: 'Kính trình' })).statusCode).toBe(200)
      const rated = await t.app.inject({
        method: 'POST',
        url: `/api/v1/dossiers/${code}/rating`,
        headers: bearer(citizen),
        payload: { score: 'satisfied' },
      })
      expect(rated.statusCode).toBe(201)
      const { dossier } = (
        await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })
      ).json()
      const published = await t.db
        .select({ name: domainEvents.name, payload: domainEvents.payload })
        .from(domainEvents)
        .where(
          sql`${domainEvents.payload} ->> 'code' = ${code} or ${domainEvents.payload} ->> 'dossierCode' = ${code}
            or ${domainEvents.payload} ->> 'documentId' = ${birthNotice}`,
        )
        // One transaction's events in the order of their names: a statement's inserts come in no set order.
        .orderBy(domainEvents.txId, domainEvents.name)
      expect(published).toEqual([
        {
          name: 'wallet.document_added',
          payload: expect.objectContaining({
            documentId: birthNotice,
            source: 'uploaded',
            ownerType: 'person',
          }),
        },
        {
          name: 'dossier.submitted',
          payload: expect.objectContaining({
            code,
            procedureCode: '1.001193',
            applicantType: 'person',
            competentAgencyId: dossier.competentAgencyId,
            dueAt: dossier.dueAt,
            documents: 1,
          }),
        },
        {
          name: 'wallet.document_used',
          payload: { documentId: birthNotice, dossierCode: code, usedBy: dossier.competentAgencyId },
        },
        {
          name: 'dossier.action_taken',
          payload: expect.objectContaining({
            code,
            action: 'accept',
            fromStatus: 'new',
            toStatus: 'accepted',
          }),
        },
        { name: 'dossier.action_taken', payload: expect.objectContaining({ code, action: 'assign' }) },
        {
          name: 'dossier.action_taken',
          payload: expect.objectContaining({ code, action: 'submit_to_leader' }),
        },
        {
          name: 'dossier.action_taken',
          payload: expect.objectContaining({ code, action: 'approve', toStatus: dossier.status }),
        },
        {
          name: 'dossier.result_issued',
          payload: expect.objectContaining({
            code,
            documentId: dossier.resultDocumentId,
            documentCode: `${code}-KQ1`,
          }),
        },
        {
          name: 'wallet.document_added',
          payload: expect.objectContaining({
            documentId: dossier.resultDocumentId,
            source: 'issued',
            dossierCode: code,
          }),
        },
        {
          name: 'feedback.rating_given',
          payload: expect.objectContaining({
            dossierCode: code,
            score: 'satisfied',
            procedureCode: '1.001193',
          }),
        },
      ])
      const counted = async () => {
        const text = (await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body
        return Number(/sen_domain_events_total\{event="dossier.submitted"\} (\d+)/.exec(text)?.[1] ?? 0)
      }
      const before = await counted()
      // Every filing of the demo and this one, each counted once.
      const filings = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(domainEvents)
        .where(eq(domainEvents.name, 'dossier.submitted'))
      const worker = startEventWorker(t.db, [countDomainEvents], { pollMs: 0 })
      await drainUntil(worker, async () => (await counted()) - before >= filings[0]!.n)
      await worker.drainOnce()
      await worker.stop()
      expect((await counted()) - before).toBe(filings[0]!.n)
    } finally {
      await t.close()
    }
  })
})
