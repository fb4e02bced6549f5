import { Type } from 'typebox'

const Pin = Type.String({ pattern: '^[0-9]{12}$' })
const ProcedureCode = Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' })

export const AuthorisationBody = Type.Object(
  {
    granteePin: Pin,
    procedures: Type.Array(ProcedureCode, { minItems: 1, maxItems: 50 }),
    /** The written authorisation: its number, date and who certified it. */
    document: Type.String({ minLength: 3, maxLength: 300 }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)

export const AuthorisationParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const AuthorisationSchema = Type.Object({
  id: Type.String(),
  grantor: Type.Union([
    Type.Object({ type: Type.Literal('person'), pin: Type.String() }),
    Type.Object({ type: Type.Literal('business'), taxCode: Type.String() }),
  ]),
  granteePin: Type.String(),
  basis: Type.Union([Type.Literal('written'), Type.Literal('employee')]),
  procedures: Type.Array(Type.String()),
  document: Type.String(),
  validFrom: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  active: Type.Boolean(),
})

export const AuthorisationsSchema = Type.Object({
  given: Type.Array(AuthorisationSchema),
  received: Type.Array(AuthorisationSchema),
})
