/** Whose wallet: a person by personal id number, or an organisation by tax code. */
export interface Owner {
  type: 'person' | 'organisation'
  id: string
}

export interface WalletDocument {
  id: string
  code: string | null
  owner: Owner
  type: string
  title: string
  source: 'issued' | 'digitised' | 'uploaded'
  issuerAgencyId: string | null
  dossierCode: string | null
  mimeType: string | null
  hasFile: boolean
  data: Record<string, unknown> | null
  status: 'valid' | 'revoked'
  issuedAt: string
  /** How many dossiers reused it. */
  uses: number
}

/** File types a citizen may upload, and the bytes they begin with. */
export const UPLOAD_TYPES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
}
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
