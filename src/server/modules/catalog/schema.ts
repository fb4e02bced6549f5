import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import type { AssuranceRequirement, DocumentRequirement, FeeRule, ProcedureForm, Workflow } from './types'

/**
 * Administrative procedures, one row per version: a dossier keeps the version it was filed
 * under, and a new version takes effect from its date without touching older dossiers.
 */
export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** National code, e.g. 1.001193. */
    code: text('code').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** Field (sector), e.g. 'civil-status', 'residence', 'identity'. */
    sector: text('sector').notNull(),
    /** Agency levels that handle it: 'commune', 'province', 'central'. */
    agencyLevels: text('agency_levels').array().notNull(),
    /** Who is competent: e.g. commune People's Committee; drives routing. */
    competentBody: text('competent_body').notNull(),
    fee: jsonb('fee').$type<FeeRule>().notNull(),
    /** Legal time limit in working days; 0 means the same day. */
    processingDays: integer('processing_days').notNull(),
    onlineLevel: text('online_level', { enum: ['full', 'partial'] }).notNull(),
    /** Eligible to be offered fully online (the denominator of svc.full_online). */
    onlineEligible: boolean('online_eligible').notNull().default(true),
    essential: boolean('essential').notNull().default(false),
    // json, not jsonb: the form's field order is the order people fill it in, and jsonb sorts keys.
    form: json('form').$type<ProcedureForm>().notNull(),
    documents: jsonb('documents').$type<DocumentRequirement[]>().notNull(),
    resultType: text('result_type').notNull(),
    resultName: text('result_name').notNull(),
    resultNameEn: text('result_name_en').notNull(),
    workflow: jsonb('workflow').$type<Workflow>().notNull(),
    lifeEvents: text('life_events').array().notNull().default(sql`'{}'::text[]`),
    /** Procedures bundled into this one (the birth bundle's components). */
    bundle: text('bundle').array().notNull().default(sql`'{}'::text[]`),
    /** Values taken from secondary or conflicting sources, by field name. */
    illustrative: text('illustrative').array().notNull().default(sql`'{}'::text[]`),
    /** The e-identity level the law asks of an online applicant; none: any login. */
    assurance: jsonb('assurance').$type<AssuranceRequirement>(),
    published: boolean('published').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    unique('procedures_code_version').on(t.code, t.version),
    index('procedures_sector_idx').on(t.sector),
  ],
)
