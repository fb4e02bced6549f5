import { sql } from 'drizzle-orm'
import { bigint, bigserial, customType, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** PostgreSQL's 64-bit transaction id (never wraps around), as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' })

/**
 * The domain event feed: each event is written in the transaction of the change it tells of,
 * with that transaction's id. Subscribers read it in (txId, id) order, and only below the oldest
 * transaction still running (events/feed.service.ts explains why).
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('domain_events_order_idx').on(t.txId, t.id)],
)

/** How far each subscriber has handled the feed: the (txId, id) of the last event it handled. */
export const eventPositions = pgTable('event_positions', {
  subscriber: text('subscriber').primaryKey(),
  txId: xid8('tx_id').notNull().default(sql`'0'::xid8`),
  eventId: bigint('event_id', { mode: 'number' }).notNull().default(0),
  /** The last failure of its handler, until an event is handled again. */
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
