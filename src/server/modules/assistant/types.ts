import type { Static } from 'typebox'
import type {
  AnswerItemSchema,
  AnswerSchema,
  AskBody,
  LOCALES,
  PrecheckBody,
  PrecheckIssueSchema,
  PrecheckSchema,
} from './routes.schema'

export type Locale = (typeof LOCALES)[number]
export type AskInput = Static<typeof AskBody>
export type Answer = Static<typeof AnswerSchema>
export type AnswerItem = Static<typeof AnswerItemSchema>

/** The features whose use is counted per agency and day (for gov.ai_use). */
export type AssistantFeature = 'ask' | 'precheck'
export type PrecheckInput = Static<typeof PrecheckBody>
export type Precheck = Static<typeof PrecheckSchema>
export type PrecheckIssue = Static<typeof PrecheckIssueSchema>
