import { Type } from 'typebox'
import { Nullable } from '../../schemas'

// Schemas of the wallet routes: they validate input, serialise output and write the OpenAPI document.

export const WalletDocumentSchema = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String()),
  type: Type.String(),
  title: Type.String(),
  source: Type.Union([Type.Literal('issued'), Type.Literal('digitised'), Type.Literal('uploaded')]),
  issuerAgencyId: Nullable(Type.String()),
  dossierCode: Nullable(Type.String()),
  mimeType: Nullable(Type.String()),
  hasFile: Type.Boolean(),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
  issuedAt: Type.String({ format: 'date-time' }),
  uses: Type.Integer(),
})

export const DocType = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9-]+$' })

/**
 * What anyone holding a document (or its QR code) may learn of it: no more than these fields. The
 * signed data, which carries every personal datum the document certifies, is not among them.
 */
export const PublicDocumentStatusSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Nullable(Type.String({ description: 'The code printed on the document' })),
  type: Type.String(),
  title: Type.String(),
  issuerAgencyId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
  issuedAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  holderName: Nullable(Type.String({ description: 'Masked: the family name, then initials' })),
  signedDataSha256: Nullable(
    Type.String({
      pattern: '^[0-9a-f]{64}$',
      description:
        "SHA-256 (hex) of the issuer's JWS over the document's data: the JWS its holder shows has this digest",
    }),
  ),
  fileSha256: Nullable(
    Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the signed PDF, byte for byte' }),
  ),
  hasSignedFile: Type.Boolean({
    description: 'Whether the document has a signed PDF (check one with POST /api/v1/verify)',
  }),
})

/** A document's signed data: for its holder and the officials whose jurisdiction covers its issuer. */
export const SignedDocumentDataSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Nullable(Type.String()),
  signedData: Nullable(
    Type.String({
      description: "The issuer's compact JWS over the document's data (x5c: its certificate chain)",
    }),
  ),
})
