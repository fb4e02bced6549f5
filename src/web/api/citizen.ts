// Shapes of the citizen-facing API (catalog, prefill, wallet, dossiers, drafts, payments, verification,
// notifications), as the citizen pages use them. See /docs/json for the full reference.

export interface ProcedureSummary {
  code: string
  name: string
  nameEn: string
  sector: string
  onlineLevel: string
  feeVnd: number
  processingDays: number
  lifeEvents: string[]
  essential: boolean
}

export interface DocumentRequirement {
  id: string
  name: string
  nameEn: string
  required: boolean
  walletTypes: string[]
  accept: string[]
  maxSizeMb: number
}

/** A JSON Schema as the catalog stores it (titles in Vietnamese, `x-title-en` beside them). */
export type JsonSchema = Record<string, unknown>

export interface Procedure {
  id: string
  code: string
  version: number
  effectiveFrom: string
  name: string
  nameEn: string
  sector: string
  agencyLevels: string[]
  competentBody: string
  fee: { amountVnd: number; onlineAmountVnd?: number; note?: string; noteEn?: string }
  processingDays: number
  onlineLevel: string
  onlineEligible: boolean
  essential: boolean
  formSchema: JsonSchema
  uiSchema: Record<string, unknown> | null
  documents: DocumentRequirement[]
  resultType: string
  resultName: string
  resultNameEn: string
  lifeEvents: string[]
}

export interface Facet {
  id: string
  name: string
  nameEn: string
  count: number
}

export interface PrefillField {
  path: string
  source: string
  value: string | null
}

export interface WalletDocument {
  id: string
  code: string | null
  type: string
  title: string
  source: 'issued' | 'digitised' | 'uploaded' | string
  issuerAgencyId: string | null
  dossierCode: string | null
  mimeType: string | null
  hasFile: boolean
  data: Record<string, unknown> | null
  status: string
  issuedAt: string
  uses: number
}

export interface AttachedDocument {
  requirementId: string
  walletDocumentId: string
}

export interface Draft {
  procedureCode: string
  data: Record<string, unknown>
  documents: AttachedDocument[]
  updatedAt: string
}

export interface Dossier {
  code: string
  procedureCode: string
  procedureVersion: string
  status: string
  statusCode: number
  applicantType: number
  applicantId: string
  receivingAgencyId: string
  competentAgencyId: string
  channel: number
  data: Record<string, unknown>
  feeVnd: number
  paid: boolean
  assigneeId: string | null
  submittedAt: string
  receptionDueAt: string
  dueAt: string
  paused: boolean
  decidedAt: string | null
  returnedAt: string | null
  resultDocumentId: string | null
  decisionSigned: boolean
}

export interface HistoryEntry {
  action: string
  actorRole: string | null
  fromStatus: string | null
  toStatus: string
  note: string | null
  signed: boolean
  at: string
}

/** Where a dossier stands (GET /api/v1/dossiers/:code/status): the light read an open page polls. */
export type { DossierStatus } from '../../server/modules/dossiers/types'

export interface DossierDetail {
  dossier: Dossier
  procedureName: string
  procedureNameEn: string
  roles: string[]
  allowedActions: string[]
  history: HistoryEntry[]
}

export interface Payment {
  id: string
  dossierCode: string
  amountVnd: number
  status: 'pending' | 'paid' | 'failed'
  qrPayload: string
  paidAt: string | null
  receiptDocumentId: string | null
}

export type RatingScore = 'satisfied' | 'acceptable' | 'dissatisfied'

export interface Rating {
  dossierCode: string
  score: RatingScore
  comment: string | null
  createdAt: string
}

export interface PublicDocumentStatus {
  id: string
  code: string | null
  type: string
  title: string
  issuerAgencyId: string | null
  status: 'valid' | 'revoked' | string
  issuedAt: string
  revokedAt: string | null
  holderName: string | null
  signedData: string | null
  hasSignedFile: boolean
}

export type SignatureStatus = 'valid' | 'altered' | 'revoked' | 'unknown_signer' | 'unsigned'

export interface SignatureCheck {
  status: SignatureStatus
  message: string
  signer: {
    cn: string
    ownerType: 'agency' | 'official'
    ownerId: string
    organisation: string | null
    keyId: string
    serial: string
  } | null
  signedAt: string | null
  reason: string | null
  location: string | null
  subFilter: string | null
  signatures: number
  detail: string | null
}

export interface Notification {
  id: string
  title: string
  body: string
  link: string | null
  createdAt: string
  readAt: string | null
}

export interface NotificationPage {
  items: Notification[]
  total: number
  unread: number
}
