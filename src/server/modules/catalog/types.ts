import type { Static } from 'typebox'
import type { RegistryName as XSourceRegistry, Subject as XSourceSubject } from '../registry/types'
import type { AssuranceSchema, DocumentSchema, FeeSchema, ProcedureInputSchema } from './routes.schema'

/** A procedure's fee: a base amount, a reduced amount online, or a rule that depends on the application
 * (per unit with tiers and a cap, per copy, extra copies, the applicant's category); see FeeSchema. */
export type FeeRule = Static<typeof FeeSchema>

/**
 * The application form: a JSON Schema (draft 7, what Ajv and @rjsf read) and an optional uiSchema.
 *
 * Languages: every `title` (and `description`) is Vietnamese; the English text sits beside it as
 * `x-title-en` (and `x-description-en`) on the same schema node. Choices are `oneOf` lists of
 * `{const, title, "x-title-en"}`, which @rjsf shows as a select with labels. The web shows Vietnamese
 * as is and, in English, swaps each `title` for its `x-title-en` before rendering (see
 * `localiseFormSchema` in catalog/forms.ts, which does exactly that).
 *
 * Prefill: `x-source` on a property names the registry attribute that prefills it, as
 * `"<registry>.<subject>.<attribute>"` (the convention shared with the registry and dossiers modules):
 * - registry `population`, attributes `POPULATION_ATTRIBUTES` (registry/types.ts); subjects:
 *   - `applicant`: the logged-in person;
 *   - `spouse`: the applicant's spouse as the population registry records them;
 *   - `father` / `mother`: the parents of the child an application is about (birth registration, the
 *     child's health-insurance card), i.e. **the applicant if the applicant is of that gender, else the
 *     applicant's spouse**. A mother who registers her child gets her own data under `mother` and her
 *     husband's under `father`, with no extra question. Forms about the applicant's own parents do not
 *     use these subjects.
 * - registry `business`, attributes `BUSINESS_ATTRIBUTES` (registry/types.ts); subject `applicant` only (the
 *   organisation that is logged in); a business has no spouse or parents.
 *
 * Addresses: `"x-admin-unit": "province"` or `"commune"` marks a field that holds a unit's code; a
 * commune's province is the sibling marked `province` (checked by checkFormSchema). The data keeps
 * codes, checked against the units in force at submission (adminUnitIssue in forms.ts); the web
 * picks and shows them by name.
 */
export interface ProcedureForm {
  schema: Record<string, unknown>
  uiSchema?: Record<string, unknown>
}

// The x-source vocabulary belongs to the registry, which answers it.
export type {
  BusinessAttribute,
  PopulationAttribute,
  RegistryName as XSourceRegistry,
  Subject as XSourceSubject,
} from '../registry/types'
/** A parsed `x-source` value. */
export interface XSource {
  registry: XSourceRegistry
  subject: XSourceSubject
  attribute: string
}

/** A document a procedure asks for; `walletTypes` are the wallet document types that satisfy it,
 * attached by reference instead of uploaded. */
export type DocumentRequirement = Static<typeof DocumentSchema>

/** The e-identity level the law asks of an online applicant (Decree 69/2024), and its basis. */
export type AssuranceRequirement = Static<typeof AssuranceSchema>

/** A workflow as data (the DIGIT model): states, the actions between them, who may take each, and SLAs. */
export interface Workflow {
  id: string
  actions: WorkflowAction[]
  /** Working hours allowed in a state before it is late, e.g. reception's 8 hours. */
  slaHours?: Record<string, number>
  /** The state a filed dossier starts in ('new'). */
  initial?: string
  /**
   * Steps inside a state that the national table does not distinguish, by id, with their names:
   * 'awaiting_approval' is a dossier still 'processing' (code 4) that the specialist has handed over
   * to the leader.
   */
  stages?: Record<string, { name: string; nameEn: string }>
}

/** Roles in a workflow: the staff roles of identity, plus the applicant and Sen itself. */
export type WorkflowRole = 'applicant' | 'reception' | 'specialist' | 'leader' | 'system'

export interface WorkflowAction {
  action: string
  from: string[]
  /** A state, or '$previous': back to the state before the current one (after a supplement or payment). */
  to: string
  roles: string[]
  /** The decision recorded with the action ('approved' or 'rejected': both end in 'processed'). */
  decision?: string
  reasonRequired?: boolean
  /** The stage the dossier must be in to take it; null: in none. Absent: any. */
  fromStage?: string | null
  /** The stage the dossier is in after it (none when absent). */
  toStage?: string
  /** Only where the dossier has a fee to pay (a payment request on a free procedure makes no sense). */
  requiresFee?: boolean
}

/** A dossier state with its national code, e.g. new = 1, returned = 10. */
export interface DossierState {
  status: string
  code: number
  name: string
  nameEn: string
  /** No action leads out of it. */
  final: boolean
  /** Being handled: the dossier's appointment runs, and it is late once past it (unless paused). */
  open: boolean
}

/** A named grouping (sector or life event) as data in config/vn. */
export interface CatalogTerm {
  id: string
  name: string
  nameEn: string
}

export type AgencyLevel = 'commune' | 'province' | 'central'
export type OnlineLevel = 'full' | 'partial'

/**
 * What an administrator (or a file in config/vn/procedures) gives for a new version: the API's shape,
 * validated by its schema. The workflow is named by id; its SLAs may be overridden per procedure.
 */
export type ProcedureInput = Static<typeof ProcedureInputSchema>

/** One version of a procedure, as stored (the dossier keeps its id). */
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
  fee: FeeRule
  processingDays: number
  onlineLevel: OnlineLevel
  onlineEligible: boolean
  essential: boolean
  form: ProcedureForm
  documents: DocumentRequirement[]
  resultType: string
  resultName: string
  resultNameEn: string
  /** The resolved workflow, SLA overrides applied: a dossier follows the one of its version. */
  workflow: Workflow
  lifeEvents: string[]
  bundle: string[]
  illustrative: string[]
  assurance: AssuranceRequirement | null
  published: boolean
  createdAt: Date
  createdBy: string | null
}

/** A procedure in a list. */
export interface ProcedureSummary {
  code: string
  name: string
  nameEn: string
  sector: string
  onlineLevel: OnlineLevel
  feeVnd: number
  processingDays: number
  lifeEvents: string[]
  essential: boolean
}

export interface ProcedureQuery {
  q?: string
  sector?: string
  lifeEvent?: string
  agencyLevel?: string
  page?: number
  pageSize?: number
}
