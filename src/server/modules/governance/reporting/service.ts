import { and, asc, eq, inArray, lte, or } from 'drizzle-orm'
import type { Db } from '../../../db'
import { writeTogether } from '../../../db/together'
import { forbidden } from '../../../errors'
import { appendAudit } from '../../audit/service'
import { workingCalendar } from '../../calendar/service'
import { dossierFiguresBetween } from '../../dossiers/service'
import { publish } from '../../events/service'
import {
  type AgencyNode,
  agencyIdsUnder,
  agencyTree,
  getAgency,
  type Principal,
} from '../../identity/service'
import { recordNotFound } from '../errors'
import { agenciesInView, assertCanEnter, ENTER_ROLES } from '../scope'
import { taskFiguresFor } from '../tasks/service'
import {
  indicatorDuplicate,
  noReporters,
  notAReporter,
  periodBeforeRegime,
  periodInvalid,
  periodNotEnded,
  REGIME,
  regimeCodeTaken,
  sourceTypeMismatch,
  submissionExists,
  unknownIndicator,
  valueInvalid,
  valueRequired,
} from './errors'
import { addDays, dueOn, duePeriods, periodBounds, periodOf } from './periods'
import { govReportRegimes, govReportSubmissions, type RegimeIndicator } from './schema'
import type {
  NewRegime,
  Prefill,
  Regime,
  RegimeDetail,
  RegimeFilter,
  RegimesPage,
  RegimeView,
  ReportValue,
  Submission,
  SubmissionInput,
} from './types'

type Row = typeof govReportRegimes.$inferSelect
type SubmissionRow = typeof govReportSubmissions.$inferSelect
type When = { at?: Date }

const calendar = () => workingCalendar()
const localDay = (at: Date) => calendar().localDay(at)
const startOfLocalDay = (day: string) => new Date(calendar().endOfLocalDay(addDays(day, -1)).getTime() + 1)

/** The agencies that report under a regime: those of its levels below its recipient. */
function reportersOf(tree: AgencyNode[], recipientPath: string, levels: string[]): AgencyNode[] {
  return tree.filter(
    (a) => levels.includes(a.level) && a.path.startsWith(recipientPath) && a.path !== recipientPath,
  )
}

/** How each reporter in a list stands for one period: submitted (on time), late, or missing. */
function standing(reporters: AgencyNode[], submissions: SubmissionRow[]) {
  const byAgency = new Map(submissions.map((s) => [s.agencyId, s]))
  return reporters.map((agency) => {
    const submission = byAgency.get(agency.id) ?? null
    const state = !submission ? 'missing' : submission.late ? 'late' : 'submitted'
    return { agency, submission, state: state as 'submitted' | 'late' | 'missing' }
  })
}

async function submissionsFor(db: Db, regimeId: string, period: string, until?: Date) {
  return db
    .select()
    .from(govReportSubmissions)
    .where(
      and(
        eq(govReportSubmissions.regimeId, regimeId),
        eq(govReportSubmissions.period, period),
        until ? lte(govReportSubmissions.submittedAt, until) : undefined,
      ),
    )
}

async function view(db: Db, row: Row, tree: AgencyNode[], scopePath: string, now: Date): Promise<RegimeView> {
  const recipient = await getAgency(db, row.recipientAgencyId)
  const [latest] = duePeriods(row, localDay(now), 1)
  let latestDue: RegimeView['latestDue'] = null
  if (latest) {
    const reporters = reportersOf(tree, recipient.path, row.reporterLevels).filter((a) =>
      a.path.startsWith(scopePath),
    )
    const rows = standing(reporters, await submissionsFor(db, row.id, latest))
    latestDue = {
      period: latest,
      dueOn: dueOn(row.period, latest, row.deadlineDays),
      expected: rows.length,
      submitted: rows.filter((r) => r.state !== 'missing').length,
      late: rows.filter((r) => r.state === 'late').length,
      missing: rows.filter((r) => r.state === 'missing').length,
    }
  }
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    legalBasis: row.legalBasis,
    period: row.period,
    recipient: { id: recipient.id, name: recipient.name, nameEn: recipient.nameEn },
    reporterLevels: row.reporterLevels,
    deadlineDays: row.deadlineDays,
    startsOn: row.startsOn,
    indicators: row.indicators,
    latestDue,
    createdAt: row.createdAt.toISOString(),
  }
}

/**
 * Registers a reporting regime received by an agency in the official's jurisdiction: its legal
 * basis, period, indicators, and the levels of the agencies below that report to it.
 */
export async function createRegime(
  db: Db,
  principal: Principal,
  input: NewRegime,
  options: When = {},
): Promise<Regime> {
  const recipient = await assertCanEnter(db, principal, input.recipientAgencyId)
  const seen = new Set<string>()
  const indicators: RegimeIndicator[] = input.indicators.map((i) => {
    if (seen.has(i.code)) throw indicatorDuplicate(i.code)
    seen.add(i.code)
    if (i.source && i.type !== 'integer') throw sourceTypeMismatch(i.code)
    return {
      code: i.code,
      name: i.name.trim(),
      type: i.type,
      unit: i.unit?.trim() || null,
      required: i.required ?? true,
      source: i.source ?? null,
    }
  })
  const tree = await agencyTree(db)
  if (reportersOf(tree, recipient.path, input.reporterLevels).length === 0) throw noReporters()
  const now = options.at ?? new Date()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(govReportRegimes)
      .values({
        code: input.code,
        name: input.name.trim(),
        legalBasis: input.legalBasis.trim(),
        period: input.period,
        recipientAgencyId: recipient.id,
        reporterLevels: input.reporterLevels,
        deadlineDays: input.deadlineDays,
        startsOn: input.startsOn,
        indicators,
        createdBy: principal.userId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning()
    if (!row) throw regimeCodeTaken()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.reporting_regime_registered',
        entity: 'gov_report_regime',
        entityId: row.id,
        data: { code: row.code, recipientAgencyId: row.recipientAgencyId, period: row.period },
      }),
      publish(tx, {
        name: 'governance.reporting_regime_registered',
        payload: {
          regimeId: row.id,
          code: row.code,
          recipientAgencyId: row.recipientAgencyId,
          period: row.period,
        },
      }),
    ])
    return view(tx, row, tree, recipient.path, now)
  })
}

/**
 * The regimes that concern an agency and the ones below it: those it (or an agency below it)
 * receives, and those received above it, under which it or its children report.
 */
async function regimesConcerning(db: Db, agencyPath: string, ids: string[] | null): Promise<Row[]> {
  const ancestors = agencyPath.split('/').filter(Boolean)
  return db
    .select()
    .from(govReportRegimes)
    .where(
      ids === null
        ? undefined
        : or(
            inArray(govReportRegimes.recipientAgencyId, ids),
            inArray(govReportRegimes.recipientAgencyId, ancestors),
          ),
    )
    .orderBy(asc(govReportRegimes.code))
}

export async function listRegimes(db: Db, principal: Principal, filter: RegimeFilter): Promise<RegimesPage> {
  const { agencyId, ids } = await agenciesInView(db, principal, filter.agencyId)
  const scope = await getAgency(db, agencyId)
  const [rows, tree] = await Promise.all([regimesConcerning(db, scope.path, ids), agencyTree(db)])
  const now = new Date()
  // A regime counts here only when some reporter lies in the view (or the view receives it).
  const views = (await Promise.all(rows.map((row) => view(db, row, tree, scope.path, now)))).filter(
    (v) => v.latestDue === null || v.latestDue.expected > 0 || v.recipient.id === agencyId,
  )
  const sum = (key: 'expected' | 'submitted' | 'late' | 'missing') =>
    views.reduce((n, v) => n + (v.latestDue?.[key] ?? 0), 0)
  return {
    summary: {
      regimes: views.length,
      expected: sum('expected'),
      submitted: sum('submitted'),
      late: sum('late'),
      missing: sum('missing'),
    },
    total: views.length,
    items: views.slice((filter.page - 1) * filter.pageSize, filter.page * filter.pageSize),
  }
}

/** A regime the official may see: received in their jurisdiction, or above it with reporters in it. */
async function visibleRegime(db: Db, principal: Principal, id: string, agencyId?: string) {
  const [row] = await db.select().from(govReportRegimes).where(eq(govReportRegimes.id, id))
  if (!row) throw recordNotFound(REGIME)
  const { agencyId: scopeId } = await agenciesInView(db, principal, agencyId)
  const [scope, recipient] = await Promise.all([getAgency(db, scopeId), getAgency(db, row.recipientAgencyId)])
  if (!recipient.path.startsWith(scope.path) && !scope.path.startsWith(recipient.path))
    throw recordNotFound(REGIME)
  return { row, scope, recipient }
}

const mayEnter = (principal: Principal) => principal.roles.some((r) => ENTER_ROLES.includes(r))

/** How an indicator is added up over the submissions of a subtree. */
const HOW: Record<RegimeIndicator['type'], 'sum' | 'mean' | 'count_true' | 'none'> = {
  integer: 'sum',
  decimal: 'sum',
  percent: 'mean',
  boolean: 'count_true',
  text: 'none',
}

function aggregate(indicators: RegimeIndicator[], submissions: SubmissionRow[]) {
  return indicators.map((indicator) => {
    const values = submissions
      .map((s) => s.values[indicator.code])
      .filter((v) => v !== null && v !== undefined)
    const how = HOW[indicator.type]
    const numbers = values.filter((v): v is number => typeof v === 'number')
    const value =
      how === 'sum'
        ? numbers.reduce((a, b) => a + b, 0)
        : how === 'mean'
          ? numbers.length > 0
            ? numbers.reduce((a, b) => a + b, 0) / numbers.length
            : null
          : how === 'count_true'
            ? values.filter((v) => v === true).length
            : null
    return { code: indicator.code, value, reporters: values.length, how }
  })
}

/**
 * A regime with, for one period (the latest due by default), how each reporter in the scope
 * stands and its values, and the indicators added up over the scope: the figures rise up the
 * agency tree, a province's being those of its communes.
 */
export async function getRegime(
  db: Db,
  principal: Principal,
  id: string,
  query: { agencyId?: string; period?: string },
): Promise<RegimeDetail> {
  const { row, scope, recipient } = await visibleRegime(db, principal, id, query.agencyId)
  const now = new Date()
  const tree = await agencyTree(db)
  const periods = duePeriods(row, localDay(now), 24, 'ended')
  if (query.period) checkPeriod(row, query.period)
  const period = query.period ?? periods[0] ?? null
  const reporters = reportersOf(tree, recipient.path, row.reporterLevels).filter((a) =>
    a.path.startsWith(scope.path),
  )
  const submissions = period ? await submissionsFor(db, row.id, period) : []
  const inScope = new Set(reporters.map((r) => r.id))
  const scoped = submissions.filter((s) => inScope.has(s.agencyId))
  const due = period ? dueOn(row.period, period, row.deadlineDays) : null
  const stillOpen = due !== null && due >= localDay(now)
  return {
    ...(await view(db, row, tree, scope.path, now)),
    shownPeriod: period,
    shownDueOn: due,
    periods,
    scope: { id: scope.id, name: scope.name, nameEn: scope.nameEn },
    reporters: standing(reporters, scoped).map(({ agency, submission, state }) => ({
      agency: { id: agency.id, name: agency.name, nameEn: agency.nameEn },
      // Not yet due: a report not sent is awaited, not missing.
      state: state === 'missing' && stillOpen ? 'awaited' : state,
      submissionId: submission?.id ?? null,
      submittedAt: submission?.submittedAt.toISOString() ?? null,
      values: submission?.values ?? null,
    })),
    aggregate: aggregate(row.indicators, scoped),
    can: { submit: mayEnter(principal) && reporters.length > 0 },
  }
}

/** A period key of the regime's kind, not before it took effect; its bounds. */
function checkPeriod(row: Row, key: string) {
  const bounds = periodBounds(row.period, key)
  if (!bounds) throw periodInvalid(row.period)
  if (key < periodOf(row.period, row.startsOn)) throw periodBeforeRegime()
  return bounds
}

/** The reporter, when the official may enter its reports and it reports under the regime. */
async function reporterOf(db: Db, principal: Principal, row: Row, agencyId: string) {
  const agency = await assertCanEnter(db, principal, agencyId)
  const recipient = await getAgency(db, row.recipientAgencyId)
  if (
    !row.reporterLevels.includes(agency.level) ||
    !agency.path.startsWith(recipient.path) ||
    agency.id === recipient.id
  )
    throw notAReporter()
  return agency
}

/** Each value checked against its indicator: its type, and present when required. */
function checkValues(indicators: RegimeIndicator[], values: Record<string, ReportValue>) {
  const known = new Map(indicators.map((i) => [i.code, i]))
  for (const code of Object.keys(values)) if (!known.has(code)) throw unknownIndicator(code)
  const checked: Record<string, ReportValue> = {}
  for (const indicator of indicators) {
    let value = values[indicator.code] ?? null
    if (typeof value === 'string' && indicator.type === 'text') value = value.trim() || null
    if (value === null) {
      if (indicator.required) throw valueRequired(indicator.code)
      checked[indicator.code] = null
      continue
    }
    const ok =
      indicator.type === 'integer'
        ? typeof value === 'number' && Number.isInteger(value) && value >= 0
        : indicator.type === 'decimal'
          ? typeof value === 'number' && Number.isFinite(value) && value >= 0
          : indicator.type === 'percent'
            ? typeof value === 'number' && value >= 0 && value <= 100
            : indicator.type === 'boolean'
              ? typeof value === 'boolean'
              : typeof value === 'string'
    if (!ok) throw valueInvalid(indicator.code, indicator.type)
    checked[indicator.code] = value
  }
  return checked
}

/**
 * A reporter's submission for an ended period, each value checked; late when after the due day.
 * One submission per reporter and period.
 */
export async function submitReport(
  db: Db,
  principal: Principal,
  id: string,
  input: SubmissionInput,
  options: When = {},
): Promise<Submission> {
  if (!mayEnter(principal)) throw forbidden()
  const [row] = await db.select().from(govReportRegimes).where(eq(govReportRegimes.id, id))
  if (!row) throw recordNotFound(REGIME)
  const agency = await reporterOf(db, principal, row, input.agencyId)
  const bounds = checkPeriod(row, input.period)
  const at = options.at ?? new Date()
  if (bounds.end >= localDay(at)) throw periodNotEnded()
  const values = checkValues(row.indicators, input.values)
  const late = localDay(at) > dueOn(row.period, input.period, row.deadlineDays)
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(govReportSubmissions)
      .values({
        regimeId: id,
        agencyId: agency.id,
        period: input.period,
        values,
        late,
        submittedBy: principal.userId,
        submittedAt: at,
      })
      .onConflictDoNothing()
      .returning()
    if (!saved) throw submissionExists()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.report_submitted',
        entity: 'gov_report_submission',
        entityId: saved.id,
        data: { regimeId: id, agencyId: agency.id, period: input.period, late },
      }),
      publish(tx, {
        name: 'governance.report_submitted',
        payload: { regimeId: id, submissionId: saved.id, agencyId: agency.id, period: input.period, late },
      }),
    ])
    return {
      id: saved.id,
      regimeId: id,
      agency: { id: agency.id, name: agency.name, nameEn: agency.nameEn },
      period: saved.period,
      values: saved.values,
      late: saved.late,
      submittedAt: saved.submittedAt.toISOString(),
    }
  })
}

/**
 * The values Sen holds itself for a reporter's period: its dossiers and tasks, and those of the
 * agencies below it, counted as the dashboard counts them. Indicators without a source are left out.
 */
export async function prefillReport(
  db: Db,
  principal: Principal,
  id: string,
  query: { agencyId: string; period: string },
): Promise<Prefill> {
  const [row] = await db.select().from(govReportRegimes).where(eq(govReportRegimes.id, id))
  if (!row) throw recordNotFound(REGIME)
  const agency = await reporterOf(db, principal, row, query.agencyId)
  const bounds = checkPeriod(row, query.period)
  const from = startOfLocalDay(bounds.start)
  const to = startOfLocalDay(addDays(bounds.end, 1))
  const sourced = row.indicators.filter((i) => i.source)
  const values: Record<string, number> = {}
  if (sourced.length > 0) {
    const ids = await agencyIdsUnder(db, agency.path)
    const [dossiers, tasks] = await Promise.all([
      dossierFiguresBetween(db, ids, from, to),
      taskFiguresFor(db, ids, from, to),
    ])
    const figures: Record<string, number> = {
      'dossiers.received': dossiers.received,
      'dossiers.received_online': dossiers.receivedOnline,
      'dossiers.decided': dossiers.decided,
      'dossiers.decided_on_time': dossiers.decidedOnTime,
      'tasks.assigned': tasks.assigned,
      'tasks.overdue': tasks.overdue,
    }
    for (const indicator of sourced) values[indicator.code] = figures[indicator.source!] ?? 0
  }
  return { period: query.period, from: bounds.start, to: bounds.end, values }
}

/** Every reporting obligation of the latest due period of each regime, as of a moment. */
async function obligations(db: Db, until: Date) {
  const day = localDay(until)
  const [rows, tree] = await Promise.all([
    db.select().from(govReportRegimes).where(lte(govReportRegimes.createdAt, until)),
    agencyTree(db),
  ])
  const paths = new Map(tree.map((a) => [a.id, a.path]))
  const out: {
    regime: Row
    period: string
    dueOn: string
    agencyId: string
    state: 'submitted' | 'late' | 'missing'
    submittedAt: Date | null
  }[] = []
  for (const regime of rows) {
    const [period] = duePeriods(regime, day, 1)
    const recipientPath = paths.get(regime.recipientAgencyId)
    if (!period || !recipientPath) continue
    const reporters = reportersOf(tree, recipientPath, regime.reporterLevels)
    const submitted = await submissionsFor(db, regime.id, period, until)
    for (const { agency, submission, state } of standing(reporters, submitted))
      out.push({
        regime,
        period,
        dueOn: dueOn(regime.period, period, regime.deadlineDays),
        agencyId: agency.id,
        state,
        submittedAt: submission?.submittedAt ?? null,
      })
  }
  return out
}

/** Which obligations each reporting counter counts. */
const REPORTING_COUNTERS: Record<string, (state: 'submitted' | 'late' | 'missing') => boolean> = {
  'reporting.expected': () => true,
  'reporting.on_sen': (state) => state !== 'missing',
  'reporting.late': (state) => state === 'late',
  'reporting.missing': (state) => state === 'missing',
}

/**
 * Reporting counters per reporting agency, as of a moment (the dashboard's ops.reporting): for
 * the latest due period of every regime, the reports each reporter owed and those it sent on Sen.
 */
export async function reportingCountsByAgency(db: Db, until: Date) {
  const counts = new Map<string, Record<string, number>>()
  for (const o of await obligations(db, until)) {
    const into = counts.get(o.agencyId) ?? {}
    for (const [name, holds] of Object.entries(REPORTING_COUNTERS))
      if (holds(o.state)) into[name] = (into[name] ?? 0) + 1
    counts.set(o.agencyId, into)
  }
  return [...counts].map(([agencyId, c]) => ({ agencyId, counts: c }))
}

/** The obligations behind a reporting counter, for reporters among the agencies given. */
export async function obligationsBehind(
  db: Db,
  query: { counter: string; agencyIds: string[] | null; page: number; pageSize: number },
) {
  const holds = REPORTING_COUNTERS[query.counter]
  if (!holds) return { items: [], total: 0 }
  const within = query.agencyIds ? new Set(query.agencyIds) : null
  const rows = (await obligations(db, new Date()))
    .filter((o) => holds(o.state) && (!within || within.has(o.agencyId)))
    .sort((a, b) => a.regime.code.localeCompare(b.regime.code) || a.agencyId.localeCompare(b.agencyId))
  return {
    total: rows.length,
    items: rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((o) => ({
      id: `${o.regime.code} · ${o.period}`,
      label: o.regime.name,
      agencyId: o.agencyId,
      at: o.submittedAt?.toISOString() ?? o.dueOn,
      detail: o.state,
    })),
  }
}
