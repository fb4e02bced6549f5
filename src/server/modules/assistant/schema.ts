import { date, integer, pgTable, text, unique } from 'drizzle-orm/pg-core'

/**
 * How often the assistant's features were used, per agency and day (for gov.ai_use). Only counts:
 * no question, no form and no person is kept. `agency_id` is the official's agency; null for the
 * public (citizens, businesses, anonymous visitors), counted at the root.
 */
export const assistantUses = pgTable(
  'assistant_uses',
  {
    day: date('day').notNull(),
    agencyId: text('agency_id'),
    feature: text('feature', { enum: ['ask', 'precheck'] }).notNull(),
    uses: integer('uses').notNull().default(0),
  },
  (t) => [unique('assistant_uses_key').on(t.day, t.agencyId, t.feature).nullsNotDistinct()],
)
