/** Who a key belongs to: Sen's embedded root CA, an agency (results), an official (decisions). */
export type OwnerType = 'ca' | 'agency' | 'official' | 'subsystem'

/** The one signature algorithm Sen's keys use: RSASSA-PKCS1-v1_5 with SHA-256 on RSA-2048 keys. */
export type SignatureAlgorithm = 'RS256'

/** A key row of signing_keys, as the service functions pass it around (never the private key). */
export interface SigningKey {
  id: string
  ownerType: OwnerType
  ownerId: string
  certificatePem: string
  /** What the key holder keeps here: the encrypted PKCS#8 PEM for the local holder; null for an HSM. */
  encryptedKeyPem: string | null
  serial: string
  notBefore: Date
  notAfter: Date
  revokedAt: Date | null
}

/** The public view of a key: its certificate's subject, serial and validity. */
export interface KeyInfo {
  id: string
  ownerType: OwnerType
  ownerId: string
  subject: string
  issuer: string
  serial: string
  notBefore: string
  notAfter: string
  /** SHA-256 of the certificate (DER), hex with colons, as certificate viewers show it. */
  fingerprint: string
  revoked: boolean
}

/** Whose key signs: an agency (results) or an official (decisions). */
export interface SignerRef {
  ownerType: 'agency' | 'official' | 'subsystem'
  ownerId: string
}

/** Who signed, as Sen's own records know them (read from the certificate Sen issued). */
export interface SignerView {
  /** The certificate's common name: the agency's or the official's name. */
  cn: string
  ownerType: 'agency' | 'official' | 'subsystem'
  ownerId: string
  /** The certificate's organisation: the agency id (agency keys) or the agency name (officials). */
  organisation: string | null
  /** The certificate's title (X.520): the capacity an official signs in ("Lãnh đạo"); null for agencies. */
  title: string | null
  keyId: string
  serial: string
}

export type PdfVerificationStatus = 'valid' | 'altered' | 'revoked' | 'unknown_signer' | 'unsigned'

/** One signature of a PDF, checked on its own. */
export interface PdfSignatureCheck {
  status: Exclude<PdfVerificationStatus, 'unsigned'>
  /** Known only when the certificate is one Sen issued. */
  signer: SignerView | null
  /** The signing time the signature claims (the signature dictionary's /M); not a trusted timestamp. */
  signedAt: string | null
  reason: string | null
  location: string | null
  subFilter: string | null
  /** Whether its byte ranges cover the whole file (the last signature must). */
  coversWholeFile: boolean
  /** Why the status is not 'valid', for logs and people (English). */
  detail: string | null
}

export interface PdfVerification {
  /** The file's verdict: 'valid' only when every signature is, and the last one covers the whole file. */
  status: PdfVerificationStatus
  /** Signer, time, reason, place and sub-filter of the last signature (the one covering the whole file). */
  signer: SignerView | null
  signedAt: string | null
  reason: string | null
  location: string | null
  subFilter: string | null
  /** How many signatures the file holds (Sen's results hold two: the official's, then the agency's). */
  signatures: number
  /** Every signature in the order it was made, each checked on its own. */
  signers: PdfSignatureCheck[]
  /** Why the status is not 'valid', for logs and people (English). */
  detail: string | null
}

export type JwsVerificationStatus = 'valid' | 'invalid' | 'revoked' | 'unknown_signer' | 'malformed'

export interface JwsVerification {
  /** True only when the signature checks, the signer is a key Sen issued and it is not revoked. */
  valid: boolean
  status: JwsVerificationStatus
  payload: unknown
  signer: SignerView | null
  revoked: boolean
  /** The signing time the signer claims (protected header `sigT`), if any. */
  signedAt: string | null
}

export interface ResultPdfInput {
  /** Title of the result, in Vietnamese (e.g. "GIẤY CHỨNG NHẬN ĐĂNG KÝ KHAI SINH"). */
  title: string
  titleEn?: string
  /** The result's code: `<dossier code>-KQ<n>`. */
  documentCode: string
  agencyName: string
  issuedAt: Date
  holderName: string
  fields: Array<{ label: string; value: string }>
  /** Where the QR code leads: the public verification page of this document. */
  verifyUrl: string
  /** The place printed before the date ("Hà Nội, ngày … tháng … năm …"). */
  place?: string
  /** The official who signs it personally, printed in the signature block above the agency's seal. */
  signedBy?: { name: string; title: string | null }
}

export interface OfficialRef {
  userId: string
  displayName: string
  agencyName: string
  /** The capacity they sign in, written into their certificate as its title (X.520 T): "Lãnh đạo". */
  title?: string | null
}
