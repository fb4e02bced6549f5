import { Type } from 'typebox'
import { Nullable } from '../../schemas'
import { OnBehalfOfSchema } from '../representation/types'

/**
 * Work queues of an agency: each role's own work first (reception: 'new' to receive; specialists:
 * 'to_process', accepted or being processed and not yet handed over; leaders: 'awaiting_approval'),
 * then the deadline views ('reception_overdue': new, and past reception's 8 working hours).
 */
export const QUEUES = [
  'new',
  'reception_overdue',
  'to_process',
  'awaiting_approval',
  'due_soon',
  'overdue',
  'waiting',
] as const

export const DossierCode = Type.String({ maxLength: 40, pattern: '^[A-Z0-9.]+-[0-9]{6}-[0-9]{4}$' })
export const ProcedureCode = Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' })

export const DocumentReferenceSchema = Type.Object(
  {
    requirementId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    walletDocumentId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
)

export const SubmitBody = Type.Object(
  {
    procedureCode: ProcedureCode,
    data: Type.Record(Type.String(), Type.Unknown()),
    documents: Type.Array(DocumentReferenceSchema, { maxItems: 30, default: [] }),
    consent: Type.Optional(Type.Boolean()),
    receivingAgencyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]*$', maxLength: 32 })),
    /** Filed for someone else (a child, a business, a person who authorised the filer). */
    onBehalfOf: Type.Optional(OnBehalfOfSchema),
  },
  { additionalProperties: false },
)

export const ActionBody = Type.Object(
  {
    action: Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z_]+$' }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    documents: Type.Optional(Type.Array(DocumentReferenceSchema, { maxItems: 30 })),
    assigneeId: Type.Optional(Type.String({ format: 'uuid' })),
    newDueAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)

export const DossierSchema = Type.Object({
  code: Type.String(),
  procedureCode: Type.String(),
  procedureVersion: Type.String(),
  status: Type.String(),
  statusCode: Type.Integer(),
  stage: Nullable(
    Type.String({
      description: "A step inside the state: 'awaiting_approval' once handed over to the leader",
    }),
  ),
  applicantType: Type.Integer(),
  applicantId: Type.String(),
  receivingAgencyId: Type.String(),
  competentAgencyId: Type.String(),
  channel: Type.Integer(),
  data: Type.Record(Type.String(), Type.Unknown()),
  feeVnd: Type.Integer(),
  paid: Type.Boolean(),
  assigneeId: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String(),
  receptionDueAt: Type.String(),
  dueAt: Type.String(),
  paused: Type.Boolean(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  returnedAt: Type.Union([Type.String(), Type.Null()]),
  resultDocumentId: Type.Union([Type.String(), Type.Null()]),
  decisionSigned: Type.Boolean(),
  /** Who filed it for the applicant (applicantId), when someone else did, and on what basis. */
  representation: Type.Optional(
    Nullable(
      Type.Object({
        representativePin: Type.String(),
        basis: Type.Union([
          Type.Literal('parent'),
          Type.Literal('legal_representative'),
          Type.Literal('employee'),
          Type.Literal('written'),
        ]),
        authorisationId: Nullable(Type.String()),
      }),
    ),
  ),
})

export const DossierStatusSchema = Type.Object({
  code: Type.String(),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  procedureNameEn: Type.String(),
  status: Type.String(),
  statusCode: Type.Integer({ description: 'The national portal’s state code, 1–10' }),
  submittedAt: Type.String(),
  dueAt: Type.String({ description: 'The appointment date for the result' }),
  paused: Type.Boolean({ description: 'The agency waits for the applicant' }),
  late: Type.Boolean({
    description:
      'Past its appointment date, still open and not waiting for the applicant (the overdue queue)',
  }),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  returnedAt: Type.Union([Type.String(), Type.Null()]),
  resultIssued: Type.Boolean({ description: 'A signed result is in the applicant’s wallet' }),
})

export const ListQuery = Type.Object(
  {
    statusCode: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    procedureCode: Type.Optional(ProcedureCode),
    queue: Type.Optional(Type.Enum(QUEUES)),
    open: Type.Optional(Type.Boolean()),
    agencyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]*$', maxLength: 32 })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
)

export const DraftBody = Type.Object(
  {
    data: Type.Record(Type.String(), Type.Unknown()),
    documents: Type.Array(DocumentReferenceSchema, { maxItems: 30, default: [] }),
  },
  { additionalProperties: false },
)

export const DraftSchema = Type.Object({
  procedureCode: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  documents: Type.Array(DocumentReferenceSchema),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const HistoryEntry = Type.Object({
  action: Type.String(),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  signed: Type.Boolean(),
  at: Type.String(),
})

/** A payment notice refused because another payment holds its providerRef, for an operator to reconcile. */
export const NoticeConflictSchema = Type.Object({
  paymentId: Type.String({ format: 'uuid' }),
  dossierCode: Nullable(Type.String()),
  providerRef: Type.String(),
  heldByPaymentId: Type.String({ format: 'uuid' }),
  heldByDossierCode: Nullable(Type.String()),
  noticeStatus: Type.Union([Type.Literal('paid'), Type.Literal('failed')]),
  amountVnd: Type.Integer(),
  /** How many times the provider sent it. */
  notices: Type.Integer(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
})

/** A dossier in a list; officials see the applicant's name. */
export const DossierListItem = Type.Object({
  ...DossierSchema.properties,
  applicantName: Nullable(Type.String({ description: 'For officials: the applicant’s recorded name' })),
})

/** A document attached to a dossier, with what the wallet knows of it and where it came from. */
export const AttachedDocumentSchema = Type.Object({
  requirementId: Type.String(),
  walletDocumentId: Type.String(),
  /** It was in the applicant's wallet before (an earlier result, a digitised record, an earlier upload). */
  reused: Type.Boolean(),
  provenance: Type.Union([Type.Literal('wallet'), Type.Literal('upload')], {
    description: "'wallet': attached from the applicant's wallet; 'upload': uploaded for this application",
  }),
  title: Type.String(),
  type: Type.String(),
  source: Type.String({ description: 'How it entered the wallet: issued, digitised or uploaded' }),
  issuerAgencyId: Nullable(Type.String()),
  mimeType: Nullable(Type.String()),
  hasFile: Type.Boolean(),
  status: Type.String(),
  issuedAt: Type.String(),
})

export const DossierDetailSchema = Type.Object({
  dossier: DossierSchema,
  procedureName: Type.String(),
  procedureNameEn: Type.String(),
  /** For officials: the applicant's recorded name; null for the applicant. */
  applicantName: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  allowedActions: Type.Array(Type.String()),
  history: Type.Array(HistoryEntry),
  documents: Type.Array(AttachedDocumentSchema),
})

export const QueueCountsSchema = Type.Object(
  Object.fromEntries(QUEUES.map((queue) => [queue, Type.Integer()])) as Record<
    (typeof QUEUES)[number],
    ReturnType<typeof Type.Integer>
  >,
)
