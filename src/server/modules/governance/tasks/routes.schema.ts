import { Type } from 'typebox'
import { Nullable } from '../../../schemas'
import { AgencyId, IsoDate, ListPaging, Text } from '../routes.schema'

export const ISSUERS = ['government', 'prime_minister'] as const
export const EVALUATIONS = ['on_time', 'late', 'not_done'] as const
export const TASK_STATES = ['in_progress', 'overdue', 'completed', 'evaluated'] as const

export const NewTaskBody = Type.Object(
  {
    documentNumber: Type.String({ minLength: 1, maxLength: 60 }),
    documentDate: IsoDate,
    documentSigner: Text(200),
    issuer: Type.Enum(ISSUERS),
    title: Text(2000),
    leadAgencyId: AgencyId,
    cooperatingAgencyIds: Type.Array(AgencyId, { maxItems: 50, uniqueItems: true, default: [] }),
    deadline: IsoDate,
  },
  { additionalProperties: false },
)

export const ReportBody = Type.Object(
  {
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    summary: Text(4000),
    evidence: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
)

export const ExtensionBody = Type.Object(
  { requestedDeadline: IsoDate, reason: Text(2000) },
  { additionalProperties: false },
)

export const ExtensionDecisionBody = Type.Object(
  { decision: Type.Enum(['granted', 'refused']), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)

export const CompletionBody = Type.Object({ completedOn: IsoDate }, { additionalProperties: false })

export const EvaluationBody = Type.Object(
  { evaluation: Type.Enum(EVALUATIONS), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)

export const TaskParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export const ExtensionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  extensionId: Type.String({ format: 'uuid' }),
})

export const TasksQuery = Type.Object(
  { ...ListPaging, state: Type.Optional(Type.Enum(TASK_STATES)) },
  { additionalProperties: false },
)

const AgencyRef = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })

export const TaskSchema = Type.Object({
  id: Type.String(),
  documentNumber: Type.String(),
  documentDate: Type.String(),
  documentSigner: Type.String(),
  issuer: Type.Enum(ISSUERS),
  title: Type.String(),
  lead: AgencyRef,
  cooperating: Type.Array(AgencyRef),
  assigner: AgencyRef,
  deadline: Type.String(),
  originalDeadline: Type.String(),
  progress: Type.Integer(),
  lastReportAt: Nullable(Type.String()),
  completedOn: Nullable(Type.String()),
  evaluation: Nullable(Type.Enum(EVALUATIONS)),
  evaluationNote: Nullable(Type.String()),
  state: Type.Enum(TASK_STATES),
  /** Tracked electronically: progress reported, and evaluated once its deadline has passed. */
  tracked: Type.Boolean(),
  createdAt: Type.String(),
})

export const TaskReportSchema = Type.Object({
  id: Type.String(),
  progress: Type.Integer(),
  summary: Type.String(),
  evidence: Nullable(Type.String()),
  reportedAt: Type.String(),
})

export const TaskExtensionSchema = Type.Object({
  id: Type.String(),
  requestedDeadline: Type.String(),
  reason: Type.String(),
  status: Type.Enum(['pending', 'granted', 'refused']),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
})

export const TaskDetailSchema = Type.Intersect([
  TaskSchema,
  Type.Object({
    reports: Type.Array(TaskReportSchema),
    extensions: Type.Array(TaskExtensionSchema),
    /** What the asking official may do on it now. */
    can: Type.Object({ report: Type.Boolean(), evaluate: Type.Boolean() }),
  }),
])

export const TaskSummarySchema = Type.Object({
  assigned: Type.Integer(),
  tracked: Type.Integer(),
  overdue: Type.Integer(),
  evaluated: Type.Integer(),
  onTime: Type.Integer(),
})

export const TasksPageSchema = Type.Object({
  summary: TaskSummarySchema,
  total: Type.Integer(),
  items: Type.Array(TaskSchema),
})
