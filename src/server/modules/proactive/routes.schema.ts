import { Type } from 'typebox'
import { Nullable } from '../../schemas'
import { DocumentReferenceSchema } from '../dossiers/routes.schema'

export const OUTCOMES = ['delivered', 'accepted', 'dismissed', 'expired'] as const
export const OutcomeSchema = Type.Enum(OUTCOMES)

export const SuggestionParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** A procedure a suggestion names, with its deadline (a local day) and the law that sets it. */
export const SuggestedProcedureSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  deadline: Nullable(Type.String({ format: 'date' })),
  legalBasis: Type.String(),
  legalBasisEn: Type.String(),
})

/** What is already filled in for the one-step filing: form data and wallet documents attached. */
export const SuggestionPrefillSchema = Type.Object({
  data: Type.Record(Type.String(), Type.Unknown()),
  documents: Type.Array(DocumentReferenceSchema),
})

export const SuggestionSchema = Type.Object({
  id: Type.String(),
  lifeEvent: Type.String(),
  lifeEventName: Type.String(),
  lifeEventNameEn: Type.String(),
  kind: Type.Union([Type.Literal('rule'), Type.Literal('learned')]),
  title: Type.String(),
  titleEn: Type.String(),
  body: Type.String(),
  bodyEn: Type.String(),
  /** For a learned suggestion: what others in the same situation did (counts only). */
  reason: Nullable(Type.String()),
  reasonEn: Nullable(Type.String()),
  procedures: Type.Array(SuggestedProcedureSchema),
  /** The procedure filed in one step on confirmation; null when each is applied for on its own. */
  offer: Nullable(
    Type.Object({
      procedureCode: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      prefill: SuggestionPrefillSchema,
    }),
  ),
  dueOn: Nullable(Type.String({ format: 'date' })),
  status: OutcomeSchema,
  dossierCode: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
})

export const SuggestionsQuery = Type.Object(
  { status: Type.Optional(OutcomeSchema) },
  { additionalProperties: false },
)

export const SuggestionsPageSchema = Type.Object({
  items: Type.Array(SuggestionSchema),
  optedOut: Type.Boolean(),
})

/** The citizen's confirmation: what the prefill could not know (the child's name), merged into it. */
export const AcceptBody = Type.Object(
  {
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** The applicant confirms the consent of the others whose registry data the form uses. */
    consent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const AcceptedSchema = Type.Object({
  suggestion: SuggestionSchema,
  dossierCode: Type.String(),
})

export const OptOutBody = Type.Object({ optedOut: Type.Boolean() }, { additionalProperties: false })
export const OptOutSchema = Type.Object({ optedOut: Type.Boolean() })

const Outcomes = {
  delivered: Type.Integer({ minimum: 0 }),
  accepted: Type.Integer({ minimum: 0 }),
  decided: Type.Integer({ minimum: 0 }),
  /** Accepted over decided; null before any outcome. */
  acceptance: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
}

/** What was learned from the history of dossiers, and how its suggestions fared: counts only. */
export const LearnedPageSchema = Type.Object({
  computedAt: Nullable(Type.String({ format: 'date-time' })),
  rules: Type.Object({
    withinDays: Type.Integer(),
    minPeople: Type.Integer(),
    minShare: Type.Number(),
    most: Type.Integer(),
  }),
  items: Type.Array(
    Type.Object({
      from: Type.String(),
      fromName: Type.String(),
      to: Type.String(),
      toName: Type.String(),
      people: Type.Integer(),
      fromPeople: Type.Integer(),
      share: Type.Number(),
      withinDays: Type.Integer(),
      /** Followed by enough people to be suggested. */
      suggested: Type.Boolean(),
      ...Outcomes,
    }),
  ),
  total: Type.Object(Outcomes),
})
