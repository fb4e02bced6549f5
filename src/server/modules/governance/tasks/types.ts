import type { Static } from 'typebox'
import type {
  CompletionBody,
  EvaluationBody,
  ExtensionBody,
  ExtensionDecisionBody,
  NewTaskBody,
  ReportBody,
  TaskDetailSchema,
  TaskExtensionSchema,
  TaskReportSchema,
  TaskSchema,
  TasksPageSchema,
  TasksQuery,
} from './routes.schema'

// The tasks' types are those of their route schemas.

export type NewTask = Static<typeof NewTaskBody>
export type TaskReportInput = Static<typeof ReportBody>
export type ExtensionInput = Static<typeof ExtensionBody>
export type ExtensionDecision = Static<typeof ExtensionDecisionBody>
export type CompletionInput = Static<typeof CompletionBody>
export type EvaluationInput = Static<typeof EvaluationBody>
export type Task = Static<typeof TaskSchema>
export type TaskReport = Static<typeof TaskReportSchema>
export type TaskExtension = Static<typeof TaskExtensionSchema>
export type TaskDetail = Static<typeof TaskDetailSchema>
export type TasksFilter = Static<typeof TasksQuery>
export type TasksPage = Static<typeof TasksPageSchema>
