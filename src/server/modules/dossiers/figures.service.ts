import { and, count, desc, eq, inArray, lte, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { rowsOf } from '../../db/rows'
import { dossierItems, dossiers } from './schema'

/**
 * Counts of dossiers per competent agency, as of a moment: what the programme dashboard and the
 * service-quality index are computed from. Each counter is a condition on a dossier row, and the
 * same condition lists the dossiers behind it, so a figure and its records never disagree.
 */
const decided = (until: Date) => sql`${dossiers.decidedAt} is not null and ${dossiers.decidedAt} <= ${until}`
const online = sql`${dossiers.channel} = 2`
/** A result the applicant holds electronically: the signed result document, or a signed refusal. */
const electronicResult = sql`(${dossiers.resultDocumentId} is not null or ${dossiers.decisionSigned})`
/** On time: decided by the appointment date, and never sent back for a second supplement (which counts as late). */
const onTime = sql`${dossiers.decidedAt} <= ${dossiers.dueAt} and ${dossiers.supplementRequests} < 2`
/** Received by `until` (an official's first answer at reception). */
const received = (until: Date) =>
  sql`${dossiers.receivedAt} is not null and ${dossiers.receivedAt} <= ${until}`
/**
 * Reception's 8 working hours had run out by `until` and no official had answered yet: still new
 * now, or answered after `until` (a dossier the applicant withdrew unanswered is no one's backlog).
 */
const receptionOverdue = (until: Date) =>
  sql`${dossiers.receptionDueAt} < ${until} and (${dossiers.receivedAt} > ${until} or (${dossiers.receivedAt} is null and ${dossiers.status} = 'new'))`
/** The dossiers behind the item counters (counted in itemCountsByAgency). */
const ITEM_CONDITIONS: Record<string, SQL> = {
  'items.total': sql`exists (select 1 from ${dossierItems} i where i.dossier_code = ${dossiers.code})`,
  'items.reused': sql`exists (select 1 from ${dossierItems} i where i.dossier_code = ${dossiers.code} and i.reused)`,
  'dossiers.prefilled': sql`exists (select 1 from ${dossierItems} i where i.dossier_code = ${dossiers.code} and i.kind = 'field' and i.reused)`,
}

export const DOSSIER_COUNTERS = {
  'dossiers.total': () => sql`true`,
  'dossiers.online': () => online,
  'dossiers.decided': decided,
  'dossiers.decided_signed': (until: Date) => sql`${decided(until)} and ${dossiers.decisionSigned}`,
  'dossiers.e_result': (until: Date) => sql`${decided(until)} and ${electronicResult}`,
  'dossiers.with_result': (until: Date) =>
    sql`${decided(until)} and ${dossiers.resultDocumentId} is not null`,
  'dossiers.digitised': (until: Date) => sql`${decided(until)} and ${online} and ${electronicResult}`,
  'dossiers.on_time': (until: Date) => sql`${decided(until)} and ${onTime}`,
  'dossiers.late': (until: Date) => sql`${decided(until)} and not (${onTime})`,
  /** Dossiers whose reception was due or done by then: the denominator of reception on time. */
  'dossiers.reception_due': (until: Date) => sql`(${received(until)} or ${receptionOverdue(until)})`,
  'dossiers.received_on_time': (until: Date) =>
    sql`${received(until)} and ${dossiers.receivedAt} <= ${dossiers.receptionDueAt}`,
  /** Not received within reception's 8 working hours, and still not received. */
  'dossiers.reception_overdue': receptionOverdue,
  'dossiers.fee': () => sql`${dossiers.feeVnd} > 0`,
  'dossiers.paid_online': () => sql`${dossiers.feeVnd} > 0 and ${dossiers.paid}`,
} as const satisfies Record<string, (until: Date) => SQL>

export type DossierCounter = keyof typeof DOSSIER_COUNTERS
export const isDossierCounter = (name: string): name is DossierCounter => name in DOSSIER_COUNTERS

/** Every dossier counter, plus the legal and the actual processing hours of decided dossiers, per agency. */
export async function dossierCountsByAgency(
  db: Db,
  until: Date,
): Promise<Map<string, Record<string, number>>> {
  const columns: Record<string, SQL<number>> = {}
  for (const [name, condition] of Object.entries(DOSSIER_COUNTERS)) {
    columns[name] = sql<number>`count(*) filter (where ${condition(until)})::int`
  }
  const decidedNow = decided(until)
  columns['dossiers.allowed_hours'] =
    sql<number>`coalesce(round(sum(extract(epoch from (${dossiers.dueAt} - ${dossiers.submittedAt})) / 3600) filter (where ${decidedNow})), 0)::bigint`
  columns['dossiers.elapsed_hours'] =
    sql<number>`coalesce(round(sum(extract(epoch from (${dossiers.decidedAt} - ${dossiers.submittedAt})) / 3600) filter (where ${decidedNow})), 0)::bigint`
  const rows = await db
    .select({ agencyId: dossiers.competentAgencyId, ...columns })
    .from(dossiers)
    .where(lte(dossiers.submittedAt, until))
    .groupBy(dossiers.competentAgencyId)
  return new Map(rows.map(({ agencyId, ...counts }) => [agencyId, numbers(counts)]))
}

/**
 * Items asked for (registry data and documents the state could hold) and how many were reused,
 * and the dossiers with registry data prefilled, per agency. Items are summed per dossier first:
 * one pass over the largest table instead of a lookup per dossier.
 */
export async function itemCountsByAgency(db: Db, until: Date): Promise<Map<string, Record<string, number>>> {
  const perDossier = db
    .select({
      dossierCode: dossierItems.dossierCode,
      total: sql<number>`count(*)`.as('total'),
      reused: sql<number>`count(*) filter (where ${dossierItems.reused})`.as('reused'),
      prefilled: sql<boolean>`bool_or(${dossierItems.kind} = 'field' and ${dossierItems.reused})`.as(
        'prefilled',
      ),
    })
    .from(dossierItems)
    .where(lte(dossierItems.at, until))
    .groupBy(dossierItems.dossierCode)
    .as('per_dossier')
  const rows = await db
    .select({
      agencyId: dossiers.competentAgencyId,
      'items.total': sql<number>`sum(${perDossier.total})::bigint`,
      'items.reused': sql<number>`sum(${perDossier.reused})::bigint`,
      'dossiers.prefilled': sql<number>`count(*) filter (where ${perDossier.prefilled})::int`,
    })
    .from(perDossier)
    .innerJoin(dossiers, eq(dossiers.code, perDossier.dossierCode))
    .groupBy(dossiers.competentAgencyId)
  return new Map(rows.map(({ agencyId, ...counts }) => [agencyId, numbers(counts)]))
}

/** The procedures each agency has received online dossiers for: which online services are actually used. */
export async function onlineProceduresByAgency(db: Db, until: Date): Promise<Map<string, string[]>> {
  const rows = await db
    .selectDistinct({ agencyId: dossiers.competentAgencyId, procedureCode: dossiers.procedureCode })
    .from(dossiers)
    .where(and(lte(dossiers.submittedAt, until), online))
  const byAgency = new Map<string, string[]>()
  for (const row of rows)
    byAgency.set(row.agencyId, [...(byAgency.get(row.agencyId) ?? []), row.procedureCode])
  return byAgency
}

export interface AgencyMonthCounts {
  agencyId: string
  /** YYYY-MM, in Vietnam's time. */
  month: string
  submitted: number
  online: number
  decided: number
  onTime: number
}

/** Dossiers submitted per competent agency and month (counts only, no applicant): Sen's open dataset. */
export async function dossierCountsByAgencyMonth(db: Db, until: Date): Promise<AgencyMonthCounts[]> {
  const month = sql<string>`to_char(${dossiers.submittedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`
  const rows = await db
    .select({
      agencyId: dossiers.competentAgencyId,
      month,
      submitted: sql<number>`count(*)::int`,
      online: sql<number>`count(*) filter (where ${online})::int`,
      decided: sql<number>`count(*) filter (where ${decided(until)})::int`,
      onTime: sql<number>`count(*) filter (where ${decided(until)} and ${onTime})::int`,
    })
    .from(dossiers)
    .where(lte(dossiers.submittedAt, until))
    .groupBy(dossiers.competentAgencyId, month)
    .orderBy(month, dossiers.competentAgencyId)
  return rows.map(
    (row) =>
      ({
        ...row,
        ...numbers({
          submitted: row.submitted,
          online: row.online,
          decided: row.decided,
          onTime: row.onTime,
        }),
      }) as AgencyMonthCounts,
  )
}

export interface DossierBehind {
  code: string
  procedureCode: string
  agencyId: string
  submittedAt: Date
  decidedAt: Date | null
  status: string
}

/**
 * The dossiers counted by `counter` in the agencies given, newest first: codes, procedures and
 * dates only (no applicant), fit for the public index page.
 */
export async function dossiersBehind(
  db: Db,
  query: { counter: string; agencyIds: string[]; page: number; pageSize: number },
): Promise<{ items: DossierBehind[]; total: number }> {
  const now = new Date()
  const condition = ITEM_CONDITIONS[query.counter]
    ? ITEM_CONDITIONS[query.counter]!
    : isDossierCounter(query.counter)
      ? DOSSIER_COUNTERS[query.counter](now)
      : sql`false`
  const where = and(inArray(dossiers.competentAgencyId, query.agencyIds), condition)
  const [items, [total]] = await Promise.all([
    db
      .select({
        code: dossiers.code,
        procedureCode: dossiers.procedureCode,
        agencyId: dossiers.competentAgencyId,
        submittedAt: dossiers.submittedAt,
        decidedAt: dossiers.decidedAt,
        status: dossiers.status,
      })
      .from(dossiers)
      .where(where)
      .orderBy(desc(dossiers.submittedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(dossiers).where(where),
  ])
  return { items, total: total?.n ?? 0 }
}

/** PostgreSQL returns bigint sums as strings. */
function numbers(counts: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))
}

/**
 * What a periodic report states about the dossiers of some competent agencies between two
 * moments (from inclusive, to exclusive): received (online among them), decided, decided on time.
 * The same conditions as the dashboard's counters.
 */
export async function dossierFiguresBetween(db: Db, agencyIds: string[], from: Date, to: Date) {
  if (agencyIds.length === 0) return { received: 0, receivedOnline: 0, decided: 0, decidedOnTime: 0 }
  const received = sql`${dossiers.submittedAt} >= ${from} and ${dossiers.submittedAt} < ${to}`
  const decidedIn = sql`${dossiers.decidedAt} >= ${from} and ${dossiers.decidedAt} < ${to}`
  const [row] = await db
    .select({
      received: sql<number>`count(*) filter (where ${received})::int`,
      receivedOnline: sql<number>`count(*) filter (where ${received} and ${online})::int`,
      decided: sql<number>`count(*) filter (where ${decidedIn})::int`,
      decidedOnTime: sql<number>`count(*) filter (where ${decidedIn} and ${onTime})::int`,
    })
    .from(dossiers)
    .where(and(inArray(dossiers.competentAgencyId, agencyIds), sql`${dossiers.submittedAt} < ${to}`))
  return numbers(row ?? {}) as {
    received: number
    receivedOnline: number
    decided: number
    decidedOnTime: number
  }
}

/** How many people filed one procedure and then another (see {@link procedureTransitions}). */
export interface ProcedureTransition {
  from: string
  to: string
  /** People who filed `from` and then `to` within the window. */
  people: number
  /** People who filed `from` (the base of the share). */
  fromPeople: number
}

/**
 * What people did next, from the history of dossiers: for each pair of procedures, how many
 * people (citizens, by personal id number) who first filed `from` then filed `to` within
 * `withinDays`, over how many filed `from`. Only filings of `from` at least `withinDays` before
 * `now` count, so that everyone counted had the whole window to go on. Counts only, and only
 * pairs of at least `minPeople` people: nothing in it tells of anyone.
 */
export async function procedureTransitions(
  db: Db,
  options: { withinDays: number; minPeople: number; now?: Date },
): Promise<ProcedureTransition[]> {
  const matured = new Date((options.now ?? new Date()).getTime() - options.withinDays * 86_400_000)
  return rowsOf<ProcedureTransition>(
    db,
    sql`with firsts as (
          select applicant_id, procedure_code, min(submitted_at) as at
          from ${dossiers} where applicant_type = 1
          group by applicant_id, procedure_code
        ),
        bases as (
          select procedure_code, count(*)::int as people from firsts where at <= ${matured} group by procedure_code
        )
        select a.procedure_code as "from", b.procedure_code as "to", count(*)::int as people,
               min(bases.people)::int as "fromPeople"
        from firsts a
        join firsts b on b.applicant_id = a.applicant_id and b.procedure_code <> a.procedure_code
          and b.at > a.at and b.at <= a.at + make_interval(days => ${options.withinDays})
        join bases on bases.procedure_code = a.procedure_code
        where a.at <= ${matured}
        group by a.procedure_code, b.procedure_code
        having count(*) >= ${options.minPeople}
        order by 1, 3 desc, 2`,
  )
}

/** The procedures each of these accounts has filed (any state), by account id. */
export async function proceduresFiledBy(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>()
  if (userIds.length === 0) return out
  const rows = await db
    .selectDistinct({ userId: dossiers.applicantUserId, code: dossiers.procedureCode })
    .from(dossiers)
    .where(inArray(dossiers.applicantUserId, [...userIds]))
  for (const row of rows) out.set(row.userId, (out.get(row.userId) ?? new Set()).add(row.code))
  return out
}
