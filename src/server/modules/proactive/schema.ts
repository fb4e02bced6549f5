import { sql } from 'drizzle-orm'
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { SuggestedProcedure, SuggestionPrefill } from './types'

/**
 * One suggestion made to a person at a life event, with its outcome: delivered (waiting for them),
 * accepted (the offered dossier filed, or the person went on to a procedure), dismissed or expired.
 * A trigger fires once per source (`triggerId`, `sourceKey`): an event handled twice suggests once.
 */
export const suggestions = pgTable(
  'proactive_suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The account told (the citizen whose life event it is). */
    userId: uuid('user_id').notNull(),
    /** The People's Committee of the person's commune: the agency whose service is delivered proactively. */
    agencyId: text('agency_id').notNull(),
    triggerId: text('trigger_id').notNull(),
    lifeEvent: text('life_event').notNull(),
    /** What fired it, e.g. `wallet:<document id>`, `age:<pin>:25`. */
    sourceKey: text('source_key').notNull(),
    /** `rule` (a life-event trigger of config/vn) or `learned` (what others did next). */
    kind: text('kind', { enum: ['rule', 'learned'] })
      .notNull()
      .default('rule'),
    /** Why, for a learned suggestion ("most people who … then …"). */
    reason: text('reason'),
    reasonEn: text('reason_en'),
    procedures: jsonb('procedures').$type<SuggestedProcedure[]>().notNull(),
    /** The procedure filed in one step on confirmation, and what is filled in for it. */
    offerCode: text('offer_code'),
    prefill: jsonb('prefill').$type<SuggestionPrefill>(),
    /** The earliest legal deadline of its procedures (a local day), if any. */
    dueOn: date('due_on'),
    status: text('status', { enum: ['delivered', 'accepted', 'dismissed', 'expired'] })
      .notNull()
      .default('delivered'),
    dossierCode: text('dossier_code'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('proactive_suggestions_source').on(t.triggerId, t.sourceKey),
    index('proactive_suggestions_user').on(t.userId, t.createdAt),
    index('proactive_suggestions_agency').on(t.agencyId, t.createdAt),
    index('proactive_suggestions_open').on(t.dueOn).where(sql`status = 'delivered'`),
    // A dossier filed looks up the suggestion it already accepted.
    index('proactive_suggestions_dossier').on(t.dossierCode).where(sql`dossier_code is not null`),
  ],
)

/** People who asked not to get suggestions (one row each; deleting it opts back in). */
export const optOuts = pgTable('proactive_opt_outs', {
  userId: uuid('user_id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * What people did next, learned from the history of dossiers by the daily job (counts only, pairs
 * of at least a few people): of `fromPeople` people who filed `fromCode`, `people` then filed
 * `toCode` within `withinDays`. Replaced whole at each pass.
 */
export const transitions = pgTable(
  'proactive_transitions',
  {
    fromCode: text('from_code').notNull(),
    toCode: text('to_code').notNull(),
    people: integer('people').notNull(),
    fromPeople: integer('from_people').notNull(),
    withinDays: integer('within_days').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromCode, t.toCode] })],
)
