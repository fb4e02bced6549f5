// Shapes of the proactive API (suggestions at life events), as the server's route schemas give them.
export type { SuggestionsPage, SuggestionView as Suggestion } from '../../server/modules/proactive/types'
