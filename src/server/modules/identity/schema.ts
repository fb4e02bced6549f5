import { sql } from 'drizzle-orm'
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

/** State agencies as a tree: Government → ministries and provinces → communes → units. */
export const agencies = pgTable(
  'agencies',
  {
    /** Electronic id code (G00, H01, X00004 …), used in dossier codes. */
    id: text('id').primaryKey(),
    parentId: text('parent_id'),
    /** Materialised path '/G00/H01/X00004/' so that a subtree is one prefix match. */
    path: text('path').notNull(),
    level: text('level', { enum: ['central', 'ministry', 'province', 'commune', 'unit'] }).notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** Province (2 digits) or commune (5 digits) code of the administrative unit it governs. */
    adminUnitCode: text('admin_unit_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agencies_parent_idx').on(t.parentId), index('agencies_path_idx').on(t.path)],
)

/** Natural persons as identified by their 12-digit personal identification number. */
export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  pin: text('pin').notNull().unique(),
  fullName: text('full_name').notNull(),
  birthDate: date('birth_date'),
  gender: text('gender', { enum: ['male', 'female', 'other'] }),
  provinceCode: text('province_code'),
  communeCode: text('commune_code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Businesses and other organisations, identified by their tax code. */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  taxCode: text('tax_code').notNull().unique(),
  name: text('name').notNull(),
  provinceCode: text('province_code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Login accounts: a citizen, a business's representative, or an official of an agency. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    kind: text('kind', { enum: ['citizen', 'business', 'official'] }).notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    /** None for an account opened by a national identity login: it logs in only that way. */
    passwordHash: text('password_hash'),
    personId: uuid('person_id').references(() => people.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    agencyId: text('agency_id').references(() => agencies.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** Base32 TOTP secret once the second factor is confirmed; pending until then. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_agency_idx').on(t.agencyId),
    index('users_person_idx').on(t.personId),
    // One citizen account per person and one business account per organisation: a national
    // identity login links to it, never opens a second one.
    uniqueIndex('users_citizen_person_uq').on(t.personId).where(sql`kind = 'citizen'`),
    uniqueIndex('users_business_organisation_uq').on(t.organisationId).where(sql`kind = 'business'`),
  ],
)

/** Browser sessions (cookie) and program tokens (bearer); only a hash of the secret is kept. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['cookie', 'bearer'] }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    /** How the login was made: Sen's password (+ TOTP), or the national identity provider. */
    method: text('method', { enum: ['password', 'vneid'] })
      .notNull()
      .default('password'),
    /** 0: Sen's password; 1 or 2: the level of the national e-identity account (Decree 69/2024). */
    assurance: integer('assurance').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/**
 * National identity logins under way: what the callback must find to accept the provider's answer
 * (state, nonce, PKCE verifier). Used once: a replayed callback finds it used.
 */
export const vneidLogins = pgTable('vneid_logins', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Where the browser goes once logged in (a path of Sen's). */
  returnTo: text('return_to').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
})
