import { Type } from 'typebox'

// Schemas of the catalog routes: they validate input, serialise output and write the OpenAPI document.
// ProcedureInputSchema is also the shape of the files in config/vn/procedures.

export const ProcedureCode = Type.String({
  pattern: '^\\d\\.\\d{6}$',
  description: 'National code, e.g. 1.001193',
})
const Slug = (maxLength = 60) => Type.String({ minLength: 1, maxLength, pattern: '^[a-z0-9][a-z0-9-]*$' })
const Text = (maxLength = 300) => Type.String({ minLength: 1, maxLength })
const Money = Type.Integer({ minimum: 0, maximum: 1_000_000_000 })
const AgencyLevelSchema = Type.Union([
  Type.Literal('commune'),
  Type.Literal('province'),
  Type.Literal('central'),
])
const OnlineLevelSchema = Type.Union([Type.Literal('full'), Type.Literal('partial')])
/** Any JSON object (a JSON Schema, a uiSchema): checked by the service, serialised as is. */
const AnyObject = Type.Record(Type.String(), Type.Unknown())
const SlaHours = Type.Record(
  Type.String({ pattern: '^[a-z_]+$' }),
  Type.Integer({ minimum: 0, maximum: 10_000 }),
)

const FormField = Type.String({ minLength: 1, maxLength: 60 })

/** A fee as the fee texts state it (e.g. Circular 226/2016/TT-BTC for certified copies). */
export const FeeSchema = Type.Object(
  {
    amountVnd: Money,
    onlineAmountVnd: Type.Optional(Money),
    perUnit: Type.Optional(
      Type.Object(
        {
          field: FormField,
          /** A lower (or higher) price per unit from the nth unit on, e.g. 1,000 ₫ a page from page 3. */
          tiers: Type.Optional(
            Type.Array(
              Type.Object(
                { fromUnit: Type.Integer({ minimum: 2, maximum: 10_000 }), amountVnd: Money },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 10 },
            ),
          ),
          /** At most this for the units (of each copy, where there are copies). */
          maxVnd: Type.Optional(Money),
        },
        { additionalProperties: false },
      ),
    ),
    /** The fee is charged again for each copy (the form field that counts them). */
    perCopy: Type.Optional(Type.Object({ field: FormField }, { additionalProperties: false })),
    /** Charged in addition for each copy from the nth on (e.g. 5,000 ₫ a certificate from the third). */
    extraCopies: Type.Optional(
      Type.Object(
        { field: FormField, fromCopy: Type.Integer({ minimum: 2, maximum: 10_000 }), amountVnd: Money },
        { additionalProperties: false },
      ),
    ),
    /** Exemptions and reductions by the applicant's category (or case), a choice on the form. */
    categories: Type.Optional(
      Type.Object(
        {
          field: FormField,
          options: Type.Array(
            Type.Object(
              {
                value: Type.String({ minLength: 1, maxLength: 60 }),
                /** Exempt: nothing to pay. */
                exempt: Type.Optional(Type.Boolean()),
                /** The amount instead of amountVnd (and of onlineAmountVnd). */
                amountVnd: Type.Optional(Money),
                /** The legal text that grants it. */
                basis: Text(300),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 20 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    note: Type.Optional(Text(500)),
    noteEn: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
)

export const DocumentSchema = Type.Object(
  {
    id: Slug(),
    name: Text(),
    nameEn: Text(),
    required: Type.Boolean(),
    walletTypes: Type.Array(Slug(), { minItems: 1, maxItems: 20, uniqueItems: true }),
    accept: Type.Array(Type.String({ minLength: 3, maxLength: 100, pattern: '^[a-z]+/[a-z0-9.+-]+$' }), {
      minItems: 1,
      maxItems: 10,
      uniqueItems: true,
    }),
    maxSizeMb: Type.Integer({ minimum: 1, maximum: 50 }),
  },
  { additionalProperties: false },
)

/**
 * The assurance of who is applying that the law asks for filing online: the level of the national
 * e-identity account (1 or 2, Decree 69/2024) the applicant must have logged in with, and why.
 */
export const AssuranceSchema = Type.Object(
  {
    level: Type.Union([Type.Literal(1), Type.Literal(2)]),
    basis: Text(),
    basisEn: Text(),
  },
  { additionalProperties: false },
)

export const ProcedureInputSchema = Type.Object(
  {
    code: ProcedureCode,
    effectiveFrom: Type.String({ format: 'date' }),
    name: Text(),
    nameEn: Text(),
    sector: Slug(),
    agencyLevels: Type.Array(AgencyLevelSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    competentBody: Text(),
    fee: FeeSchema,
    processingDays: Type.Integer({ minimum: 0, maximum: 365 }),
    onlineLevel: OnlineLevelSchema,
    onlineEligible: Type.Boolean(),
    essential: Type.Boolean(),
    formSchema: AnyObject,
    uiSchema: Type.Optional(AnyObject),
    documents: Type.Array(DocumentSchema, { maxItems: 30 }),
    resultType: Slug(),
    resultName: Text(),
    resultNameEn: Text(),
    workflowId: Slug(),
    slaHours: Type.Optional(SlaHours),
    lifeEvents: Type.Array(Slug(), { maxItems: 20, uniqueItems: true }),
    bundle: Type.Optional(Type.Array(ProcedureCode, { maxItems: 10, uniqueItems: true })),
    illustrative: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 40 })),
    assurance: Type.Optional(AssuranceSchema),
    published: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const ProcedureSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  sector: Type.String(),
  onlineLevel: Type.String(),
  feeVnd: Type.Integer(),
  processingDays: Type.Integer(),
  lifeEvents: Type.Array(Type.String()),
  essential: Type.Boolean(),
})

export const WorkflowSchema = Type.Object({
  id: Type.String(),
  initial: Type.Optional(Type.String()),
  actions: Type.Array(
    Type.Object({
      action: Type.String(),
      from: Type.Array(Type.String()),
      to: Type.String(),
      roles: Type.Array(Type.String()),
      decision: Type.Optional(Type.String()),
      reasonRequired: Type.Optional(Type.Boolean()),
      fromStage: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      toStage: Type.Optional(Type.String()),
      requiresFee: Type.Optional(Type.Boolean()),
    }),
  ),
  slaHours: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  stages: Type.Optional(
    Type.Record(Type.String(), Type.Object({ name: Type.String(), nameEn: Type.String() })),
  ),
})

export const ProcedureDetailSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  sector: Type.String(),
  agencyLevels: Type.Array(Type.String()),
  competentBody: Type.String(),
  fee: FeeSchema,
  processingDays: Type.Integer(),
  onlineLevel: Type.String(),
  onlineEligible: Type.Boolean(),
  essential: Type.Boolean(),
  formSchema: AnyObject,
  uiSchema: Type.Union([AnyObject, Type.Null()]),
  documents: Type.Array(DocumentSchema),
  resultType: Type.String(),
  resultName: Type.String(),
  resultNameEn: Type.String(),
  workflowId: Type.String(),
  workflow: WorkflowSchema,
  lifeEvents: Type.Array(Type.String()),
  bundle: Type.Array(Type.String()),
  illustrative: Type.Array(Type.String()),
  assurance: Type.Union([AssuranceSchema, Type.Null()]),
  published: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})

export const VersionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  name: Type.String(),
  published: Type.Boolean(),
  inForce: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})

export const TermCountSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  count: Type.Integer(),
})

const Filter = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9-]+$' })

const SearchFilters = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sector: Type.Optional(Filter),
  lifeEvent: Type.Optional(Filter),
  agencyLevel: Type.Optional(AgencyLevelSchema),
}

/** The search and filters of a facet's counts: those of the list it sits beside, without paging. */
export const FacetQuery = Type.Object(SearchFilters, { additionalProperties: false })

export const ProcedureListQuery = Type.Object(
  {
    ...SearchFilters,
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
)

export const CodeParams = Type.Object({ code: ProcedureCode }, { additionalProperties: false })
