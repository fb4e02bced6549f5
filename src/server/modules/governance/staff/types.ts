import type { Static } from 'typebox'
import type {
  ImportProblemSchema,
  ImportReportSchema,
  StaffBody,
  StaffPageSchema,
  StaffQuery,
  StaffSchema,
  StaffSummarySchema,
} from './routes.schema'

// The staff records' types are those of their route schemas.

export type StaffInput = Static<typeof StaffBody>
export type Staff = Static<typeof StaffSchema>
export type StaffSummary = Static<typeof StaffSummarySchema>
export type StaffFilter = Static<typeof StaffQuery>
export type StaffPage = Static<typeof StaffPageSchema>
export type ImportProblem = Static<typeof ImportProblemSchema>
export type ImportReport = Static<typeof ImportReportSchema>
