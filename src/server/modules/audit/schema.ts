import { sql } from 'drizzle-orm'
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * Append-only log of every state change. Events are written in their change's transaction, and
 * sealed into a hash chain moments later by one sealer at a time (audit/service.ts): `chainSeq` is
 * the event's place in the chain, and its hash covers the previous event's hash and its own content.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data').notNull(),
    /** Null until sealed. */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId),
    uniqueIndex('audit_chain_idx').on(t.chainSeq),
    // What the sealer looks for, a few rows at a time.
    index('audit_unsealed_idx').on(t.seq).where(sql`chain_seq is null`),
  ],
)
