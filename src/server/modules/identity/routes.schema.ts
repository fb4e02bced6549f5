import { Type } from 'typebox'
import { ROLES } from './types'

// Schemas of the identity routes: they validate input, serialise output and write the OpenAPI document.

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' })
export const Password = Type.String({ minLength: 1, maxLength: 256 })
export const RoleSchema = Type.Enum(ROLES)
export const AgencyId = Type.String({ minLength: 2, maxLength: 32, pattern: '^[A-Z0-9][A-Z0-9.]*$' })
export const Name = Type.String({ minLength: 1, maxLength: 200 })

export const LoginBody = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Username or 12-digit personal id number',
    }),
    password: Password,
    totp: Type.Optional(Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
)

export const AccountSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('official')]),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  agency: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  person: Type.Union([
    Type.Object({
      pin: Type.String(),
      fullName: Type.String(),
      birthDate: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  organisation: Type.Union([Type.Object({ taxCode: Type.String(), name: Type.String() }), Type.Null()]),
  totpEnabled: Type.Boolean(),
  active: Type.Boolean(),
})

export const MeSchema = Type.Intersect([
  AccountSchema,
  Type.Object({
    csrfToken: Type.Union([Type.String(), Type.Null()]),
    /** How this session logged in, and the assurance of who this is (0 password, 1–2 VNeID level). */
    login: Type.Object({
      method: Type.Union([Type.Literal('password'), Type.Literal('vneid')]),
      assurance: Type.Integer({ minimum: 0, maximum: 2 }),
    }),
  }),
])

/** A path of Sen's to come back to after logging in (never another site). */
export const ReturnTo = Type.String({ maxLength: 500, pattern: '^/(?![/\\\\])[^\\s]*$' })

export const VneidCallbackBody = Type.Object(
  {
    state: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    iss: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    error: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
)

export const AgencySchema = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  adminUnitCode: Type.Union([Type.String(), Type.Null()]),
  childCount: Type.Integer(),
})

export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}

export const NewAgencyBody = Type.Object(
  {
    id: AgencyId,
    parentId: AgencyId,
    level: Type.Union([Type.Literal('province'), Type.Literal('commune'), Type.Literal('unit')]),
    name: Name,
    nameEn: Type.Optional(Name),
    adminUnitCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$' })),
  },
  { additionalProperties: false },
)

export const NewOfficialBody = Type.Object(
  {
    username: Username,
    password: Type.String({ minLength: 10, maxLength: 256 }),
    displayName: Name,
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    agencyId: AgencyId,
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
)

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
})
