import type { Static } from 'typebox'
import type { DossierSchema, DossierStatusSchema, NoticeConflictSchema, QUEUES } from './routes.schema'

// Types of what the routes answer are their schemas' (routes.schema.ts), so that the two cannot drift.

/** The stage of a dossier the specialist has handed over to the leader ("chờ phê duyệt"). */
export const AWAITING_APPROVAL = 'awaiting_approval'

/** A dossier as its applicant and the officials handling it see it. */
export type DossierView = Static<typeof DossierSchema>

/** Where a dossier stands: what a status lookup (the national portal's "tra cứu hồ sơ") shows. */
export type DossierStatus = Static<typeof DossierStatusSchema>

export interface DocumentReference {
  /** The procedure's requirement this document meets. */
  requirementId: string
  /** A document in the applicant's wallet (an earlier result, a digitised record, or an upload). */
  walletDocumentId: string
}

export interface SubmitInput {
  procedureCode: string
  data: Record<string, unknown>
  documents: DocumentReference[]
  /** The applicant confirms the consent of the other people whose registry data the form uses. */
  consent?: boolean
  /** A one-stop desk in the province that receives it; the competent agency is derived. */
  receivingAgencyId?: string
  /** Filed for someone else: a child, a business, a person who authorised the filer. */
  onBehalfOf?: { pin: string } | { taxCode: string }
}

export interface ActionInput {
  action: string
  note?: string
  /** For a supplement: corrected or added form data (prefilled fields stay as the registry holds them). */
  data?: Record<string, unknown>
  documents?: DocumentReference[]
  assigneeId?: string
  /** For an apology: the new appointment date. */
  newDueAt?: string
}

/** Work queues of an agency (their names: routes.schema.ts). */
export type Queue = (typeof QUEUES)[number]

/** A payment of a dossier's fee, with the VietQR payload to pay it by. */
export interface PaymentView {
  id: string
  dossierCode: string
  amountVnd: number
  status: 'pending' | 'paid' | 'failed'
  qrPayload: string
  paidAt: string | null
  receiptDocumentId: string | null
}

/** A payment notice refused because another payment holds its providerRef (for operators). */
export type NoticeConflictView = Static<typeof NoticeConflictSchema>
