// Shapes of the Sen HTTP API (src/server), as the web app uses them; the server's own types where
// they are the answer's shape.

export type {
  AgencyLevel,
  AgencyView as Agency,
  Role,
  UserKind as AccountKind,
} from '../../server/modules/identity/types'

import type { UserKind as AccountKind, Role } from '../../server/modules/identity/types'

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

export interface Page<T> {
  items: T[]
  total: number
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string }
}
