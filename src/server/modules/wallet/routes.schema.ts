import { Type } from 'typebox'

// Schemas of the wallet routes: they validate input, serialise output and write the OpenAPI document.

export const WalletDocumentSchema = Type.Object({
  id: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  title: Type.String(),
  source: Type.String(),
  issuerAgencyId: Type.Union([Type.String(), Type.Null()]),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  mimeType: Type.Union([Type.String(), Type.Null()]),
  hasFile: Type.Boolean(),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  status: Type.String(),
  issuedAt: Type.String(),
  uses: Type.Integer(),
})

export const DocType = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9-]+$' })
