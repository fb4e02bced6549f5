import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
})

/**
 * Members of the exchange, as X-Road names them: `VN/GOV/<agency id>` for agencies,
 * `VN/COM/<tax code>` for businesses.
 */
export const exchangeMembers = pgTable('exchange_members', {
  id: text('id').primaryKey(),
  instance: text('instance').notNull(),
  memberClass: text('member_class', { enum: ['GOV', 'COM'] }).notNull(),
  memberCode: text('member_code').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Information systems an agency or business runs (the programme counts them): its owner, what it is
 * for, and its security level (1–5, Decree 85/2016) when governance has classified it.
 */
export const informationSystems = pgTable('information_systems', {
  id: uuid('id').primaryKey().defaultRandom(),
  memberId: text('member_id')
    .notNull()
    .references(() => exchangeMembers.id),
  name: text('name').notNull(),
  purpose: text('purpose').notNull(),
  securityLevel: integer('security_level'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A member's subsystem (`VN/GOV/X00004/DOSSIERS`): what calls and what offers services. */
export const exchangeSubsystems = pgTable(
  'exchange_subsystems',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => exchangeMembers.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    systemId: uuid('system_id').references(() => informationSystems.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('exchange_subsystems_system_idx').on(t.systemId)],
)

/** A REST service a provider subsystem offers: its OpenAPI document and the backend behind it. */
export const exchangeServices = pgTable('exchange_services', {
  id: text('id').primaryKey(),
  subsystemId: text('subsystem_id')
    .notNull()
    .references(() => exchangeSubsystems.id),
  code: text('code').notNull(),
  title: text('title').notNull(),
  backendUrl: text('backend_url').notNull(),
  openapi: jsonb('openapi').notNull(),
  personalData: boolean('personal_data').notNull(),
  /** Law 91/2025: the person's own consent is the legal basis, so each call needs it recorded. */
  consentRequired: boolean('consent_required').notNull().default(false),
  /** Where the data subject's id sits in the path (a regular expression with one group). */
  subjectPattern: text('subject_pattern'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Data-sharing agreements: for data placed on the shared platform, its owner, rights of use,
 * conditions, value sharing and term, between a provider and a consumer member. Grants cite them.
 */
export const exchangeAgreements = pgTable('exchange_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  providerMemberId: text('provider_member_id')
    .notNull()
    .references(() => exchangeMembers.id),
  consumerMemberId: text('consumer_member_id')
    .notNull()
    .references(() => exchangeMembers.id),
  title: text('title').notNull(),
  dataDescription: text('data_description').notNull(),
  rightsOfUse: text('rights_of_use').notNull(),
  conditions: text('conditions').notNull(),
  valueSharing: text('value_sharing').notNull(),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Access rights: one client subsystem may call one service, with one method on paths matching a
 * pattern, for named purposes, on a legal basis, until it expires. Never edited: a change is a new
 * grant, an end is a withdrawal row.
 */
export const exchangeGrants = pgTable(
  'exchange_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: text('service_id')
      .notNull()
      .references(() => exchangeServices.id),
    clientId: text('client_id')
      .notNull()
      .references(() => exchangeSubsystems.id),
    method: text('method').notNull(),
    /** A path, `*` standing for one segment and a trailing `/**` for any rest. */
    pathPattern: text('path_pattern').notNull(),
    purposes: text('purposes').array().notNull(),
    legalBasis: text('legal_basis').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Calls per minute for this client under this grant, and per day. */
    ratePerMinute: integer('rate_per_minute').notNull(),
    quotaPerDay: integer('quota_per_day').notNull(),
    agreementId: uuid('agreement_id').references(() => exchangeAgreements.id),
    grantedBy: text('granted_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('exchange_grants_lookup_idx').on(t.clientId, t.serviceId)],
)

export const exchangeGrantWithdrawals = pgTable('exchange_grant_withdrawals', {
  grantId: uuid('grant_id')
    .primaryKey()
    .references(() => exchangeGrants.id),
  reason: text('reason').notNull(),
  withdrawnBy: text('withdrawn_by').notNull(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * A person's consent that a client may read their data from a service for a purpose (Law 91/2025),
 * given and withdrawn by the person: append-only, a withdrawal is its own row.
 */
export const exchangeConsents = pgTable(
  'exchange_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subject: text('subject').notNull(),
    clientId: text('client_id')
      .notNull()
      .references(() => exchangeSubsystems.id),
    serviceId: text('service_id')
      .notNull()
      .references(() => exchangeServices.id),
    purpose: text('purpose').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('exchange_consents_subject_idx').on(t.subject, t.clientId, t.serviceId)],
)

/**
 * The message log: one row per exchange, request and response together (never a request without its
 * outcome), sealed into a hash chain moments later and signed in batches (exchange_seals).
 * `digest` is the SHA-256 of the entry's canonical content; the chain links digests, so that an
 * exchange's evidence needs only the digests of its batch's other entries, not their content.
 */
export const exchangeLog = pgTable(
  'exchange_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** X-Road-Id: unique per client, a second use is a replay. */
    requestId: text('request_id').notNull(),
    clientId: text('client_id').notNull(),
    serviceId: text('service_id'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    userId: text('user_id'),
    /** X-Road-Issue: the purpose (and case) the call is made for. */
    issue: text('issue'),
    subject: text('subject'),
    grantId: uuid('grant_id'),
    consentId: uuid('consent_id'),
    status: integer('status').notNull(),
    errorType: text('error_type'),
    durationMs: integer('duration_ms').notNull(),
    requestHash: text('request_hash').notNull(),
    responseHash: text('response_hash').notNull(),
    /** The client's signed assertion, proof of who asked. */
    assertion: text('assertion'),
    requestBody: bytea('request_body'),
    responseBody: bytea('response_body'),
    digest: text('digest').notNull(),
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('exchange_log_request_idx').on(t.clientId, t.requestId),
    uniqueIndex('exchange_log_chain_idx').on(t.chainSeq),
    index('exchange_log_unsealed_idx').on(t.seq).where(sql`chain_seq is null`),
    index('exchange_log_subject_idx').on(t.subject, t.at).where(sql`subject is not null`),
    index('exchange_log_service_at_idx').on(t.serviceId, t.at),
  ],
)

/** A batch of chained log entries, signed by the gateway's key (JWS over its range and last hash). */
export const exchangeSeals = pgTable('exchange_seals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  firstChainSeq: bigint('first_chain_seq', { mode: 'number' }).notNull(),
  lastChainSeq: bigint('last_chain_seq', { mode: 'number' }).notNull().unique(),
  lastHash: text('last_hash').notNull(),
  jws: text('jws').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
})
