import type { Static } from 'typebox'
import type {
  AcceptBody,
  LearnedPageSchema,
  OutcomeSchema,
  SuggestedProcedureSchema,
  SuggestionPrefillSchema,
  SuggestionSchema,
  SuggestionsPageSchema,
} from './routes.schema'

// The proactive module's types are those of its route schemas (routes.schema.ts).

export type Outcome = Static<typeof OutcomeSchema>
export type SuggestedProcedure = Static<typeof SuggestedProcedureSchema>
export type SuggestionPrefill = Static<typeof SuggestionPrefillSchema>
export type SuggestionView = Static<typeof SuggestionSchema>
export type SuggestionsPage = Static<typeof SuggestionsPageSchema>
export type AcceptInput = Static<typeof AcceptBody>
export type LearnedPage = Static<typeof LearnedPageSchema>
