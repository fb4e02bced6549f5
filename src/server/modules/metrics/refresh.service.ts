import { eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { rowsOf } from '../../db/rows'
import { workingCalendar } from '../calendar/service'
import { catalogFacts, type ProcedureFacts } from '../catalog/service'
import { onlineProceduresByAgency } from '../dossiers/service'
import { type AgencyNode, agencyTree } from '../identity/service'
import { countersInUse } from './definitions'
import { metricCounts, metricRefreshes } from './schema'
import { type Counts, counterSources } from './sources'

export const localDay = (at: Date = new Date()) => workingCalendar().localDay(at)

/** Counters that are the same at every scope (the national catalog's, and those a source says), kept on the root only. */
export const NATIONAL_COUNTERS = new Set([
  'catalog.eligible',
  'catalog.full_online',
  ...counterSources.flatMap((source) => source.national ?? []),
])

/** Which procedures an agency of each level handles (procedures name the levels 'commune', 'province', 'central'). */
const CATALOG_LEVEL: Record<AgencyNode['level'], string> = {
  commune: 'commune',
  province: 'province',
  unit: 'province',
  ministry: 'central',
  central: 'central',
}

/** The end of a local day, or now for today: what "as of" a day means. */
export function endOfDay(day: string, now = new Date()): Date {
  if (day >= localDay(now)) return now
  return workingCalendar().endOfLocalDay(day)
}

/**
 * Computes every counter as of the end of `day` (now, for today), per agency subtree, and
 * replaces that day's rows. One refresh at a time across processes (an advisory lock); a refresh
 * that finds another one running returns null.
 */
export async function refreshMetrics(
  db: Db,
  options: { day?: string; now?: Date } = {},
): Promise<{ day: string; asOf: Date; agencies: number; durationMs: number } | null> {
  const started = Date.now()
  const now = options.now ?? new Date()
  const day = options.day ?? localDay(now)
  const until = endOfDay(day, now)
  const [tree, facts, onlineProcedures, ...sourced] = await Promise.all([
    agencyTree(db),
    catalogFacts(db, day),
    onlineProceduresByAgency(db, until),
    ...counterSources.map((source) => source.counts(db, until)),
  ])
  const root = tree.find((a) => a.parentId === null)
  if (!root) return null

  const leaf = new Map<string, Counts>()
  const add = (agencyId: string, counts: Counts) => {
    const into = leaf.get(agencyId) ?? {}
    for (const [name, value] of Object.entries(counts)) into[name] = (into[name] ?? 0) + value
    leaf.set(agencyId, into)
  }
  for (const rows of sourced) for (const row of rows) add(row.agencyId ?? root.id, row.counts)
  // The catalog's counts say something of an agency only once it receives dossiers (needsDossiers in
  // config/vn/service-index.json), and most of the country's 3,300 agencies have none: they are kept
  // for the agencies with dossiers only, so that a refresh writes rows for the agencies in use.
  for (const agency of tree)
    if ((leaf.get(agency.id)?.['dossiers.total'] ?? 0) > 0)
      add(agency.id, catalogCounts(facts, agency, onlineProcedures.get(agency.id) ?? []))
  add(root.id, {
    'catalog.eligible': facts.filter((f) => f.onlineEligible).length,
    'catalog.full_online': facts.filter((f) => f.onlineEligible && f.fullOnline).length,
  })

  const rolled = rollUp(tree, leaf)
  const wanted = countersInUse()
  const rows: (typeof metricCounts.$inferInsert)[] = []
  for (const [agencyId, counts] of rolled)
    for (const [counter, value] of Object.entries(counts))
      if (value !== 0 && wanted.has(counter)) rows.push({ day, agencyId, counter, value: Math.round(value) })

  const stored = await db.transaction(async (tx) => {
    const [lock] = await rowsOf<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext('sen.metrics.refresh')) as ok`,
    )
    if (!lock?.ok) return false
    await tx.delete(metricCounts).where(eq(metricCounts.day, day))
    for (let i = 0; i < rows.length; i += 2000) await tx.insert(metricCounts).values(rows.slice(i, i + 2000))
    const refresh = { day, asOf: until, durationMs: Date.now() - started, agencies: rolled.size }
    await tx
      .insert(metricRefreshes)
      .values(refresh)
      .onConflictDoUpdate({ target: metricRefreshes.day, set: refresh })
    return true
  })
  if (!stored) return null
  return { day, asOf: until, agencies: rolled.size, durationMs: Date.now() - started }
}

/**
 * Rebuilds the snapshots of the `days` days before today from the records' own timestamps, so
 * that trends exist for data loaded at once (the demo, an import). Days already refreshed are kept.
 */
export async function backfillMetrics(db: Db, days: number, now = new Date()): Promise<number> {
  const today = localDay(now)
  const done = new Set(
    (
      await db
        .select({ day: metricRefreshes.day })
        .from(metricRefreshes)
        .where(lt(metricRefreshes.day, today))
    ).map((r) => r.day),
  )
  let filled = 0
  for (let back = days; back >= 1; back--) {
    const day = localDay(new Date(now.getTime() - back * 24 * 3600_000))
    if (done.has(day)) continue
    if (await refreshMetrics(db, { day, now })) filled++
  }
  return filled
}

/** The catalog counters of one agency: the procedures of its level, and which of them are used online there. */
function catalogCounts(facts: ProcedureFacts[], agency: AgencyNode, onlineCodes: string[]): Counts {
  const level = CATALOG_LEVEL[agency.level]
  const offered = facts.filter((f) => f.agencyLevels.includes(level))
  const used = new Set(onlineCodes)
  const full = offered.filter((f) => f.fullOnline)
  return {
    'catalog.offered': offered.length,
    'catalog.offered_complete': offered.filter((f) => f.complete).length,
    'catalog.offered_full': full.length,
    'catalog.offered_full_used': full.filter((f) => used.has(f.code)).length,
    'catalog.offered_fee': offered.filter((f) => f.feeBearing).length,
    'catalog.offered_fee_online': offered.filter((f) => f.feeBearing && f.fullOnline).length,
  }
}

/** Adds each agency's own counts to itself and every agency above it. */
function rollUp(tree: AgencyNode[], leaf: Map<string, Counts>): Map<string, Counts> {
  const known = new Set(tree.map((a) => a.id))
  const pathOf = new Map(tree.map((a) => [a.id, a.path]))
  const rolled = new Map<string, Counts>()
  for (const [agencyId, counts] of leaf) {
    const path = pathOf.get(agencyId)
    // Records of an agency no longer in the tree still count for the nation.
    const chain = path ? path.split('/').filter(Boolean) : [tree[0]!.id]
    for (const id of chain) {
      if (!known.has(id)) continue
      const into = rolled.get(id) ?? {}
      for (const [name, value] of Object.entries(counts)) into[name] = (into[name] ?? 0) + value
      rolled.set(id, into)
    }
  }
  return rolled
}

export async function latestRefresh(db: Db) {
  const [row] = await db.select().from(metricRefreshes).orderBy(sql`${metricRefreshes.day} desc`).limit(1)
  return row ?? null
}
