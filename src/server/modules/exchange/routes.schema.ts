import { Type } from 'typebox'
import { Nullable } from '../../schemas'

const Part = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })
const Id = Type.String({
  pattern: '^VN/(GOV|COM)/[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,64}){0,2}$',
  maxLength: 200,
})
const Uuid = Type.String({ format: 'uuid' })
const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength })
const Instant = Type.String({ format: 'date-time' })

export const MemberBody = Type.Object(
  {
    memberClass: Type.Union([Type.Literal('GOV'), Type.Literal('COM')]),
    memberCode: Part,
    name: Text(300),
  },
  { additionalProperties: false },
)
export const MemberSchema = Type.Object({
  id: Type.String(),
  memberClass: Type.String(),
  memberCode: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
})

export const SystemBody = Type.Object(
  {
    memberId: Id,
    name: Text(300),
    purpose: Text(1000, 5),
    securityLevel: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
  },
  { additionalProperties: false },
)
export const SystemSchema = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  securityLevel: Nullable(Type.Integer()),
  createdAt: Type.String(),
})

export const SubsystemBody = Type.Object(
  { memberId: Id, code: Part, name: Text(300), systemId: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false },
)
export const SubsystemSchema = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  systemId: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const CertificateBody = Type.Object(
  {
    subsystemId: Id,
    publicKeyPem: Type.String({ minLength: 100, maxLength: 5000, pattern: '^-----BEGIN PUBLIC KEY-----' }),
  },
  { additionalProperties: false },
)
export const CertificateSchema = Type.Object({
  keyId: Type.String(),
  serial: Type.String(),
  notAfter: Type.String(),
  certificatePem: Type.String(),
  chainPem: Type.Array(Type.String()),
})

export const ServiceBody = Type.Object(
  {
    subsystemId: Id,
    code: Part,
    title: Text(300),
    backendUrl: Type.String({ pattern: '^(https?://|sen:/)', maxLength: 500 }),
    openapi: Type.Record(Type.String(), Type.Unknown()),
    personalData: Type.Boolean(),
    consentRequired: Type.Optional(Type.Boolean()),
    subjectPattern: Type.Optional(Nullable(Text(200))),
  },
  { additionalProperties: false },
)
export const ServiceSchema = Type.Object({
  id: Type.String(),
  subsystemId: Type.String(),
  code: Type.String(),
  title: Type.String(),
  backendUrl: Type.String(),
  personalData: Type.Boolean(),
  consentRequired: Type.Boolean(),
  subjectPattern: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export const GrantBody = Type.Object(
  {
    serviceId: Id,
    clientId: Id,
    method: Type.Union([
      Type.Literal('GET'),
      Type.Literal('POST'),
      Type.Literal('PUT'),
      Type.Literal('PATCH'),
      Type.Literal('DELETE'),
    ]),
    pathPattern: Type.String({ pattern: '^/[A-Za-z0-9._~*/{}-]*$', maxLength: 300 }),
    purposes: Type.Array(Text(200, 3), { minItems: 1, maxItems: 20, uniqueItems: true }),
    legalBasis: Text(500, 5),
    expiresAt: Instant,
    ratePerMinute: Type.Integer({ minimum: 1, maximum: 100_000, default: 600 }),
    quotaPerDay: Type.Integer({ minimum: 1, maximum: 100_000_000, default: 100_000 }),
    agreementId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
)
export const GrantSchema = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  clientId: Type.String(),
  method: Type.String(),
  pathPattern: Type.String(),
  purposes: Type.Array(Type.String()),
  legalBasis: Type.String(),
  expiresAt: Type.String(),
  ratePerMinute: Type.Integer(),
  quotaPerDay: Type.Integer(),
  agreementId: Nullable(Type.String()),
  grantedBy: Type.String(),
  createdAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  state: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('withdrawn')]),
})
export const GrantsQuery = Type.Object(
  { serviceId: Type.Optional(Id), clientId: Type.Optional(Id) },
  { additionalProperties: false },
)
export const WithdrawalBody = Type.Object({ reason: Text(500, 5) }, { additionalProperties: false })

export const AgreementBody = Type.Object(
  {
    providerMemberId: Id,
    consumerMemberId: Id,
    title: Text(300),
    dataDescription: Text(2000),
    rightsOfUse: Text(2000),
    conditions: Text(2000),
    valueSharing: Text(2000),
    validFrom: Instant,
    validUntil: Instant,
  },
  { additionalProperties: false },
)
export const AgreementSchema = Type.Object({
  id: Type.String(),
  providerMemberId: Type.String(),
  consumerMemberId: Type.String(),
  title: Type.String(),
  dataDescription: Type.String(),
  rightsOfUse: Type.String(),
  conditions: Type.String(),
  valueSharing: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  createdAt: Type.String(),
  grants: Type.Integer(),
  calls30d: Type.Integer(),
})

export const ConsentBody = Type.Object(
  { clientId: Id, serviceId: Id, purpose: Text(200, 3), expiresAt: Instant },
  { additionalProperties: false },
)
export const ConsentSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  clientName: Type.String(),
  serviceId: Type.String(),
  serviceTitle: Type.String(),
  purpose: Type.String(),
  givenAt: Type.String(),
  expiresAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
})

export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}

/** One read of a person's data, as their data tracker shows it. */
export const TrackedReadSchema = Type.Object({
  /** Through the gateway (an agency's system called a service), or a form prefilled from the registry. */
  source: Type.Union([Type.Literal('gateway'), Type.Literal('prefill')]),
  at: Type.String(),
  /** Who read: the agency (or business) whose system asked; null for the person's own filing. */
  agencyId: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  /** Their system, and the service (registry) that answered. */
  system: Type.String(),
  service: Type.String(),
  attributes: Type.Array(Type.String()),
  purpose: Nullable(Type.String()),
  dossierCode: Nullable(Type.String()),
  /** The grant it was read under, with its legal basis (gateway reads). */
  grantId: Nullable(Type.String()),
  legalBasis: Nullable(Type.String()),
  /** The person's consent it relied on: an exchange consent, or who vouched for it at a prefill. */
  consentId: Nullable(Type.String()),
  consentBy: Nullable(Type.String()),
  /** The person read their own data, filing for themselves. */
  bySelf: Type.Boolean(),
})
export const TrackedReadsSchema = Type.Object({
  items: Type.Array(TrackedReadSchema),
  total: Type.Integer(),
})
export const TrackedReadsQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 25, default: 1 })),
    pageSize: Type.Optional(Paging.pageSize),
  },
  { additionalProperties: false },
)

export const SeqParams = Type.Object({ seq: Type.Integer({ minimum: 1 }) })
export const UuidParams = Type.Object({ id: Uuid })

/** A subsystem as X-Road's listClients names it. */
export const ClientSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  memberId: Type.String(),
  memberName: Type.String(),
})

export const LogReportSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  seals: Type.Integer(),
  firstBroken: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      reason: Type.Union([Type.Literal('prev_hash'), Type.Literal('hash'), Type.Literal('seal')]),
    }),
  ),
})
