import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { BusinessData, PersonData } from './types'

/**
 * The population registry: every version of every person's record is kept; the current one
 * has validTo null. A change closes the current version and opens the next.
 */
export const populationRecords = pgTable(
  'population_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pin: text('pin').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<PersonData>().notNull(),
    provinceCode: text('province_code').notNull(),
    communeCode: text('commune_code').notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by'),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('population_pin_version').on(t.pin, t.version),
    index('population_current_idx').on(t.pin, t.validTo),
    index('population_commune_idx').on(t.communeCode),
  ],
)

export const businessRecords = pgTable(
  'business_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taxCode: text('tax_code').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<BusinessData>().notNull(),
    provinceCode: text('province_code').notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by'),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('business_tax_version').on(t.taxCode, t.version),
    index('business_current_idx').on(t.taxCode, t.validTo),
  ],
)

/** Who read whose registry data, when and why (the citizen's "data tracker"). */
export const registryAccessLog = pgTable(
  'registry_access_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subject: text('subject').notNull(),
    attributes: text('attributes').array().notNull(),
    purpose: text('purpose').notNull(),
    requestedBy: text('requested_by').notNull(),
    dossierCode: text('dossier_code'),
    consentBy: text('consent_by'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registry_access_subject_idx').on(t.subject)],
)
