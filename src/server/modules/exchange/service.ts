// The exchange module's public face: what other modules, the seed and the CLI may call.
export { ASSERTION_HEADER, signAssertion } from './client-auth'
export {
  createMember,
  createSubsystem,
  createSystem,
  ensureHostedSubsystemKey,
  listClients,
  listServices,
  publishService,
} from './directory.service'
export { exchange, type GatewayRequest, type GatewayResponse } from './gateway.service'
export { createGrant, withdrawGrant } from './grants.service'
export {
  exchangeJobs,
  exportExchangeLog,
  type LogExport,
  type LogReport,
  sealExchangeLog,
  verifyExchangeLog,
  verifyExport,
} from './log.service'
export { systemCountsByAgency } from './metrics.service'
