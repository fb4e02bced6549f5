// The governance module's tables, one file per sub-domain.
export * from './tasks/schema'
