import type { Static } from 'typebox'
import type {
  AgencyRatingSchema,
  DossierRatingSchema,
  RatingBody,
  RatingSchema,
  RatingsPageSchema,
  RatingsQuery,
  ScoreSchema,
} from './routes.schema'

// The feedback module's types are those of its route schemas (routes.schema.ts).

export type Score = Static<typeof ScoreSchema>
export type RatingInput = Static<typeof RatingBody>
export type Rating = Static<typeof RatingSchema>
export type DossierRating = Static<typeof DossierRatingSchema>['rating']
export type RatingsFilter = Static<typeof RatingsQuery>
export type AgencyRating = Static<typeof AgencyRatingSchema>
export type RatingsPage = Static<typeof RatingsPageSchema>
