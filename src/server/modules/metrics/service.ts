// The metrics module's surface for routes, jobs and the CLI.
export { scopeOf } from './counts.service'
export { indexDefinition, statusRule, targetDecisions, targetDefinitions } from './definitions'
export { countDomainEvents, domainEventsHandled } from './events'
export { indexRanking, indicatorById, serviceIndex } from './index.service'
export { assertCanSee, programmeCsv, programmeDashboard, targetById } from './programme.service'
export { recordsBehind } from './records.service'
export { backfillMetrics, latestRefresh, refreshMetrics } from './refresh.service'
export type * from './types'
