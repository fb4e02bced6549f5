import { Type } from 'typebox'
import { Nullable } from '../../schemas'

// Schemas of the registry routes: they validate input, serialise output and write the OpenAPI document.

export const PinParam = Type.String({
  pattern: '^[0-9]{12}$',
  description: '12-digit personal identification number',
})

export const PersonDataSchema = Type.Object({
  fullName: Type.String(),
  birthDate: Type.String(),
  gender: Type.String(),
  ethnicity: Type.String(),
  nationality: Type.String(),
  provinceCode: Type.String(),
  communeCode: Type.String(),
  address: Type.String(),
  fatherPin: Type.Optional(Type.String()),
  motherPin: Type.Optional(Type.String()),
  spousePin: Type.Optional(Type.String()),
  maritalStatus: Type.String(),
  deceased: Type.Optional(Type.Boolean()),
  verifiedOn: Type.Optional(Type.String()),
})

export const BusinessDataSchema = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  representativePin: Type.String(),
  provinceCode: Type.String(),
  address: Type.String(),
  registeredOn: Type.String(),
  status: Type.String(),
})

const versionFields = {
  version: Type.Integer(),
  source: Type.String(),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Nullable(Type.String({ format: 'date-time' })),
}

export const PersonRecordSchema = Type.Object({
  pin: Type.String(),
  ...versionFields,
  data: PersonDataSchema,
})
export const BusinessRecordSchema = Type.Object({
  taxCode: Type.String(),
  ...versionFields,
  data: BusinessDataSchema,
})

export const MyRecordSchema = Type.Object({
  person: Nullable(PersonRecordSchema),
  business: Nullable(BusinessRecordSchema),
})

export const AccessLogSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      attributes: Type.Array(Type.String()),
      purpose: Type.String(),
      requestedBy: Type.String(),
      dossierCode: Nullable(Type.String()),
      consentBy: Nullable(Type.String()),
    }),
  ),
  total: Type.Integer(),
})

export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}

export const PersonQuery = Type.Object(
  {
    purpose: Type.String({
      minLength: 5,
      maxLength: 500,
      description: 'Why the record is read; shown to the person',
    }),
    dossierCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })),
  },
  { additionalProperties: false },
)

export const QualityQuery = Type.Object(
  {
    provinceCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    communeCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
  },
  { additionalProperties: false },
)

const PrincipleSchema = Type.Object({
  checked: Type.Integer(),
  failing: Type.Integer(),
  samples: Type.Array(Type.Object({ pin: Type.String(), reason: Type.String() })),
})

export const QualityReportSchema = Type.Object({
  scope: Type.Object({ provinceCode: Nullable(Type.String()), communeCode: Nullable(Type.String()) }),
  rulesEffectiveFrom: Type.String(),
  principles: Type.Object({
    correct: PrincipleSchema,
    complete: PrincipleSchema,
    clean: PrincipleSchema,
    live: PrincipleSchema,
    unified: PrincipleSchema,
  }),
})

export const UnitSchema = Type.Object({
  code: Type.String({ description: 'The statistics office’s code: 2 digits a province, 5 a commune' }),
  name: Type.String({ description: 'Its name without the type, e.g. “Hà Nội”, “Ba Đình”' }),
  type: Type.String({ description: 'Its type on the day: Thành phố, Tỉnh; Phường, Xã, Đặc khu' }),
})

export const UnitList = Type.Object({ items: Type.Array(UnitSchema) })

export const ProvinceParam = Type.Object(
  { provinceCode: Type.String({ pattern: '^[0-9]{2}$' }) },
  { additionalProperties: false },
)
