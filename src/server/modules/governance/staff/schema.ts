import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/**
 * An agency's staff, as its personnel records hold them: civil servants (công chức) and public
 * employees (viên chức), with IT and digital-transformation staff and leaders marked; the basic
 * digital-skills training, the data-governance certificate (with its expiry) and, for a leader,
 * the qualifying expertise in science, technology or digital transformation. One row per person
 * and agency, known by the agency's own staff code (what a re-import updates).
 */
export const govStaff = pgTable(
  'gov_staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    staffCode: text('staff_code').notNull(),
    fullName: text('full_name').notNull(),
    category: text('category', { enum: ['civil_servant', 'public_employee'] }).notNull(),
    position: text('position'),
    itStaff: boolean('it_staff').notNull().default(false),
    leader: boolean('leader').notNull().default(false),
    /** The day the basic digital-skills training was completed. */
    digitalTrainedOn: date('digital_trained_on', { mode: 'string' }),
    digitalCourse: text('digital_course'),
    certificateNumber: text('certificate_number'),
    certificateIssuedOn: date('certificate_issued_on', { mode: 'string' }),
    /** Null: the certificate does not expire. */
    certificateExpiresOn: date('certificate_expires_on', { mode: 'string' }),
    expertiseField: text('expertise_field', { enum: ['science', 'technology', 'digital_transformation'] }),
    /** What shows the expertise: a degree, a training, years in the field. */
    expertiseBasis: text('expertise_basis'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gov_staff_code_idx').on(t.agencyId, t.staffCode),
    index('gov_staff_created_idx').on(t.createdAt),
  ],
)

/** Each spreadsheet imported: who, from which agency, the file's hash and what it changed. */
export const govStaffImports = pgTable(
  'gov_staff_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    fileName: text('file_name'),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    created: integer('created').notNull(),
    updated: integer('updated').notNull(),
    importedBy: uuid('imported_by'),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gov_staff_imports_agency_idx').on(t.agencyId, t.importedAt)],
)
