import { Type } from 'typebox'
import { Nullable } from '../../../schemas'
import { AgencyId, IsoDate, ListPaging, Text } from '../routes.schema'

export const PERIODS = ['monthly', 'quarterly', 'yearly'] as const
export const INDICATOR_TYPES = ['integer', 'decimal', 'percent', 'boolean', 'text'] as const
export const REPORTER_LEVELS = ['ministry', 'province', 'unit', 'commune'] as const
/** Sen's own figures a submission can be prefilled with (counted for the reporter and the agencies below it). */
export const SEN_SOURCES = [
  'dossiers.received',
  'dossiers.received_online',
  'dossiers.decided',
  'dossiers.decided_on_time',
  'tasks.assigned',
  'tasks.overdue',
] as const
export const SUBMISSION_STATES = ['submitted', 'late', 'missing', 'awaited'] as const

const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$' })
/** '2026-03', '2026-Q1' or '2026', checked against the regime's period by the service. */
const PeriodKey = Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$', maxLength: 7 })

export const IndicatorSchema = Type.Object(
  {
    code: Code,
    name: Text(300),
    type: Type.Enum(INDICATOR_TYPES),
    unit: Nullable(Type.String({ maxLength: 40 })),
    required: Type.Boolean(),
    source: Nullable(Type.Enum(SEN_SOURCES)),
  },
  { additionalProperties: false },
)

export const NewRegimeBody = Type.Object(
  {
    code: Code,
    name: Text(500),
    legalBasis: Text(500),
    period: Type.Enum(PERIODS),
    recipientAgencyId: AgencyId,
    reporterLevels: Type.Array(Type.Enum(REPORTER_LEVELS), { minItems: 1, maxItems: 4, uniqueItems: true }),
    deadlineDays: Type.Integer({ minimum: 0, maximum: 90 }),
    startsOn: IsoDate,
    indicators: Type.Array(
      Type.Object(
        {
          code: Code,
          name: Text(300),
          type: Type.Enum(INDICATOR_TYPES),
          unit: Type.Optional(Type.String({ maxLength: 40 })),
          required: Type.Optional(Type.Boolean()),
          source: Type.Optional(Type.Enum(SEN_SOURCES)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
)

const Value = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 4000 }), Type.Null()])

export const SubmissionBody = Type.Object(
  {
    agencyId: AgencyId,
    period: PeriodKey,
    values: Type.Record(Type.String({ maxLength: 40 }), Value, { maxProperties: 100 }),
  },
  { additionalProperties: false },
)

export const RegimeParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const RegimesQuery = Type.Object({ ...ListPaging }, { additionalProperties: false })

export const RegimeQuery = Type.Object(
  { agencyId: Type.Optional(AgencyId), period: Type.Optional(PeriodKey) },
  { additionalProperties: false },
)

export const PrefillQuery = Type.Object(
  { agencyId: AgencyId, period: PeriodKey },
  { additionalProperties: false },
)

const AgencyRef = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })

export const RegimeSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  legalBasis: Type.String(),
  period: Type.Enum(PERIODS),
  recipient: AgencyRef,
  reporterLevels: Type.Array(Type.String()),
  deadlineDays: Type.Integer(),
  startsOn: Type.String(),
  indicators: Type.Array(IndicatorSchema),
  /** The latest period whose report was due, and how its reports stand in the caller's view. */
  latestDue: Nullable(
    Type.Object({
      period: Type.String(),
      dueOn: Type.String(),
      expected: Type.Integer(),
      submitted: Type.Integer(),
      late: Type.Integer(),
      missing: Type.Integer(),
    }),
  ),
  createdAt: Type.String(),
})

export const RegimesPageSchema = Type.Object({
  summary: Type.Object({
    regimes: Type.Integer(),
    /** Reporting obligations of the latest due periods in view, and how many were met on Sen. */
    expected: Type.Integer(),
    submitted: Type.Integer(),
    late: Type.Integer(),
    missing: Type.Integer(),
  }),
  total: Type.Integer(),
  items: Type.Array(RegimeSchema),
})

export const ReporterRow = Type.Object({
  agency: AgencyRef,
  state: Type.Enum(SUBMISSION_STATES),
  submissionId: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  values: Nullable(Type.Record(Type.String(), Value)),
})

export const RegimeDetailSchema = Type.Object({
  ...RegimeSchema.properties,
  /** The period shown (the latest due by default), its due day, and the periods one may open. */
  shownPeriod: Nullable(Type.String()),
  shownDueOn: Nullable(Type.String()),
  periods: Type.Array(Type.String()),
  scope: AgencyRef,
  reporters: Type.Array(ReporterRow),
  /** Each indicator over the submissions in scope: sums (integers, decimals), means (percentages), counts of yes. */
  aggregate: Type.Array(
    Type.Object({
      code: Type.String(),
      value: Nullable(Type.Number()),
      reporters: Type.Integer(),
      how: Type.Enum(['sum', 'mean', 'count_true', 'none']),
    }),
  ),
  can: Type.Object({ submit: Type.Boolean() }),
})

export const PrefillSchema = Type.Object({
  period: Type.String(),
  from: Type.String(),
  to: Type.String(),
  /** Values Sen holds for the indicators with a source; others are absent, to be typed in. */
  values: Type.Record(Type.String(), Type.Number()),
})

export const SubmissionSchema = Type.Object({
  id: Type.String(),
  regimeId: Type.String(),
  agency: AgencyRef,
  period: Type.String(),
  values: Type.Record(Type.String(), Value),
  late: Type.Boolean(),
  submittedAt: Type.String(),
})
