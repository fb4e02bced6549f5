import { and, asc, eq, gte, inArray } from 'drizzle-orm'
import type { Db } from '../../db'
import { getAgency } from '../identity/service'
import { latestRefresh, NATIONAL_COUNTERS, refreshMetrics } from './refresh.service'
import { metricCounts, metricRefreshes } from './schema'
import type { Counts } from './sources'

export type { Counts } from './sources'

/** A ratio of two counters; null when there is nothing to divide by. */
export function ratio(counts: Counts, numerator: string, denominator: string) {
  const n = counts[numerator] ?? 0
  const d = counts[denominator] ?? 0
  return { numerator: n, denominator: d, value: d > 0 ? n / d : null }
}

/** The latest refresh; the first read on a database never refreshed computes one. */
export async function currentRefresh(db: Db) {
  const latest = await latestRefresh(db)
  if (latest) return latest
  await refreshMetrics(db)
  const first = await latestRefresh(db)
  if (!first) throw new Error('the metrics could not be computed: the agency tree is empty')
  return first
}

/**
 * Counters of the given agencies on a day, each with the national counters (kept on the root)
 * folded in, since the catalog is the same at every scope.
 */
export async function countsOn(
  db: Db,
  day: string,
  agencyIds: string[],
  rootId: string,
): Promise<Map<string, Counts>> {
  const rows = await db
    .select({ agencyId: metricCounts.agencyId, counter: metricCounts.counter, value: metricCounts.value })
    .from(metricCounts)
    .where(
      and(eq(metricCounts.day, day), inArray(metricCounts.agencyId, [...new Set([...agencyIds, rootId])])),
    )
  const byAgency = new Map<string, Counts>(agencyIds.map((id) => [id, {}]))
  const national: Counts = {}
  for (const row of rows) {
    if (row.agencyId === rootId && NATIONAL_COUNTERS.has(row.counter)) national[row.counter] = row.value
    const counts = byAgency.get(row.agencyId)
    if (counts && !NATIONAL_COUNTERS.has(row.counter)) counts[row.counter] = row.value
  }
  for (const counts of byAgency.values()) Object.assign(counts, national)
  return byAgency
}

/** One agency's counters on every refreshed day since `from`, oldest first. */
export async function countsSince(db: Db, agencyId: string, rootId: string, from: string) {
  const [days, rows] = await Promise.all([
    db
      .select({ day: metricRefreshes.day })
      .from(metricRefreshes)
      .where(gte(metricRefreshes.day, from))
      .orderBy(asc(metricRefreshes.day)),
    db
      .select({
        day: metricCounts.day,
        agencyId: metricCounts.agencyId,
        counter: metricCounts.counter,
        value: metricCounts.value,
      })
      .from(metricCounts)
      .where(and(gte(metricCounts.day, from), inArray(metricCounts.agencyId, [agencyId, rootId]))),
  ])
  const byDay = new Map<string, Counts>(days.map((d) => [d.day, {}]))
  for (const row of rows) {
    const counts = byDay.get(row.day)
    if (!counts) continue
    const national = NATIONAL_COUNTERS.has(row.counter)
    if ((national && row.agencyId === rootId) || (!national && row.agencyId === agencyId))
      counts[row.counter] = row.value
  }
  return [...byDay].map(([day, counts]) => ({ day, counts }))
}

/** The scope and its ancestors (root first, named in `lang`), for breadcrumbs and the root's id. */
export async function scopeOf(db: Db, id: string, lang: 'vi' | 'en' = 'vi') {
  const agency = await getAgency(db, id)
  const ids = agency.path.split('/').filter(Boolean)
  const ancestors = await Promise.all(ids.slice(0, -1).map((a) => getAgency(db, a)))
  return {
    agency,
    rootId: ids[0]!,
    ref: {
      id: agency.id,
      name: agency.name,
      nameEn: agency.nameEn,
      level: agency.level,
      ancestors: ancestors.map((a) => ({ id: a.id, name: lang === 'en' && a.nameEn ? a.nameEn : a.name })),
    },
  }
}
