import { type TLiteral, Type } from 'typebox'
import { Nullable } from '../../schemas'

// Schemas of the signing routes: they serialise output and write the OpenAPI document.

export const KeyInfoSchema = Type.Object({
  id: Type.String(),
  ownerType: Type.Union([
    Type.Literal('ca'),
    Type.Literal('agency'),
    Type.Literal('official'),
    Type.Literal('subsystem'),
  ]),
  ownerId: Type.String(),
  subject: Type.String({ description: 'The certificate subject, RFC 4514 order' }),
  issuer: Type.String(),
  serial: Type.String({ description: 'Certificate serial number, hex' }),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  fingerprint: Type.String({ description: 'SHA-256 of the certificate' }),
  revoked: Type.Boolean(),
})

const SIGNATURE_STATUSES: [
  TLiteral<'valid'>,
  TLiteral<'altered'>,
  TLiteral<'revoked'>,
  TLiteral<'unknown_signer'>,
] = [Type.Literal('valid'), Type.Literal('altered'), Type.Literal('revoked'), Type.Literal('unknown_signer')]

/** Who signed, as Sen issued their certificate. */
const SignerSchema = Type.Object({
  cn: Type.String({ description: "The certificate's common name: the official's or the agency's name" }),
  ownerType: Type.Union([Type.Literal('agency'), Type.Literal('official'), Type.Literal('subsystem')], {
    description: 'official: a personal signature; agency: the agency seal',
  }),
  ownerId: Type.String(),
  organisation: Nullable(Type.String()),
  title: Nullable(Type.String({ description: "The official's capacity (certificate title), e.g. Lãnh đạo" })),
  keyId: Type.String(),
  serial: Type.String(),
})

const SignatureCheckSchema = Type.Object({
  status: Type.Union(SIGNATURE_STATUSES, { description: 'valid | altered | revoked | unknown_signer' }),
  signer: Nullable(SignerSchema),
  signedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(Type.String()),
  location: Nullable(Type.String()),
  subFilter: Nullable(Type.String()),
  coversWholeFile: Type.Boolean({
    description: 'Whether it covers the whole file (the last signature must)',
  }),
  detail: Nullable(Type.String({ description: 'Why the status is not valid (technical, English)' })),
})

export const VerificationSchema = Type.Object({
  status: Type.Union([...SIGNATURE_STATUSES, Type.Literal('unsigned')], {
    description:
      'valid | altered | revoked | unknown_signer | unsigned: valid only when every signature is, the last covering the whole file',
  }),
  message: Type.String({ description: 'What the status means, in the language of Accept-Language' }),
  /** The last signature's signer (Sen's results: the agency seal). */
  signer: Nullable(SignerSchema),
  signedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(Type.String()),
  location: Nullable(Type.String()),
  subFilter: Nullable(Type.String()),
  signatures: Type.Integer(),
  signers: Type.Array(SignatureCheckSchema, {
    description: "Every signature in the order made (Sen's results: the official's, then the agency seal)",
  }),
  detail: Nullable(Type.String({ description: 'Why the status is not valid (technical, English)' })),
})
