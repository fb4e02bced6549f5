// Shapes of the back-office API (work queues, actions, ratings, procedure versions) as the officials' pages
// use them. Dossier, DossierDetail and Procedure are shared with the citizen pages (api/citizen.ts).
import type { Static } from 'typebox'
import type { ProcedureInputSchema, VersionSchema } from '../../server/modules/catalog/routes.schema'
import type { Queue as ServerQueue } from '../../server/modules/dossiers/types'
import type { Dossier } from '../api/citizen'

export type {
  Dossier,
  DossierDetail,
  DossierDocument,
  HistoryEntry,
  JsonSchema,
  Procedure,
} from '../api/citizen'

/** The server's queues, in its order: each role's own work first, then the deadline views. */
export const QUEUES = [
  'new',
  'reception_overdue',
  'to_process',
  'awaiting_approval',
  'due_soon',
  'overdue',
  'waiting',
] as const satisfies readonly ServerQueue[]
export type Queue = (typeof QUEUES)[number]
export type QueueCounts = Record<Queue, number>

export function isQueue(value: unknown): value is Queue {
  return typeof value === 'string' && (QUEUES as readonly string[]).includes(value)
}

/** The queue of a role's own work: reception receives, specialists process, leaders approve. */
const ROLE_QUEUES: [string, Queue][] = [
  ['reception', 'new'],
  ['specialist', 'to_process'],
  ['leader', 'awaiting_approval'],
]

/** The queue an official's workspace opens on: the work of their first role (reception, then specialist, then leader). */
export function ownQueueOf(roles: readonly string[]): Queue | null {
  return ROLE_QUEUES.find(([role]) => roles.includes(role))?.[1] ?? null
}

export { STATES } from '../api/dossier-states'

/** A dossier in the work queue; officials see the applicant's name. */
export type DossierItem = Omit<Dossier, 'data'> & {
  data?: Record<string, unknown>
  applicantName?: string | null
}

/** Actions an official takes on a dossier that need a written reason or note. */
export const REASON_ACTIONS = [
  'refuse',
  'request_supplement',
  'submit_to_leader',
  'return_to_specialist',
  'reject',
  'stop',
] as const
/** The order in which action buttons are shown: the usual next step first, the ones that end a dossier last. */
export const ACTION_ORDER = [
  'accept',
  'assign',
  'request_payment',
  'submit_to_leader',
  'approve',
  'return_to_specialist',
  'return_result',
  'request_supplement',
  'apologise',
  'refuse',
  'reject',
  'stop',
] as const

export type ProcedureVersion = Static<typeof VersionSchema>

export type RatingScore = 'satisfied' | 'acceptable' | 'dissatisfied'

export interface AgencyRating {
  dossierCode: string
  agencyId: string
  procedureCode: string
  score: RatingScore
  comment: string | null
  createdAt: string
}

export interface RatingsPage {
  summary: Record<RatingScore, number> & { total: number }
  items: AgencyRating[]
}

/** The body of POST /procedures (the shape of config/vn/procedures/*.json). */
export type ProcedureInput = Static<typeof ProcedureInputSchema>

/** GET /procedures/:code (the version in force, with its workflow) mapped back to what POST /procedures takes. */
export function toProcedureInput(detail: Record<string, unknown>, effectiveFrom: string): ProcedureInput {
  const { id: _id, version: _version, workflow: _workflow, createdAt: _createdAt, ...rest } = detail
  const input: Record<string, unknown> = { ...rest, effectiveFrom }
  if (input.uiSchema == null) delete input.uiSchema
  if (input.assurance == null) delete input.assurance
  for (const key of ['bundle', 'illustrative'] as const) {
    if (Array.isArray(input[key]) && (input[key] as unknown[]).length === 0) delete input[key]
  }
  return input as ProcedureInput
}

/** Today's date (yyyy-mm-dd) in Vietnam time. */
export function todayInVietnam(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
}
