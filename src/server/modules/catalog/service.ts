// The catalog module's public face: other modules call these, never its table.
export { dossierStates, lifeEvents, sectors, workflowById, workflows } from '../../country/procedures'
export { checkFormSchema, formValidator, localiseFormSchema, parseXSource, xSourcesOf } from './forms'
export * from './procedures.service'
export { fold } from './search'
export * from './types'
export { createProcedureVersion, loadDemoCatalog, validateProcedureInput } from './versions.service'
export {
  allowedActions,
  dossierStateTable,
  nextState,
  openStates,
  PREVIOUS,
  slaHoursOf,
  statusCodeOf,
  type Transition,
  workflowProblems,
} from './workflow'
