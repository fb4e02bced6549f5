import { dossierStates } from '../../country/procedures'
import {
  actionForbidden,
  noFeeDue,
  noPreviousState,
  stageNotAllowed,
  transitionNotAllowed,
  unknownAction,
} from './errors'
import type { DossierState, Workflow, WorkflowAction } from './types'

/** '$previous' as an action's target: back to the state the dossier was in before the current one. */
export const PREVIOUS = '$previous'

export interface Transition {
  /** The state after the action. */
  to: string
  /** Its national code (1 new … 10 returned). */
  statusCode: number
  /** 'approved' or 'rejected' for the decisions that end in 'processed'. */
  decision?: string
  reasonRequired: boolean
  /** The step inside the state after the action ('awaiting_approval'), or null. */
  stage: string | null
}

/** What a dossier adds to its state for the workflow's checks. */
export interface DossierSituation {
  /** The step inside its state (dossiers.stage), null when none. */
  stage?: string | null
  /** It has a fee to pay; unknown when absent (the fee condition is then not checked). */
  feeDue?: boolean
}

/** The named stage of a workflow, with its own id as name when the workflow does not name it. */
function stageOf(workflow: Workflow, stage: string | null) {
  if (stage === null) return null
  return workflow.stages?.[stage] ?? { name: stage, nameEn: stage }
}

/** Whether a step fits the dossier's stage and fee; the error to throw when it does not. */
function situationProblem(workflow: Workflow, step: WorkflowAction, situation: DossierSituation) {
  const stage = situation.stage ?? null
  if (step.fromStage !== undefined && step.fromStage !== stage) {
    return stageNotAllowed(step.action, stageOf(workflow, stage), stageOf(workflow, step.fromStage))
  }
  if (step.requiresFee && situation.feeDue === false) return noFeeDue()
  return null
}

/** The national dossier-state table (config/vn/dossier-states.json), in code order. */
export function dossierStateTable(): DossierState[] {
  return dossierStates()
}

let open: readonly string[] | undefined

/** States in which a dossier is being handled: late once past its appointment, unless paused. */
export function openStates(): readonly string[] {
  open ??= dossierStates()
    .filter((s) => s.open)
    .map((s) => s.status)
  return open
}

/** The national code of a dossier state; throws on a state the table does not know. */
export function statusCodeOf(status: string): number {
  const state = dossierStates().find((s) => s.status === status)
  if (!state) throw new Error(`unknown dossier state "${status}"`)
  return state.code
}

/**
 * The state a dossier moves to when `action` is taken in `currentStatus`. Pure: it reads the
 * workflow (data) and the state table, nothing else.
 *
 * `previousStatus` is the state before the current one; it is needed by actions that go back to it
 * (`supplement`, `pay`), and must be a state from which the workflow leads to the current one.
 * With `roles`, also checks that one of them may take the action (403 otherwise). `situation` is the
 * dossier's stage inside its state and whether a fee is due (no stage, fee not checked, by default).
 * Throws a 409 AppError for an unknown action or a transition the workflow does not allow.
 */
export function nextState(
  workflow: Workflow,
  action: string,
  currentStatus: string,
  previousStatus?: string | null,
  roles?: readonly string[],
  situation: DossierSituation = {},
): Transition {
  const step = workflow.actions.find((a) => a.action === action)
  if (!step) throw unknownAction(action)
  if (!step.from.includes(currentStatus)) throw transitionNotAllowed(action, currentStatus)
  if (roles && !step.roles.some((role) => roles.includes(role))) throw actionForbidden()
  const problem = situationProblem(workflow, step, situation)
  if (problem) throw problem
  let to = step.to
  if (to === PREVIOUS) {
    const leadsHere = (a: WorkflowAction) =>
      a.to === currentStatus && previousStatus != null && a.from.includes(previousStatus)
    if (!previousStatus || previousStatus === currentStatus || !workflow.actions.some(leadsHere)) {
      throw noPreviousState(action)
    }
    to = previousStatus
  }
  return {
    to,
    statusCode: statusCodeOf(to),
    ...(step.decision ? { decision: step.decision } : {}),
    reasonRequired: step.reasonRequired === true,
    stage: step.toStage ?? null,
  }
}

/** The actions that holders of `roles` may take on a dossier in `status`, in the workflow's order. */
export function allowedActions(
  workflow: Workflow,
  status: string,
  roles: readonly string[],
  situation: DossierSituation = {},
): string[] {
  return workflow.actions
    .filter(
      (a) =>
        a.from.includes(status) &&
        a.roles.some((role) => roles.includes(role)) &&
        !situationProblem(workflow, a, situation),
    )
    .map((a) => a.action)
}

/** Working hours allowed in a state before it is late (reception's 8 hours in 'new'), if any. */
export function slaHoursOf(workflow: Workflow, status: string): number | undefined {
  return workflow.slaHours?.[status]
}

/** Problems with a workflow's data (unknown states, roles, empty lists); empty when it is sound. */
export function workflowProblems(workflow: Workflow): string[] {
  const states = new Set(dossierStates().map((s) => s.status))
  const roles = new Set(['applicant', 'reception', 'specialist', 'leader', 'system'])
  const problems: string[] = []
  if (workflow.initial && !states.has(workflow.initial)) problems.push(`initial: ${workflow.initial}`)
  const names = new Set<string>()
  for (const a of workflow.actions) {
    if (names.has(a.action)) problems.push(`${a.action}: duplicate action`)
    names.add(a.action)
    if (a.from.length === 0) problems.push(`${a.action}: no from-state`)
    for (const s of a.from) if (!states.has(s)) problems.push(`${a.action}: unknown state ${s}`)
    if (a.to !== PREVIOUS && !states.has(a.to)) problems.push(`${a.action}: unknown state ${a.to}`)
    if (a.roles.length === 0) problems.push(`${a.action}: no role`)
    for (const r of a.roles) if (!roles.has(r)) problems.push(`${a.action}: unknown role ${r}`)
  }
  for (const a of workflow.actions) {
    for (const stage of [a.fromStage, a.toStage]) {
      if (stage != null && !workflow.stages?.[stage]) problems.push(`${a.action}: unknown stage ${stage}`)
    }
  }
  for (const s of Object.keys(workflow.slaHours ?? {})) if (!states.has(s)) problems.push(`sla: ${s}`)
  return problems
}
