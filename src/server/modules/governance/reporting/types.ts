import type { Static } from 'typebox'
import type {
  NewRegimeBody,
  PrefillSchema,
  RegimeDetailSchema,
  RegimeSchema,
  RegimesPageSchema,
  RegimesQuery,
  SubmissionBody,
  SubmissionSchema,
} from './routes.schema'

// The reporting regimes' types are those of their route schemas.

export type NewRegime = Static<typeof NewRegimeBody>
export type SubmissionInput = Static<typeof SubmissionBody>
export type ReportValue = SubmissionInput['values'][string]
export type Regime = Static<typeof RegimeSchema>
export type RegimeView = Regime
export type RegimeDetail = Static<typeof RegimeDetailSchema>
export type RegimeFilter = Static<typeof RegimesQuery>
export type RegimesPage = Static<typeof RegimesPageSchema>
export type Prefill = Static<typeof PrefillSchema>
export type Submission = Static<typeof SubmissionSchema>
