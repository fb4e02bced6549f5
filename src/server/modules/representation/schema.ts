import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Written authorisations to act for someone: a person for another person (a power of attorney,
 * "giấy ủy quyền"), or a business for one of its employees. Each names the procedures it covers
 * and ends on its expiry or when withdrawn. A parent for a minor child and a business's legal
 * representative need none: the registries say so.
 */
export const authorisations = pgTable(
  'authorisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Who is represented: a person (personal id number) or a business (tax code). */
    grantorType: text('grantor_type', { enum: ['person', 'business'] }).notNull(),
    grantorId: text('grantor_id').notNull(),
    /** Who may act: a person, by personal id number. */
    granteePin: text('grantee_pin').notNull(),
    basis: text('basis', { enum: ['written', 'employee'] }).notNull(),
    /** The procedures (national codes) it covers. */
    procedures: text('procedures').array().notNull(),
    /** The written authorisation itself: its number, date, who certified it. */
    document: text('document').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('authorisations_grantee_idx').on(t.granteePin),
    index('authorisations_grantor_idx').on(t.grantorType, t.grantorId),
  ],
)
