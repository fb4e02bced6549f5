import { sql } from 'drizzle-orm'
import {
  bigint,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import type { DataColumn, DatasetSnapshot } from './data'

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' })

/** A dataset as its publisher keeps it now: the metadata of its latest version and its lifecycle. */
export const datasets = pgTable(
  'opendata_datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    agencyId: text('agency_id').notNull(),
    status: text('status', { enum: ['draft', 'published', 'withdrawn'] })
      .notNull()
      .default('draft'),
    origin: text('origin', { enum: ['sen', 'agency'] })
      .notNull()
      .default('agency'),
    /** Which of Sen's generators refreshes it (origin 'sen' only). */
    generator: text('generator').unique(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en'),
    descriptionVi: text('description_vi').notNull().default(''),
    descriptionEn: text('description_en'),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    sectors: text('sectors').array().notNull().default(sql`'{}'::text[]`),
    licenceId: text('licence_id').notNull().default('CC-BY-4.0'),
    accrualPeriodicity: text('accrual_periodicity').notNull().default('UNKNOWN'),
    spatial: text('spatial').array().notNull().default(sql`'{}'::text[]`),
    temporalStart: date('temporal_start'),
    temporalEnd: date('temporal_end'),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    /** The columns of its table of data; null until data is given. */
    columns: jsonb('columns').$type<DataColumn[]>(),
    rowCount: integer('row_count'),
    /**
     * Which generation of records is current: a new table of data is written beside the old one,
     * so that a download under way goes on reading the rows it started with.
     */
    dataGeneration: integer('data_generation').notNull().default(0),
    /** Title, description and keywords folded (fold.ts), for the portal's search. */
    searchText: text('search_text').notNull().default(''),
    issued: timestamp('issued', { withTimezone: true }),
    modified: timestamp('modified', { withTimezone: true }).notNull().defaultNow(),
    /** When its data was last refreshed (for "update frequency kept"). */
    dataRefreshedAt: timestamp('data_refreshed_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawalReason: text('withdrawal_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('opendata_datasets_agency_idx').on(t.agencyId, t.status),
    index('opendata_datasets_status_idx').on(t.status, t.modified),
  ],
)

/** Every published version of a dataset: its metadata and files as they were then. */
export const datasetVersions = pgTable(
  'opendata_dataset_versions',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<DatasetSnapshot>().notNull(),
    note: text('note'),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
)

/** The rows of a dataset's table, in order: every distribution is rendered from them. */
export const records = pgTable(
  'opendata_records',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    generation: integer('generation').notNull(),
    seq: integer('seq').notNull(),
    /** One value per column, in the columns' order. */
    cells: jsonb('cells').$type<(string | number | null)[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.generation, t.seq] })],
)

/** A dataset's files, one per format; size and checksum are of the bytes a download sends. */
export const distributions = pgTable(
  'opendata_distributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    format: text('format', { enum: ['CSV', 'JSON', 'XLSX'] }).notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }),
    sha256: text('sha256'),
    rowCount: integer('row_count'),
    /** XLSX is kept as rendered (a zip is not rendered twice to the same bytes); CSV and JSON stream from the records. */
    content: bytea('content'),
    issued: timestamp('issued', { withTimezone: true }).notNull().defaultNow(),
    modified: timestamp('modified', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('opendata_distributions_format_key').on(t.datasetId, t.format)],
)

/** An agency's open-data publication plan: when it was last reviewed (every 6 months). */
export const plans = pgTable('opendata_plans', {
  agencyId: text('agency_id').primaryKey(),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewedBy: uuid('reviewed_by'),
  reviewNote: text('review_note'),
  nextReviewDue: date('next_review_due').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A priority dataset an agency plans to release. */
export const planItems = pgTable(
  'opendata_plan_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en'),
    priority: text('priority', { enum: ['high', 'medium', 'low'] }).notNull(),
    plannedRelease: date('planned_release').notNull(),
    accessMethod: text('access_method', { enum: ['download', 'api', 'download_and_api'] }).notNull(),
    responsibleUnit: text('responsible_unit').notNull(),
    /** The dataset that fulfils it, once there is one. */
    datasetId: uuid('dataset_id').references(() => datasets.id),
    cancelled: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('opendata_plan_items_agency_idx').on(t.agencyId, t.plannedRelease)],
)

/** Views, downloads and API calls of a dataset per day, added in batches (usage.ts). */
export const usage = pgTable(
  'opendata_usage',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
    downloads: integer('downloads').notNull().default(0),
    apiCalls: integer('api_calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.day] })],
)
