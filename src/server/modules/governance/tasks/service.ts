import { and, arrayOverlaps, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../../db'
import { writeTogether } from '../../../db/together'
import { forbidden } from '../../../errors'
import { appendAudit } from '../../audit/service'
import { workingCalendar } from '../../calendar/service'
import { publish } from '../../events/service'
import { getAgency, type Principal } from '../../identity/service'
import {
  dateInFuture,
  deadlineBeforeDocument,
  EXTENSION,
  evaluationContradicts,
  extensionDecided,
  extensionNotLater,
  extensionPending,
  leadAmongCooperating,
  notAssigner,
  recordNotFound,
  TASK,
  taskClosed,
  taskNotCompleted,
} from '../errors'
import { agenciesInView, assertCanEnter, covers, ENTER_ROLES, FOLLOW_ROLES } from '../scope'
import { govTaskExtensions, govTaskReports, govTasks } from './schema'
import type {
  CompletionInput,
  EvaluationInput,
  ExtensionDecision,
  ExtensionInput,
  NewTask,
  Task,
  TaskDetail,
  TaskReportInput,
  TasksFilter,
  TasksPage,
} from './types'

type Row = typeof govTasks.$inferSelect
/** `at` backdates a change: only the demo generator, replaying history, sets it. */
type When = { at?: Date }

const localDay = (at: Date) => workingCalendar().localDay(at)

/**
 * The task conditions, as of a moment: one definition behind the counters of the dashboard, the
 * summary of the list and the records behind a figure, so that they never disagree.
 */
const evaluatedBy = (until: Date) =>
  sql`${govTasks.evaluatedAt} is not null and ${govTasks.evaluatedAt} <= ${until}`
const completedBy = (until: Date) =>
  sql`${govTasks.completedOn} is not null and ${govTasks.completedOn} <= ${localDay(until)}`
const overdueAt = (until: Date) =>
  sql`${govTasks.deadline} < ${localDay(until)} and not (${completedBy(until)}) and not (${evaluatedBy(until)})`
/** Tracked electronically: a deadline (always), progress reported, and an evaluation once the deadline has passed. */
const trackedAt = (until: Date) =>
  sql`${govTasks.firstReportAt} is not null and ${govTasks.firstReportAt} <= ${until} and (${govTasks.deadline} >= ${localDay(until)} or ${evaluatedBy(until)})`

export const TASK_COUNTERS = {
  'tasks.assigned': () => sql`true`,
  'tasks.tracked': trackedAt,
  'tasks.overdue': overdueAt,
  'tasks.evaluated': evaluatedBy,
  'tasks.on_time': (until: Date) => sql`${evaluatedBy(until)} and ${govTasks.evaluation} = 'on_time'`,
} as const satisfies Record<string, (until: Date) => SQL>

const STATE_CONDITIONS: Record<Task['state'], (now: Date) => SQL> = {
  evaluated: evaluatedBy,
  completed: (now) => sql`${completedBy(now)} and not (${evaluatedBy(now)})`,
  overdue: overdueAt,
  in_progress: (now) =>
    sql`not (${evaluatedBy(now)}) and not (${completedBy(now)}) and ${govTasks.deadline} >= ${localDay(now)}`,
}

function stateOf(row: Row, now: Date): Task['state'] {
  if (row.evaluation) return 'evaluated'
  if (row.completedOn) return 'completed'
  return row.deadline < localDay(now) ? 'overdue' : 'in_progress'
}

async function agencyRef(db: Db, id: string) {
  const agency = await getAgency(db, id)
  return { id: agency.id, name: agency.name, nameEn: agency.nameEn }
}

async function view(db: Db, row: Row, now = new Date()): Promise<Task> {
  const state = stateOf(row, now)
  return {
    id: row.id,
    documentNumber: row.documentNumber,
    documentDate: row.documentDate,
    documentSigner: row.documentSigner,
    issuer: row.issuer,
    title: row.title,
    lead: await agencyRef(db, row.leadAgencyId),
    cooperating: await Promise.all(row.cooperatingAgencyIds.map((id) => agencyRef(db, id))),
    assigner: await agencyRef(db, row.assignerAgencyId),
    deadline: row.deadline,
    originalDeadline: row.originalDeadline,
    progress: row.progress,
    lastReportAt: row.lastReportAt?.toISOString() ?? null,
    completedOn: row.completedOn,
    evaluation: row.evaluation,
    evaluationNote: row.evaluationNote,
    state,
    tracked: row.firstReportAt !== null && (row.deadline >= localDay(now) || row.evaluation !== null),
    createdAt: row.createdAt.toISOString(),
  }
}

/**
 * Records a task assigned in a Government or Prime Minister document. The recording official's
 * agency becomes the assigner that follows and evaluates it; the lead agency must be in their
 * jurisdiction (the Government office records tasks for ministries and provinces, a province for
 * itself and its communes).
 */
export async function createTask(
  db: Db,
  principal: Principal,
  input: NewTask,
  options: When = {},
): Promise<Task> {
  const now = options.at ?? new Date()
  if (!principal.agencyId) throw forbidden()
  await assertCanEnter(db, principal, input.leadAgencyId)
  const cooperating = input.cooperatingAgencyIds ?? []
  if (cooperating.includes(input.leadAgencyId)) throw leadAmongCooperating()
  // A cooperating agency may be anywhere (a ministry working with a province): it must exist.
  for (const id of cooperating) await getAgency(db, id)
  if (input.documentDate > localDay(now)) throw dateInFuture('documentDate')
  if (input.deadline <= input.documentDate) throw deadlineBeforeDocument()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(govTasks)
      .values({
        documentNumber: input.documentNumber.trim(),
        documentDate: input.documentDate,
        documentSigner: input.documentSigner.trim(),
        issuer: input.issuer,
        title: input.title.trim(),
        leadAgencyId: input.leadAgencyId,
        cooperatingAgencyIds: cooperating,
        assignerAgencyId: principal.agencyId!,
        deadline: input.deadline,
        originalDeadline: input.deadline,
        createdBy: principal.userId,
        createdAt: now,
      })
      .returning()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_assigned',
        entity: 'gov_task',
        entityId: row!.id,
        data: {
          documentNumber: row!.documentNumber,
          leadAgencyId: row!.leadAgencyId,
          deadline: row!.deadline,
        },
      }),
      publish(tx, {
        name: 'governance.task_assigned',
        payload: {
          taskId: row!.id,
          leadAgencyId: row!.leadAgencyId,
          assignerAgencyId: row!.assignerAgencyId,
          deadline: row!.deadline,
        },
      }),
    ])
    return view(tx, row!, now)
  })
}

/** Who sees a task: the lead, a cooperating agency, or the assigner, in the official's jurisdiction. */
function visibleTo(ids: string[] | null): SQL | undefined {
  if (ids === null) return undefined
  return or(
    inArray(govTasks.leadAgencyId, ids),
    inArray(govTasks.assignerAgencyId, ids),
    arrayOverlaps(govTasks.cooperatingAgencyIds, ids),
  )
}

export async function listTasks(db: Db, principal: Principal, filter: TasksFilter): Promise<TasksPage> {
  const { ids } = await agenciesInView(db, principal, filter.agencyId)
  const now = new Date()
  const scope = visibleTo(ids)
  const where = and(scope, filter.state ? STATE_CONDITIONS[filter.state](now) : undefined)
  const columns: Record<string, SQL<number>> = {}
  for (const [name, condition] of Object.entries(TASK_COUNTERS))
    columns[name] = sql<number>`count(*) filter (where ${condition(now)})::int`
  const [rows, [counts], [total]] = await Promise.all([
    db
      .select()
      .from(govTasks)
      .where(where)
      .orderBy(asc(govTasks.deadline), asc(govTasks.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select(columns).from(govTasks).where(scope),
    db.select({ n: sql<number>`count(*)::int` }).from(govTasks).where(where),
  ])
  const c = counts as Record<string, number>
  return {
    summary: {
      assigned: Number(c['tasks.assigned'] ?? 0),
      tracked: Number(c['tasks.tracked'] ?? 0),
      overdue: Number(c['tasks.overdue'] ?? 0),
      evaluated: Number(c['tasks.evaluated'] ?? 0),
      onTime: Number(c['tasks.on_time'] ?? 0),
    },
    total: total?.n ?? 0,
    items: await Promise.all(rows.map((row) => view(db, row, now))),
  }
}

/** A task the official may see, or 404 (a task outside their jurisdiction is not theirs to know of). */
async function visibleTask(db: Db, principal: Principal, id: string): Promise<Row> {
  const [row] = await db.select().from(govTasks).where(eq(govTasks.id, id))
  if (!row) throw recordNotFound(TASK)
  for (const agencyId of [row.leadAgencyId, row.assignerAgencyId, ...row.cooperatingAgencyIds])
    if (await covers(db, principal, agencyId)) return row
  throw recordNotFound(TASK)
}

const mayEnter = (principal: Principal) => principal.roles.some((r) => ENTER_ROLES.includes(r))
const mayEvaluate = (principal: Principal) => principal.roles.some((r) => FOLLOW_ROLES.includes(r))

export async function getTask(db: Db, principal: Principal, id: string): Promise<TaskDetail> {
  const row = await visibleTask(db, principal, id)
  const [reports, extensions] = await Promise.all([
    db
      .select()
      .from(govTaskReports)
      .where(eq(govTaskReports.taskId, id))
      .orderBy(desc(govTaskReports.reportedAt)),
    db
      .select()
      .from(govTaskExtensions)
      .where(eq(govTaskExtensions.taskId, id))
      .orderBy(desc(govTaskExtensions.requestedAt)),
  ])
  const open = row.evaluation === null
  return {
    ...(await view(db, row)),
    reports: reports.map((r) => ({
      id: r.id,
      progress: r.progress,
      summary: r.summary,
      evidence: r.evidence,
      reportedAt: r.reportedAt.toISOString(),
    })),
    extensions: extensions.map((e) => ({
      id: e.id,
      requestedDeadline: e.requestedDeadline,
      reason: e.reason,
      status: e.status,
      requestedAt: e.requestedAt.toISOString(),
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionNote: e.decisionNote,
    })),
    can: {
      report: open && mayEnter(principal) && (await covers(db, principal, row.leadAgencyId)),
      evaluate: open && mayEvaluate(principal) && (await covers(db, principal, row.assignerAgencyId)),
    },
  }
}

/** The lead agency's side: a task it may report on (visible, its own, not yet evaluated). */
async function leadTask(db: Db, principal: Principal, id: string): Promise<Row> {
  const row = await visibleTask(db, principal, id)
  await assertCanEnter(db, principal, row.leadAgencyId)
  if (row.evaluation !== null) throw taskClosed()
  return row
}

/** The assigner's side: a task it follows and evaluates. */
async function assignedTask(db: Db, principal: Principal, id: string): Promise<Row> {
  const row = await visibleTask(db, principal, id)
  if (!(await covers(db, principal, row.assignerAgencyId))) throw notAssigner()
  if (row.evaluation !== null) throw taskClosed()
  return row
}

/** A periodic progress report of the lead agency, with its evidence. */
export async function reportProgress(
  db: Db,
  principal: Principal,
  id: string,
  input: TaskReportInput,
  options: When = {},
): Promise<TaskDetail> {
  const at = options.at ?? new Date()
  const row = await leadTask(db, principal, id)
  await db.transaction(async (tx) => {
    await tx.insert(govTaskReports).values({
      taskId: id,
      progress: input.progress,
      summary: input.summary.trim(),
      evidence: input.evidence?.trim() || null,
      reportedBy: principal.userId,
      reportedAt: at,
    })
    await writeTogether(tx, [
      tx
        .update(govTasks)
        .set({
          progress: input.progress,
          lastReportAt: at,
          firstReportAt: sql`coalesce(${govTasks.firstReportAt}, ${at})`,
        })
        .where(eq(govTasks.id, id)),
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_progress_reported',
        entity: 'gov_task',
        entityId: id,
        data: { progress: input.progress },
      }),
      publish(tx, {
        name: 'governance.task_progress_reported',
        payload: { taskId: id, leadAgencyId: row.leadAgencyId, progress: input.progress },
      }),
    ])
  })
  return getTask(db, principal, id)
}

/** The lead agency asks for a later deadline; one request waits for a decision at a time. */
export async function requestExtension(
  db: Db,
  principal: Principal,
  id: string,
  input: ExtensionInput,
  options: When = {},
): Promise<TaskDetail> {
  const row = await leadTask(db, principal, id)
  if (input.requestedDeadline <= row.deadline) throw extensionNotLater()
  await db.transaction(async (tx) => {
    const pending = await tx
      .select({ id: govTaskExtensions.id })
      .from(govTaskExtensions)
      .where(and(eq(govTaskExtensions.taskId, id), eq(govTaskExtensions.status, 'pending')))
      .for('update')
    if (pending.length > 0) throw extensionPending()
    await writeTogether(tx, [
      tx.insert(govTaskExtensions).values({
        taskId: id,
        requestedDeadline: input.requestedDeadline,
        reason: input.reason.trim(),
        requestedBy: principal.userId,
        ...(options.at ? { requestedAt: options.at } : {}),
      }),
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_extension_requested',
        entity: 'gov_task',
        entityId: id,
        data: { requestedDeadline: input.requestedDeadline },
      }),
    ])
  })
  return getTask(db, principal, id)
}

/** The assigner grants (the deadline moves) or refuses an extension request. */
export async function decideExtension(
  db: Db,
  principal: Principal,
  id: string,
  extensionId: string,
  input: ExtensionDecision,
  options: When = {},
): Promise<TaskDetail> {
  const row = await assignedTask(db, principal, id)
  if (!mayEvaluate(principal)) throw forbidden()
  await db.transaction(async (tx) => {
    const [extension] = await tx
      .select()
      .from(govTaskExtensions)
      .where(and(eq(govTaskExtensions.id, extensionId), eq(govTaskExtensions.taskId, id)))
      .for('update')
    if (!extension) throw recordNotFound(EXTENSION)
    if (extension.status !== 'pending') throw extensionDecided()
    const granted = input.decision === 'granted'
    await writeTogether(tx, [
      tx
        .update(govTaskExtensions)
        .set({
          status: input.decision,
          decidedBy: principal.userId,
          decidedAt: options.at ?? new Date(),
          decisionNote: input.note?.trim() || null,
        })
        .where(eq(govTaskExtensions.id, extensionId)),
      ...(granted
        ? [tx.update(govTasks).set({ deadline: extension.requestedDeadline }).where(eq(govTasks.id, id))]
        : []),
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_extension_decided',
        entity: 'gov_task',
        entityId: id,
        data: {
          extensionId,
          decision: input.decision,
          deadline: granted ? extension.requestedDeadline : row.deadline,
        },
      }),
      publish(tx, {
        name: 'governance.task_extension_decided',
        payload: {
          taskId: id,
          leadAgencyId: row.leadAgencyId,
          decision: input.decision,
          deadline: granted ? extension.requestedDeadline : row.deadline,
        },
      }),
    ])
  })
  return getTask(db, principal, id)
}

/** The lead agency reports the task done (the day it was done), for the assigner to evaluate. */
export async function reportCompletion(
  db: Db,
  principal: Principal,
  id: string,
  input: CompletionInput,
  options: When = {},
): Promise<TaskDetail> {
  await leadTask(db, principal, id)
  if (input.completedOn > localDay(options.at ?? new Date())) throw dateInFuture('completedOn')
  await db.transaction(async (tx) => {
    await writeTogether(tx, [
      tx.update(govTasks).set({ completedOn: input.completedOn, progress: 100 }).where(eq(govTasks.id, id)),
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_completed',
        entity: 'gov_task',
        entityId: id,
        data: { completedOn: input.completedOn },
      }),
    ])
  })
  return getTask(db, principal, id)
}

/**
 * The assigner's evaluation, which closes the task: on time or late must agree with the day it
 * was completed and the deadline in force; not done needs no completion.
 */
export async function evaluateTask(
  db: Db,
  principal: Principal,
  id: string,
  input: EvaluationInput,
  options: When = {},
): Promise<TaskDetail> {
  const row = await assignedTask(db, principal, id)
  if (!mayEvaluate(principal)) throw forbidden()
  if (input.evaluation !== 'not_done') {
    if (!row.completedOn) throw taskNotCompleted()
    const onTime = row.completedOn <= row.deadline
    if (onTime !== (input.evaluation === 'on_time')) throw evaluationContradicts()
  }
  const at = options.at ?? new Date()
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(govTasks)
      .set({
        evaluation: input.evaluation,
        evaluationNote: input.note?.trim() || null,
        evaluatedAt: at,
        evaluatedBy: principal.userId,
      })
      .where(and(eq(govTasks.id, id), isNull(govTasks.evaluation)))
      .returning({ id: govTasks.id })
    if (updated.length === 0) throw taskClosed()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.task_evaluated',
        entity: 'gov_task',
        entityId: id,
        data: { evaluation: input.evaluation },
      }),
      publish(tx, {
        name: 'governance.task_evaluated',
        payload: { taskId: id, leadAgencyId: row.leadAgencyId, evaluation: input.evaluation },
      }),
    ])
  })
  return getTask(db, principal, id)
}

/** Task counters per lead agency, as of a moment (the dashboard's ops.tasks and the on-time rate). */
export async function taskCountsByAgency(db: Db, until: Date) {
  const columns: Record<string, SQL<number>> = {}
  for (const [name, condition] of Object.entries(TASK_COUNTERS))
    columns[name] = sql<number>`count(*) filter (where ${condition(until)})::int`
  const rows = await db
    .select({ agencyId: govTasks.leadAgencyId, ...columns })
    .from(govTasks)
    .where(sql`${govTasks.createdAt} <= ${until}`)
    .groupBy(govTasks.leadAgencyId)
  return rows.map(({ agencyId, ...counts }) => ({
    agencyId,
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
  }))
}

/** The tasks behind a counter, in the lead agencies given: document, title, deadline and state. */
export async function tasksBehind(
  db: Db,
  query: { counter: string; agencyIds: string[] | null; page: number; pageSize: number },
) {
  const now = new Date()
  const condition = TASK_COUNTERS[query.counter as keyof typeof TASK_COUNTERS]
  if (!condition) return { items: [], total: 0 }
  const where = and(
    query.agencyIds ? inArray(govTasks.leadAgencyId, query.agencyIds) : undefined,
    condition(now),
  )
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(govTasks)
      .where(where)
      .orderBy(asc(govTasks.deadline), asc(govTasks.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(govTasks).where(where),
  ])
  return {
    total: total?.n ?? 0,
    items: rows.map((row) => ({
      id: row.documentNumber,
      label: row.title,
      agencyId: row.leadAgencyId,
      at: row.deadline,
      detail: stateOf(row, now),
    })),
  }
}

/** What a periodic report states about the tasks led by some agencies: assigned in [from, to), overdue at `to`. */
export async function taskFiguresFor(db: Db, agencyIds: string[], from: Date, to: Date) {
  if (agencyIds.length === 0) return { assigned: 0, overdue: 0 }
  const [row] = await db
    .select({
      assigned: sql<number>`count(*) filter (where ${govTasks.createdAt} >= ${from})::int`,
      overdue: sql<number>`count(*) filter (where ${overdueAt(to)})::int`,
    })
    .from(govTasks)
    .where(and(inArray(govTasks.leadAgencyId, agencyIds), sql`${govTasks.createdAt} < ${to}`))
  return { assigned: Number(row?.assigned ?? 0), overdue: Number(row?.overdue ?? 0) }
}
