import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { asc, desc, gt, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { auditEvents } from './schema'

export interface AuditEntry {
  actorId: string | null
  action: string
  entity: string
  entityId: string
  data?: Record<string, unknown>
}

const GENESIS = '0'.repeat(64)
/** Serialises appends so that each event chains to exactly one predecessor. */
const CHAIN_LOCK = 7366002

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

/** Appends an event in the caller's transaction, so that the change and its audit commit together. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`)
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  const prevHash = last?.hash ?? GENESIS
  const at = new Date()
  await tx.insert(auditEvents).values({
    at,
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    data: entry.data ?? {},
    prevHash,
    hash: hashOf(prevHash, at, entry),
  })
}

export interface ChainReport {
  ok: boolean
  checked: number
  /** The first event whose link or content does not match. */
  firstBroken?: { seq: number; reason: 'prev_hash' | 'hash' }
}

/** Walks the whole chain in order and names the first broken link. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let prevHash = GENESIS
  let checked = 0
  let after = 0
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
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
    after = batch[batch.length - 1]!.seq
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
