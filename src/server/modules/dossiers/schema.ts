import {
  bigserial,
  boolean,
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

/**
 * Applications (hồ sơ). The row is the current state, derived from the append-only list of
 * actions in dossier_actions; both change in one transaction.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    /** <receiving agency electronic id>-<YYMMDD>-<NNNN> */
    code: text('code').primaryKey(),
    procedureId: uuid('procedure_id').notNull(),
    procedureCode: text('procedure_code').notNull(),
    applicantUserId: uuid('applicant_user_id').notNull(),
    /** 1 citizen, 2 business (national portal codes). */
    applicantType: integer('applicant_type').notNull(),
    /** The applicant's personal id number or tax code. */
    applicantId: text('applicant_id').notNull(),
    /**
     * Who filed it for the applicant, when someone else did (a parent, a legal representative, an
     * authorised person): applicantUserId is then the representative's account.
     */
    representation: jsonb('representation').$type<{
      representativePin: string
      basis: 'parent' | 'legal_representative' | 'employee' | 'written'
      authorisationId: string | null
    }>(),
    receivingAgencyId: text('receiving_agency_id').notNull(),
    competentAgencyId: text('competent_agency_id').notNull(),
    /** Partition key for the largest tables. */
    provinceCode: text('province_code').notNull(),
    status: text('status').notNull(),
    statusCode: integer('status_code').notNull(),
    /** A step inside the state that the national codes do not tell apart ('awaiting_approval': handed over to the leader). */
    stage: text('stage'),
    /** 1 in person, 2 online, 3 post. */
    channel: integer('channel').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    feeVnd: integer('fee_vnd').notNull().default(0),
    paid: boolean('paid').notNull().default(false),
    assigneeId: uuid('assignee_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    /** Reception must accept or refuse by then (8 working hours). */
    receptionDueAt: timestamp('reception_due_at', { withTimezone: true }).notNull(),
    /** When an official first answered it at reception (accepted, refused or asked for more). */
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** When the agency's reception was alerted that it had not been received in time (once). */
    receptionAlertedAt: timestamp('reception_alerted_at', { withTimezone: true }),
    /** The appointment date for the result, moved by supplements and apologies. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** While a supplement is awaited the clock stops. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    supplementRequests: integer('supplement_requests').notNull().default(0),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    resultDocumentId: uuid('result_document_id'),
    /** Decision signed with the official's personal key. */
    decisionSigned: boolean('decision_signed').notNull().default(false),
    idempotencyKey: text('idempotency_key'),
    /** sha256 of the filed request's canonical JSON: a key sent again with another body is refused. */
    idempotencyFingerprint: text('idempotency_fingerprint'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dossiers_queue_idx').on(t.competentAgencyId, t.statusCode, t.dueAt),
    index('dossiers_applicant_idx').on(t.applicantUserId, t.submittedAt),
    index('dossiers_province_idx').on(t.provinceCode, t.statusCode),
    uniqueIndex('dossiers_idempotency_idx').on(t.applicantUserId, t.idempotencyKey),
  ],
)

/** Append-only: who did what to a dossier, when and why. */
export const dossierActions = pgTable(
  'dossier_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    /** Detached signature of the decision by the acting official's personal key. */
    signature: text('signature'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dossier_actions_dossier_idx').on(t.dossierCode, t.id)],
)

/** The daily sequence per receiving agency behind dossier codes. */
export const dossierSequences = pgTable(
  'dossier_sequences',
  {
    agencyId: text('agency_id').notNull(),
    day: date('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.day] })],
)

/**
 * Each item of information or document a dossier asked for, and whether the state already
 * held it and reused it (prefill from a registry, a document from the wallet): the once-only figure.
 */
export const dossierItems = pgTable(
  'dossier_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    item: text('item').notNull(),
    kind: text('kind', { enum: ['field', 'document'] }).notNull(),
    reused: boolean('reused').notNull(),
    /** e.g. 'registry:population', 'wallet:<document id>', 'applicant'. */
    source: text('source').notNull(),
    subjectId: text('subject_id'),
    purpose: text('purpose'),
    consentBy: text('consent_by'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dossier_items_dossier_idx').on(t.dossierCode)],
)

/** Applications in progress, saved on the server so that they resume on any device. */
export const drafts = pgTable(
  'drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    procedureCode: text('procedure_code').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    documents: jsonb('documents').$type<unknown[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('drafts_user_idx').on(t.userId)],
)

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierCode: text('dossier_code').notNull(),
    amountVnd: integer('amount_vnd').notNull(),
    status: text('status', { enum: ['pending', 'paid', 'failed'] }).notNull(),
    /** The EMVCo/VietQR payload shown as a QR code. */
    qrPayload: text('qr_payload').notNull(),
    providerRef: text('provider_ref'),
    receiptDocumentId: uuid('receipt_document_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    index('payments_dossier_idx').on(t.dossierCode),
    uniqueIndex('payments_provider_ref_idx').on(t.providerRef),
  ],
)

/**
 * Signed payment notices that could not be applied because their providerRef already belongs to
 * another payment (the provider's mistake, or a notice for the wrong payment): an operator
 * reconciles them with the provider. One row per payment and reference, however often it is retried.
 */
export const paymentNoticeConflicts = pgTable(
  'payment_notice_conflicts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: uuid('payment_id').notNull(),
    providerRef: text('provider_ref').notNull(),
    /** The payment that already holds the reference. */
    heldByPaymentId: uuid('held_by_payment_id').notNull(),
    noticeStatus: text('notice_status', { enum: ['paid', 'failed'] }).notNull(),
    amountVnd: integer('amount_vnd').notNull(),
    notices: integer('notices').notNull().default(1),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_notice_conflicts_idx').on(t.paymentId, t.providerRef)],
)
