import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The counters behind every target and indicator, one row per day, agency subtree and counter
 * (a province's row holds the sum of all its communes'). Today's rows are replaced at each
 * refresh; earlier days stay as the daily snapshots behind trends. A counter without a row on a
 * refreshed day is zero.
 */
export const metricCounts = pgTable(
  'metric_counts',
  {
    day: date('day').notNull(),
    agencyId: text('agency_id').notNull(),
    counter: text('counter').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.day, t.counter] }), index('metric_counts_day_idx').on(t.day)],
)

/** Each day's latest refresh: when the counters were computed ("as of"), and how long it took. */
export const metricRefreshes = pgTable('metric_refreshes', {
  day: date('day').primaryKey(),
  asOf: timestamp('as_of', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  agencies: integer('agencies').notNull(),
})
