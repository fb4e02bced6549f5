// The dossiers module's public face: other modules call these, never its tables.

export { takeAction } from './actions.service'
export { deleteDraft, getDraft, listDrafts, saveDraft } from './drafts.service'
export {
  type AgencyMonthCounts,
  DOSSIER_COUNTERS,
  dossierCountsByAgency,
  dossierCountsByAgencyMonth,
  dossierFiguresBetween,
  dossiersBehind,
  itemCountsByAgency,
  onlineProceduresByAgency,
  type ProcedureTransition,
  proceduresFiledBy,
  procedureTransitions,
} from './figures.service'
export {
  applicantNameOf,
  attachedDocuments,
  attachedFile,
  dossierDocuments,
  dossierHistory,
  dossierStatus,
  getDossierFor,
  listDossiers,
  queueCounts,
} from './queries.service'
export { alertLateReceptions, receptionOverdueByAgency } from './reception.service'
export { applicantOf, prefillFor, submitDossier } from './submission.service'
export type * from './types'
