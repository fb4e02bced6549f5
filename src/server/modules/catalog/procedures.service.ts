import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm'
import { lifeEvents, sectors } from '../../country/procedures'
import type { Db } from '../../db'
import { rowCache } from '../../db/invalidation'
import { prepared } from '../../db/prepared'
import { procedureNotFound, procedureVersionNotFound } from './errors'
import { inForce, localDay } from './queries'
import { procedures } from './schema'
import { type IndexedProcedure, searchProcedures } from './search'
import type { CatalogTerm, Procedure, ProcedureQuery, ProcedureSummary } from './types'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Filters = Omit<ProcedureQuery, 'page' | 'pageSize'>

/** The search's hits (best first) that pass the filters. */
async function searchHits(db: Db, q: string, query: Filters): Promise<IndexedProcedure[]> {
  return (await searchProcedures(db, q)).filter(
    (p) =>
      (!query.sector || p.sector === query.sector) &&
      (!query.lifeEvent || p.lifeEvents.includes(query.lifeEvent)) &&
      (!query.agencyLevel || p.agencyLevels.includes(query.agencyLevel)),
  )
}

/** The same filters in SQL, over the procedures in force. */
function whereFilters(current: ReturnType<typeof inForce>, query: Filters) {
  return and(
    query.sector ? eq(current.sector, query.sector) : undefined,
    query.lifeEvent ? sql`${query.lifeEvent} = any(${current.lifeEvents})` : undefined,
    query.agencyLevel ? sql`${query.agencyLevel} = any(${current.agencyLevels})` : undefined,
  )
}

/**
 * Procedures in force today, filtered and paged. With `q`, ranked by the search index (with or
 * without diacritics); without it, in code order straight from the database.
 */
export async function listProcedures(
  db: Db,
  query: ProcedureQuery = {},
): Promise<{ items: ProcedureSummary[]; total: number }> {
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? 20
  const q = query.q?.trim()
  if (q) {
    const hits = await searchHits(db, q, query)
    const items = hits
      .slice((page - 1) * pageSize, page * pageSize)
      .map(({ agencyLevels: _levels, ...summary }) => summary)
    return { items, total: hits.length }
  }
  const current = inForce(db, localDay())
  const where = whereFilters(current, query)
  const [rows, [total]] = await Promise.all([
    db
      .select({
        code: current.code,
        name: current.name,
        nameEn: current.nameEn,
        sector: current.sector,
        onlineLevel: current.onlineLevel,
        fee: current.fee,
        processingDays: current.processingDays,
        lifeEvents: current.lifeEvents,
        essential: current.essential,
      })
      .from(current)
      .where(where)
      .orderBy(asc(current.code))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(current).where(where),
  ])
  return {
    items: rows.map(({ fee, ...rest }) => ({ ...rest, feeVnd: fee.amountVnd })),
    total: total?.n ?? 0,
  }
}

/**
 * Which version of each procedure is in force on a day, kept in memory: every submission asks. Any
 * change to the catalog drops them all; the day is part of the key, so a version whose day comes
 * takes over by itself.
 */
const versionsInForce = (db: Db) =>
  rowCache<{ id: string }>(db, 'procedures-in-force', {
    max: 10_000,
    kinds: ['procedure'],
  })

/** The version of a procedure in force on the day of `at` (today by default); 404 when none is. */
export async function getProcedure(db: Db, code: string, at: Date = new Date()): Promise<Procedure> {
  const day = localDay(at)
  const row = await versionsInForce(db).read(`${code}@${day}`, async () => {
    const statement = prepared(db, 'procedure_in_force', (db, name) =>
      db
        .select({ id: procedures.id })
        .from(procedures)
        .where(
          and(
            eq(procedures.code, sql.placeholder('code')),
            eq(procedures.published, true),
            lte(procedures.effectiveFrom, sql.placeholder('day')),
          ),
        )
        .orderBy(desc(procedures.effectiveFrom), desc(procedures.version))
        .limit(1)
        .prepare(name),
    )
    const [found] = await statement.execute({ code, day })
    return found
  })
  if (!row) throw procedureNotFound(code)
  return getProcedureVersion(db, row.id)
}

/**
 * One version by id, in force or not: what a dossier filed under it reads. A version is never
 * changed once written (a change is a new version), so each is read once per process: every read
 * of a dossier needs its version's workflow, and the form is large to parse. Callers must not
 * modify what they get.
 */
const versionCache = new Map<string, Procedure>()
const VERSIONS_CACHED = 2000

export async function getProcedureVersion(db: Db, id: string): Promise<Procedure> {
  if (!UUID.test(id)) throw procedureVersionNotFound()
  const cached = versionCache.get(id)
  if (cached) return cached
  const [row] = await db.select().from(procedures).where(eq(procedures.id, id))
  if (!row) throw procedureVersionNotFound()
  if (versionCache.size >= VERSIONS_CACHED) versionCache.delete(versionCache.keys().next().value!)
  versionCache.set(id, row)
  return row
}

export interface VersionView {
  id: string
  version: number
  effectiveFrom: string
  name: string
  published: boolean
  /** The version a dossier filed today would follow. */
  inForce: boolean
  createdAt: Date
}

/** Every version of a procedure, newest first, marking the one in force today; 404 for an unknown code. */
export async function listProcedureVersions(db: Db, code: string): Promise<VersionView[]> {
  const rows = await db
    .select({
      id: procedures.id,
      version: procedures.version,
      effectiveFrom: procedures.effectiveFrom,
      name: procedures.name,
      published: procedures.published,
      createdAt: procedures.createdAt,
    })
    .from(procedures)
    .where(eq(procedures.code, code))
    .orderBy(desc(procedures.version))
  if (rows.length === 0) throw procedureNotFound(code)
  const today = localDay()
  const current = rows
    .filter((r) => r.published && r.effectiveFrom <= today)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0]
  return rows.map((r) => ({ ...r, inForce: r.id === current?.id }))
}

/** What the programme dashboard and the service-quality index need to know of each procedure. */
export interface ProcedureFacts {
  code: string
  name: string
  agencyLevels: string[]
  onlineEligible: boolean
  fullOnline: boolean
  feeBearing: boolean
  /** One of the essential services the programme counts (svc.proactive). */
  essential: boolean
  /** Published with every part the law requires: names, competent body, time limit, fee, form, result. */
  complete: boolean
}

/** The facts of every procedure in force on `day` (YYYY-MM-DD). */
export async function catalogFacts(db: Db, day = localDay()): Promise<ProcedureFacts[]> {
  const current = inForce(db, day)
  const rows = await db
    .select({
      code: current.code,
      name: current.name,
      nameEn: current.nameEn,
      agencyLevels: current.agencyLevels,
      onlineEligible: current.onlineEligible,
      onlineLevel: current.onlineLevel,
      competentBody: current.competentBody,
      processingDays: current.processingDays,
      fee: current.fee,
      form: current.form,
      resultName: current.resultName,
      essential: current.essential,
    })
    .from(current)
    .orderBy(current.code)
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    agencyLevels: r.agencyLevels,
    onlineEligible: r.onlineEligible,
    fullOnline: r.onlineLevel === 'full',
    feeBearing: r.fee.amountVnd > 0 || r.fee.perUnit !== undefined,
    essential: r.essential,
    complete: Boolean(
      r.name.trim() &&
        r.nameEn.trim() &&
        r.competentBody.trim() &&
        r.resultName.trim() &&
        r.processingDays >= 0 &&
        Number.isFinite(r.fee.amountVnd) &&
        r.form?.schema,
    ),
  }))
}

export type TermCount = CatalogTerm & { count: number }

/**
 * The sectors (names from config/vn) with how many procedures in force each holds among those the
 * list beside it finds: its search and its other filters, not the sector filter itself (so that
 * each choice says how many it would show).
 */
export async function sectorCounts(db: Db, query: Filters = {}): Promise<TermCount[]> {
  const { sector: _own, ...others } = query
  const q = others.q?.trim()
  const counts = new Map<string, number>()
  if (q) {
    for (const hit of await searchHits(db, q, others))
      counts.set(hit.sector, (counts.get(hit.sector) ?? 0) + 1)
  } else {
    const current = inForce(db, localDay())
    const rows = await db
      .select({ id: current.sector, n: count() })
      .from(current)
      .where(whereFilters(current, others))
      .groupBy(current.sector)
    for (const row of rows) counts.set(row.id, row.n)
  }
  return sectors().map((s) => ({ ...s, count: counts.get(s.id) ?? 0 }))
}

/** The life events (names from config/vn) with how many procedures in force each is tagged on, counted like sectorCounts. */
export async function lifeEventCounts(db: Db, query: Filters = {}): Promise<TermCount[]> {
  const { lifeEvent: _own, ...others } = query
  const q = others.q?.trim()
  let tagged: string[][]
  if (q) {
    tagged = (await searchHits(db, q, others)).map((hit) => hit.lifeEvents)
  } else {
    const current = inForce(db, localDay())
    const rows = await db
      .select({ events: current.lifeEvents })
      .from(current)
      .where(whereFilters(current, others))
    tagged = rows.map((row) => row.events)
  }
  const counts = new Map<string, number>()
  for (const events of tagged) for (const e of events) counts.set(e, (counts.get(e) ?? 0) + 1)
  return lifeEvents().map((e) => ({ ...e, count: counts.get(e.id) ?? 0 }))
}
