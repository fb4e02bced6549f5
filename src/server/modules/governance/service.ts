// The governance module's public face: what other modules (metrics, exchange, the demo) call.

export { addDays, dueOn, duePeriods, periodBounds, periodOf } from './reporting/periods'
export {
  createRegime,
  obligationsBehind,
  prefillReport,
  reportingCountsByAgency,
  submitReport,
} from './reporting/service'
export {
  createStaff,
  type ImportPhase,
  importStaff,
  STAFF_COUNTERS,
  type StaffImportResult,
  staffBehind,
  staffCountsByAgency,
  updateStaff,
} from './staff/service'
export {
  createTask,
  decideExtension,
  evaluateTask,
  reportCompletion,
  reportProgress,
  requestExtension,
  taskCountsByAgency,
  tasksBehind,
} from './tasks/service'
