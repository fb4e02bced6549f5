import { Type } from 'typebox'
import { Nullable } from '../../schemas'
import { DossierCode } from '../dossiers/routes.schema'

export const SCORES = ['satisfied', 'acceptable', 'dissatisfied'] as const
export const ScoreSchema = Type.Enum(SCORES)

export const DossierParams = Type.Object({ code: DossierCode })

export const RatingBody = Type.Object(
  { score: ScoreSchema, comment: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
)

/** A dossier's rating as its applicant gave it. */
export const RatingSchema = Type.Object({
  dossierCode: Type.String(),
  score: ScoreSchema,
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const DossierRatingSchema = Type.Object({
  rating: Nullable(Type.Omit(RatingSchema, ['dossierCode'])),
})

export const RatingsQuery = Type.Object(
  {
    agencyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]*$', maxLength: 32 })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
)

/** A rating as the agency sees it: which of its agencies and procedures it is about. */
export const AgencyRatingSchema = Type.Object({
  dossierCode: Type.String(),
  agencyId: Type.String(),
  procedureCode: Type.String(),
  score: ScoreSchema,
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const RatingsPageSchema = Type.Object({
  summary: Type.Object({
    satisfied: Type.Integer(),
    acceptable: Type.Integer(),
    dissatisfied: Type.Integer(),
    total: Type.Integer(),
  }),
  items: Type.Array(AgencyRatingSchema),
})
