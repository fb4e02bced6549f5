import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Tasks assigned by the Government or the Prime Minister in a document (number, date, signer),
 * to a lead agency with cooperating ones, by a deadline; followed by the agency that assigned
 * them (`assignerAgencyId`, which recorded the task) until it evaluates them.
 */
export const govTasks = pgTable(
  'gov_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentNumber: text('document_number').notNull(),
    documentDate: date('document_date', { mode: 'string' }).notNull(),
    documentSigner: text('document_signer').notNull(),
    issuer: text('issuer', { enum: ['government', 'prime_minister'] }).notNull(),
    title: text('title').notNull(),
    leadAgencyId: text('lead_agency_id').notNull(),
    cooperatingAgencyIds: text('cooperating_agency_ids').array().notNull().default([]),
    assignerAgencyId: text('assigner_agency_id').notNull(),
    /** The deadline in force: the original one, or the last extension granted. */
    deadline: date('deadline', { mode: 'string' }).notNull(),
    originalDeadline: date('original_deadline', { mode: 'string' }).notNull(),
    /** The latest progress reported, 0–100. */
    progress: integer('progress').notNull().default(0),
    /** The first report makes the task tracked (with its deadline); kept to count without a join. */
    firstReportAt: timestamp('first_report_at', { withTimezone: true }),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    completedOn: date('completed_on', { mode: 'string' }),
    evaluation: text('evaluation', { enum: ['on_time', 'late', 'not_done'] }),
    evaluationNote: text('evaluation_note'),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
    evaluatedBy: uuid('evaluated_by'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gov_tasks_lead_idx').on(t.leadAgencyId, t.deadline),
    index('gov_tasks_assigner_idx').on(t.assignerAgencyId),
  ],
)

/** Periodic progress reports of the lead agency, with their evidence. */
export const govTaskReports = pgTable(
  'gov_task_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => govTasks.id),
    progress: integer('progress').notNull(),
    summary: text('summary').notNull(),
    /** What shows the progress: a document's number, a link, a file in the agency's records. */
    evidence: text('evidence'),
    reportedBy: uuid('reported_by'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gov_task_reports_task_idx').on(t.taskId, t.reportedAt)],
)

/** Requests to move a task's deadline, decided by the assigning agency. */
export const govTaskExtensions = pgTable(
  'gov_task_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => govTasks.id),
    requestedDeadline: date('requested_deadline', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'granted', 'refused'] })
      .notNull()
      .default('pending'),
    requestedBy: uuid('requested_by'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [index('gov_task_extensions_task_idx').on(t.taskId)],
)
