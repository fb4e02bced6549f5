export const ROLES = ['reception', 'specialist', 'leader', 'agency_admin', 'system_admin'] as const
export type Role = (typeof ROLES)[number]
export type UserKind = 'citizen' | 'business' | 'official'
export type LoginMethod = 'password' | 'vneid'
export type AssuranceLevel = 0 | 1 | 2
export type AgencyLevel = 'central' | 'ministry' | 'province' | 'commune' | 'unit'

/** Who is asking: resolved once per request from the session cookie or bearer token. */
export interface Principal {
  userId: string
  username: string
  kind: UserKind
  roles: Role[]
  /** Where notices about their own filings go (none without an address). */
  email: string | null
  personId: string | null
  /** The citizen's personal id number: their key in the registries and the wallet. */
  pin: string | null
  organisationId: string | null
  /** The business's tax code. */
  taxCode: string | null
  agencyId: string | null
  /** The official's agency path ('/G00/H01/'); their jurisdiction is every agency under it. */
  agencyPath: string | null
  sessionId: string
  via: 'cookie' | 'bearer'
  /** How this session logged in: Sen's password (+ TOTP), or the national identity provider. */
  method: LoginMethod
  /**
   * Assurance of who this is: 0 for Sen's password, 1 or 2 for the level of the national e-identity
   * account used (Decree 69/2024). Procedures may require a level (catalog `assuranceLevel`).
   */
  assurance: AssuranceLevel
  csrfToken: string
}

/** Who may call a route: declared on every /api route and enforced before its handler. */
export type Access = 'public' | 'authenticated' | { kinds: UserKind[] } | { roles: Role[] }

/** An agency as the API shows it, with how many agencies it has under it. */
export interface AgencyView {
  id: string
  parentId: string | null
  name: string
  nameEn: string | null
  level: AgencyLevel
  adminUnitCode: string | null
  childCount: number
}
