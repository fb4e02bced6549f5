// The identity module's public face: other modules call these, never its tables.
export {
  type AccountView,
  accountsOfPeople,
  accountsOfPerson,
  applicantNames,
  assertCanGrant,
  countAccounts,
  createAccount,
  emailsOf,
  getAccount,
  listOfficials,
  type NewAccount,
  officialsWithRole,
  readAccount,
} from './accounts.service'
export {
  type AgencyInput,
  type AgencyNode,
  agencyIdsUnder,
  agencyTree,
  countAgencies,
  createAgency,
  escapeLike,
  getAgency,
  inJurisdiction,
  listAgencies,
  staffRolesOver,
  upsertAgencies,
} from './agencies.service'
export {
  authenticate,
  beginTotpEnrolment,
  closeSession,
  confirmTotpEnrolment,
  openSession,
  principalOfAccount,
  SESSION_HOURS,
} from './sessions.service'
export type { Access, Principal, Role, UserKind } from './types'
