import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' })

/** Content-addressed file store: the same bytes are kept once, named by their SHA-256. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Each person's and organisation's electronic documents: results issued by Sen, digitised records, uploads. */
export const walletDocuments = pgTable(
  'wallet_documents',
  {
    /** Also the public verification id. */
    id: uuid('id').primaryKey().defaultRandom(),
    /** <dossier code>-KQ<n> for results. */
    code: text('code').unique(),
    ownerType: text('owner_type', { enum: ['person', 'organisation'] }).notNull(),
    /** Personal id number or tax code. */
    ownerId: text('owner_id').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    source: text('source', { enum: ['issued', 'digitised', 'uploaded'] }).notNull(),
    issuerAgencyId: text('issuer_agency_id'),
    dossierCode: text('dossier_code'),
    blobSha256: text('blob_sha256'),
    mimeType: text('mime_type'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    /** The data signed as a compact JWS, for machines to reuse. */
    jws: text('jws'),
    status: text('status', { enum: ['valid', 'revoked'] })
      .notNull()
      .default('valid'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('wallet_owner_idx').on(t.ownerType, t.ownerId, t.type)],
)

/** Every reuse of a wallet document: what, for which dossier, why, with whose consent. */
export const documentUses = pgTable(
  'document_uses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    dossierCode: text('dossier_code').notNull(),
    purpose: text('purpose').notNull(),
    usedBy: text('used_by').notNull(),
    consentBy: text('consent_by'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_uses_document_idx').on(t.documentId)],
)
