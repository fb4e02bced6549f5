import { Type } from 'typebox'
import { Nullable } from '../../schemas'

// Schemas of the signing routes: they serialise output and write the OpenAPI document.

export const KeyInfoSchema = Type.Object({
  id: Type.String(),
  ownerType: Type.Union([Type.Literal('ca'), Type.Literal('agency'), Type.Literal('official')]),
  ownerId: Type.String(),
  subject: Type.String({ description: 'The certificate subject, RFC 4514 order' }),
  issuer: Type.String(),
  serial: Type.String({ description: 'Certificate serial number, hex' }),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  fingerprint: Type.String({ description: 'SHA-256 of the certificate' }),
  revoked: Type.Boolean(),
})

export const VerificationSchema = Type.Object({
  status: Type.Union(
    [
      Type.Literal('valid'),
      Type.Literal('altered'),
      Type.Literal('revoked'),
      Type.Literal('unknown_signer'),
      Type.Literal('unsigned'),
    ],
    { description: 'valid | altered | revoked | unknown_signer | unsigned' },
  ),
  message: Type.String({ description: 'What the status means, in the language of Accept-Language' }),
  signer: Nullable(
    Type.Object({
      cn: Type.String(),
      ownerType: Type.Union([Type.Literal('agency'), Type.Literal('official')]),
      ownerId: Type.String(),
      organisation: Nullable(Type.String()),
      keyId: Type.String(),
      serial: Type.String(),
    }),
  ),
  signedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(Type.String()),
  location: Nullable(Type.String()),
  subFilter: Nullable(Type.String()),
  signatures: Type.Integer(),
  detail: Nullable(Type.String({ description: 'Why the status is not valid (technical, English)' })),
})
