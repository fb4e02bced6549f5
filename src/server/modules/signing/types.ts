/** Who a key belongs to: Sen's embedded root CA, an agency (results), an official (decisions). */
export type OwnerType = 'ca' | 'agency' | 'official'

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
  ownerType: 'agency' | 'official'
  ownerId: string
}

/** Who signed, as Sen's own records know them (read from the certificate Sen issued). */
export interface SignerView {
  /** The certificate's common name: the agency's or the official's name. */
  cn: string
  ownerType: 'agency' | 'official'
  ownerId: string
  /** The certificate's organisation: the agency id (agency keys) or the agency name (officials). */
  organisation: string | null
  keyId: string
  serial: string
}

export type PdfVerificationStatus = 'valid' | 'altered' | 'revoked' | 'unknown_signer' | 'unsigned'

export interface PdfVerification {
  status: PdfVerificationStatus
  /** Known only when the certificate is one Sen issued. */
  signer: SignerView | null
  /** The signing time the signature claims (the signature dictionary's /M); not a trusted timestamp. */
  signedAt: string | null
  reason: string | null
  location: string | null
  subFilter: string | null
  /** How many signatures the file holds (Sen's results hold one). */
  signatures: number
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
}

export interface OfficialRef {
  userId: string
  displayName: string
  agencyName: string
}
