import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { SEN_SOURCES } from './routes.schema'

/** One indicator of a regime: what is reported, of which type and unit; `source` names Sen's own figure. */
export interface RegimeIndicator {
  code: string
  name: string
  type: 'integer' | 'decimal' | 'percent' | 'boolean' | 'text'
  unit: string | null
  required: boolean
  source: (typeof SEN_SOURCES)[number] | null
}

/**
 * Reporting regimes ("chế độ báo cáo"): registered with their legal basis by the agency that
 * receives the reports; the agencies of the levels named below it report each period.
 */
export const govReportRegimes = pgTable(
  'gov_report_regimes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    legalBasis: text('legal_basis').notNull(),
    period: text('period', { enum: ['monthly', 'quarterly', 'yearly'] }).notNull(),
    /** The agency the reports go to; the reporters are the agencies of `reporterLevels` below it. */
    recipientAgencyId: text('recipient_agency_id').notNull(),
    reporterLevels: text('reporter_levels').array().notNull(),
    /** Days after a period's last day by which its report is due. */
    deadlineDays: integer('deadline_days').notNull(),
    /** The first day of the first period reported. */
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    indicators: jsonb('indicators').$type<RegimeIndicator[]>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gov_report_regimes_code_idx').on(t.code),
    index('gov_report_regimes_recipient_idx').on(t.recipientAgencyId),
  ],
)

/** A reporter's submission for one period, its values checked against the regime's indicators. */
export const govReportSubmissions = pgTable(
  'gov_report_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regimeId: uuid('regime_id')
      .notNull()
      .references(() => govReportRegimes.id),
    agencyId: text('agency_id').notNull(),
    /** '2026-03' (monthly), '2026-Q1' (quarterly), '2026' (yearly). */
    period: text('period').notNull(),
    values: jsonb('values').$type<Record<string, number | boolean | string | null>>().notNull(),
    /** Submitted after the period's due day. */
    late: boolean('late').notNull(),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gov_report_submissions_unique_idx').on(t.regimeId, t.agencyId, t.period),
    index('gov_report_submissions_agency_idx').on(t.agencyId),
  ],
)
