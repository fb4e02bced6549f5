// Shapes of the citizen-facing API (catalog, prefill, wallet, dossiers, drafts, payments, verification,
// notifications), as the citizen pages use them. See /docs/json for the full reference. Where the
// server's own type, or the schema its route answers with, is the answer's shape, it is that.

import type { Static } from 'typebox'
import type {
  DocumentSchema,
  ProcedureDetailSchema,
  ProcedureSummarySchema,
  TermCountSchema,
} from '../../server/modules/catalog/routes.schema'
import type {
  AttachedDocumentSchema,
  DocumentReferenceSchema,
  DraftSchema,
  HistoryEntry as HistoryEntrySchema,
} from '../../server/modules/dossiers/routes.schema'
import type { DossierView as Dossier } from '../../server/modules/dossiers/types'
import type { NotificationList } from '../../server/modules/notify/routes.schema'
import type { VerificationSchema } from '../../server/modules/signing/routes.schema'
import type {
  PublicDocumentStatusSchema,
  WalletDocumentSchema,
} from '../../server/modules/wallet/routes.schema'

export type {
  DossierStatus,
  DossierView as Dossier,
  PaymentView as Payment,
} from '../../server/modules/dossiers/types'
export type { NotificationView as Notification } from '../../server/modules/notify/types'

/** A JSON Schema as the catalog stores it (titles in Vietnamese, `x-title-en` beside them). */
export type JsonSchema = Record<string, unknown>

// The catalog's answers, as its route schemas give them.
export type ProcedureSummary = Static<typeof ProcedureSummarySchema>
export type DocumentRequirement = Static<typeof DocumentSchema>
export type Procedure = Static<typeof ProcedureDetailSchema>

export type Facet = Static<typeof TermCountSchema>

export interface PrefillField {
  path: string
  source: string
  value: string | null
}

export type WalletDocument = Static<typeof WalletDocumentSchema>

export type AttachedDocument = Static<typeof DocumentReferenceSchema>

export type Draft = Static<typeof DraftSchema>

export type HistoryEntry = Static<typeof HistoryEntrySchema>

/** A document attached to a dossier, with its provenance (GET /dossiers/:code). */
export type DossierDocument = Static<typeof AttachedDocumentSchema>

export interface DossierDetail {
  dossier: Dossier
  procedureName: string
  procedureNameEn: string
  /** For officials: the applicant's recorded name; null for the applicant. */
  applicantName: string | null
  roles: string[]
  allowedActions: string[]
  history: HistoryEntry[]
  documents: DossierDocument[]
}

export type RatingScore = 'satisfied' | 'acceptable' | 'dissatisfied'

export interface Rating {
  dossierCode: string
  score: RatingScore
  comment: string | null
  createdAt: string
}

export type PublicDocumentStatus = Static<typeof PublicDocumentStatusSchema>

export type SignatureCheck = Static<typeof VerificationSchema>
export type SignatureStatus = SignatureCheck['status']

export type NotificationPage = Static<typeof NotificationList>
