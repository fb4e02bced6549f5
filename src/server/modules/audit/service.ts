import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { type ChainReport, type HashChain, sealChain, walkChain } from '../../db/hash-chain'
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

/** One sealer at a time, across every process on the database. */
const SEAL_LOCK = 7366002

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

/** The audit log's chain: each event's hash covers the previous hash and its own content. */
const AUDIT_CHAIN: HashChain<typeof auditEvents.$inferSelect> = {
  table: auditEvents,
  seq: auditEvents.seq,
  chainSeq: auditEvents.chainSeq,
  prevHash: auditEvents.prevHash,
  hash: auditEvents.hash,
  lock: SEAL_LOCK,
  link: (prevHash, event) =>
    hashOf(prevHash, event.at, { ...event, data: event.data as Record<string, unknown> }),
}

/**
 * Chains the committed events not yet sealed, in the order they are found, after the last sealed
 * one (db/hash-chain.ts). One sealer at a time: with `wait` this one waits for another to finish,
 * else it leaves the work to it. Returns how many it sealed.
 */
export function sealAuditEvents(db: Db, options: { wait?: boolean } = {}): Promise<number> {
  return sealChain(db, AUDIT_CHAIN, options)
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

export type { ChainReport }

/** Seals what is committed, then walks the whole chain in order and names the first broken link. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  await sealAuditEvents(db, { wait: true })
  return walkChain(db, AUDIT_CHAIN, { onProgress })
}

export async function countAuditEvents(db: Db, entity?: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(entity ? sql`${auditEvents.entity} = ${entity}` : undefined)
  return rows[0]?.n ?? 0
}
