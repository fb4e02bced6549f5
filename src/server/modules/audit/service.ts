import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { rowsOf } from '../../db/rows'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { auditEvents } from './schema'

export interface AuditEntry {
  actorId: string | null
  action: string
  entity: string
  entityId: string
  data?: Record<string, unknown>
}

const GENESIS = '0'.repeat(64)
/** One sealer at a time, across every process on the database. */
const SEAL_LOCK = 7366002
const SEAL_BATCH = 2000

function hashOf(prevHash: string, at: Date, entry: AuditEntry): string {
  const body = canonicalize({
    at: at.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    data: entry.data ?? {},
  })
  return createHash('sha256').update(prevHash).update(body!).digest('hex')
}

/**
 * Appends an event in the caller's transaction, so that the change and its audit commit together:
 * `await` it, or hand it to `withWrites` to join the change's own statement (db/together.ts).
 * It is sealed into the chain moments after it commits (`sealAuditEvents`): chaining it here would
 * make every write of Sen wait, through its commit, on one lock.
 */
export function appendAudit(tx: Tx | Db, entry: AuditEntry) {
  return tx.insert(auditEvents).values({
    at: new Date(),
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    data: entry.data ?? {},
  })
}

/**
 * Chains the committed events not yet sealed, in the order they are found, after the last sealed
 * one: each gets its place, the previous hash and its own. One sealer at a time: with `wait` this
 * one waits for another to finish, else it leaves the work to it. Returns how many it sealed.
 */
export async function sealAuditEvents(db: Db, options: { wait?: boolean } = {}): Promise<number> {
  // Most passes find nothing: one indexed look, without a transaction, before anything else.
  const [anyPending] = await db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(isNull(auditEvents.chainSeq))
    .limit(1)
  if (!anyPending) return 0
  let sealed = 0
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`)
      else {
        const [lock] = await rowsOf<{ locked: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as locked`,
        )
        if (!lock?.locked) return 0
      }
      const pending = await tx
        .select()
        .from(auditEvents)
        .where(isNull(auditEvents.chainSeq))
        .orderBy(asc(auditEvents.seq))
        .limit(SEAL_BATCH)
      if (pending.length === 0) return 0
      const [last] = await tx
        .select({ chainSeq: auditEvents.chainSeq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(isNotNull(auditEvents.chainSeq))
        .orderBy(desc(auditEvents.chainSeq))
        .limit(1)
      let chainSeq = last?.chainSeq ?? 0
      let prevHash = last?.hash ?? GENESIS
      const links = pending.map((event) => {
        const hash = hashOf(prevHash, event.at, { ...event, data: event.data as Record<string, unknown> })
        const link = sql`(${event.seq}::bigint, ${++chainSeq}::bigint, ${prevHash}, ${hash})`
        prevHash = hash
        return link
      })
      await tx.execute(sql`
        update ${auditEvents} set chain_seq = link.chain_seq, prev_hash = link.prev_hash, hash = link.hash
        from (values ${sql.join(links, sql`, `)}) as link(seq, chain_seq, prev_hash, hash)
        where ${auditEvents.seq} = link.seq`)
      return pending.length
    })
    sealed += batch
    if (batch < SEAL_BATCH) return sealed
  }
}

interface Log {
  error(object: object, message: string): void
}

/** How long an audit event waits at most, once committed, to be sealed into the chain. */
const AUDIT_SEAL_MS = 250

/** The audit module's jobs, for the module manifest. */
export const auditJobs: Job[] = [({ db, log }) => startAuditSealer(db, { intervalMs: AUDIT_SEAL_MS, log })]

/** Seals new events every `intervalMs` in this process (never two passes at once). */
export function startAuditSealer(db: Db, options: { intervalMs: number; log: Log }) {
  return every(
    options.intervalMs,
    () => sealAuditEvents(db),
    (error) => options.log.error({ err: error }, 'sealing audit events failed'),
  )
}

export interface ChainReport {
  ok: boolean
  checked: number
  /** The first event whose link or content does not match. */
  firstBroken?: { seq: number; reason: 'prev_hash' | 'hash' }
}

/** Seals what is committed, then walks the whole chain in order and names the first broken link. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  await sealAuditEvents(db, { wait: true })
  let prevHash = GENESIS
  let checked = 0
  let after = 0
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.chainSeq, after))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(5000)
    if (batch.length === 0) return { ok: true, checked }
    for (const row of batch) {
      if (row.prevHash !== prevHash)
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'prev_hash' } }
      const expected = hashOf(prevHash, row.at, { ...row, data: row.data as Record<string, unknown> })
      if (row.hash !== expected) return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'hash' } }
      prevHash = row.hash
      checked++
    }
    after = batch[batch.length - 1]!.chainSeq!
    onProgress?.(checked)
  }
}

export async function countAuditEvents(db: Db, entity?: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(entity ? sql`${auditEvents.entity} = ${entity}` : undefined)
  return rows[0]?.n ?? 0
}
