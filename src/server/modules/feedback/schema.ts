import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** One rating per dossier, by its applicant, after the result. */
export const ratings = pgTable(
  'ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierCode: text('dossier_code').notNull().unique(),
    userId: uuid('user_id').notNull(),
    agencyId: text('agency_id').notNull(),
    procedureCode: text('procedure_code').notNull(),
    score: text('score', { enum: ['satisfied', 'acceptable', 'dissatisfied'] }).notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ratings_agency_idx').on(t.agencyId, t.createdAt)],
)
