// The governance module's tables, one file per sub-domain.

export * from './reporting/schema'
export * from './staff/schema'
export * from './tasks/schema'
