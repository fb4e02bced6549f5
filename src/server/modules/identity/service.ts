// The identity module's public face: other modules call these, never its tables.
export * from './accounts.service'
export * from './agencies.service'
export * from './sessions.service'
export type { Access, Principal, Role, UserKind } from './types'
