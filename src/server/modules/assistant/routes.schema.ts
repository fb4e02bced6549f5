import { Type } from 'typebox'
import { Nullable } from '../../schemas'

export const LOCALES = ['vi', 'en'] as const

/** Longer than any real question; a longer one is refused (400), not searched. */
export const QUESTION_MAX = 1000

export const AskBody = Type.Object(
  {
    question: Type.String({ maxLength: QUESTION_MAX }),
    locale: Type.Optional(Type.Enum(LOCALES)),
  },
  { additionalProperties: false },
)

/** A procedure the answer cites: where each fact of the answer comes from. */
export const AnswerItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** The procedure's page in the web app. */
  url: Type.String(),
  /** The version of the procedure the facts are from. */
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  score: Type.Number(),
  documents: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), required: Type.Boolean() })),
  fee: Type.Object({
    amountVnd: Type.Integer(),
    onlineAmountVnd: Nullable(Type.Integer()),
    text: Type.String(),
  }),
  processingDays: Type.Integer(),
  timeLimit: Type.String(),
  competentBody: Type.String(),
  agencyLevels: Type.Array(Type.String()),
  whereToApply: Type.String(),
  online: Type.Boolean(),
  result: Type.String(),
})

export const AnswerSchema = Type.Object({
  /** Whether any procedure of the catalog answers the question. */
  found: Type.Boolean(),
  answer: Type.String(),
  /** 'retrieval': Sen's own text from the procedures found; 'llm': written by the configured model from them only. */
  generatedBy: Type.Enum(['retrieval', 'llm']),
  model: Nullable(Type.String()),
  items: Type.Array(AnswerItemSchema),
})

export const PrecheckBody = Type.Object(
  {
    procedureCode: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }),
    /** The form's data as it stands; without it, the applicant's saved draft of the procedure. */
    form: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** The documents meant for each requirement: an applicant's from their wallet, an official's as seen at the counter. */
    documents: Type.Optional(
      Type.Array(
        Type.Object(
          {
            requirementId: Type.String({ minLength: 1, maxLength: 64 }),
            walletDocumentId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    locale: Type.Optional(Type.Enum(LOCALES)),
  },
  { additionalProperties: false },
)

export const PrecheckIssueSchema = Type.Object({
  kind: Type.Enum(['field', 'document']),
  /** Where the issue is: `data.<field path>` or `documents.<index>`. */
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
})

export const PrecheckSchema = Type.Object({
  procedureCode: Type.String(),
  procedureName: Type.String(),
  version: Type.Integer(),
  /** What was checked: the form sent, or the applicant's saved draft. */
  source: Type.Enum(['request', 'draft']),
  /** Nothing missing, nothing inconsistent: ready to file. */
  complete: Type.Boolean(),
  missingDocuments: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  issues: Type.Array(PrecheckIssueSchema),
  /** Fields the registries fill at submission: left empty in a draft, they are not missing. */
  filledAtSubmission: Type.Array(Type.String()),
})
