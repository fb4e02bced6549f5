import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Keys and X.509 certificates of Sen's embedded certificate authority, its agencies and
 * officials. Private keys are kept encrypted (PKCS#8 with a key from the data directory);
 * an HSM or remote signer keeps none here.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type', { enum: ['ca', 'agency', 'official', 'subsystem'] }).notNull(),
    ownerId: text('owner_id').notNull(),
    certificatePem: text('certificate_pem').notNull(),
    encryptedKeyPem: text('encrypted_key_pem'),
    serial: text('serial').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('signing_keys_owner_idx').on(t.ownerType, t.ownerId)],
)
