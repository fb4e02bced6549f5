// The governance module's public face: what other modules (metrics, exchange, the demo) call.
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
