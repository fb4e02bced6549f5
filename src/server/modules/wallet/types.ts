import type { Static } from 'typebox'
import type { WalletDocumentSchema } from './routes.schema'

/** Whose wallet: a person by personal id number, or an organisation by tax code. */
export interface Owner {
  type: 'person' | 'organisation'
  id: string
}

/** A wallet document as its routes show it (routes.schema.ts), and whose wallet holds it. */
export type WalletDocument = Static<typeof WalletDocumentSchema> & { owner: Owner }

/** File types a citizen may upload, and the bytes they begin with. */
export const UPLOAD_TYPES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
}
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
