// Shapes of the Sen HTTP API (src/server), as the web app uses them.

export type Role = 'reception' | 'specialist' | 'leader' | 'agency_admin' | 'system_admin'
export type AccountKind = 'citizen' | 'business' | 'official'

export interface Me {
  id: string
  username: string
  kind: AccountKind
  displayName: string
  roles: Role[]
  agency: { id: string; name: string; nameEn: string | null } | null
  person: { pin: string; fullName: string; birthDate: string | null } | null
  organisation: { taxCode: string; name: string } | null
  totpEnabled: boolean
  csrfToken: string | null
}

export interface LoginResponse {
  user: Me
  csrfToken: string
}

export interface Meta {
  name: string
  version: string
  demo: boolean
}

export interface TotpSetup {
  secret: string
  otpauthUrl: string
}

export type AgencyLevel = 'central' | 'ministry' | 'province' | 'commune' | 'unit'

export interface Agency {
  id: string
  parentId: string | null
  name: string
  nameEn: string | null
  level: AgencyLevel
  adminUnitCode: string | null
  childCount: number
}

export interface Page<T> {
  items: T[]
  total: number
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string }
}
