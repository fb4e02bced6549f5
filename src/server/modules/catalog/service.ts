// The catalog module's public face: other modules call these, never its table.
export { dossierStates, lifeEvents, sectors, workflowById, workflows } from '../../country/procedures'
export { noFeeDue } from './errors'
export { fold } from './fold'
export {
  type AdminUnitField,
  type AdminUnitIssue,
  adminUnitFields,
  adminUnitIssue,
  adminUnitName,
  checkFormSchema,
  formIssues,
  formValidator,
  localiseFormSchema,
  parseXSource,
  unitTitle,
  xSourcesOf,
} from './forms'
export {
  catalogFacts,
  getProcedure,
  getProcedureVersion,
  lifeEventCounts,
  listProcedures,
  listProcedureVersions,
  type ProcedureFacts,
  sectorCounts,
} from './procedures.service'
export type {
  FeeRule,
  Procedure,
} from './types'
export { createProcedureVersion, loadDemoCatalog, validateProcedureInput } from './versions.service'
export {
  allowedActions,
  type DossierSituation,
  dossierStateTable,
  nextState,
  openStates,
  PREVIOUS,
  slaHoursOf,
  statusCodeOf,
  type Transition,
  workflowProblems,
} from './workflow'
