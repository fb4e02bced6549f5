import { inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { workingCalendar } from '../calendar/service'
import { datasets, usage } from './schema'
import type { Usage } from './types'

// Views, downloads and API calls are counted in memory and added to the table in one statement
// every few seconds, so that counting costs a request nothing.

export type UsageKind = 'views' | 'downloads' | 'apiCalls'

/** How often the counts held in memory are written. */
export const USAGE_FLUSH_MS = 5_000

type Pending = Map<string, Usage>
const pendingByDb = new WeakMap<Db, Pending>()
const timers = new WeakMap<Db, ReturnType<typeof setTimeout>>()

/** Counts one view, download or API call of a dataset; written within USAGE_FLUSH_MS. */
export function countUsage(db: Db, datasetId: string, kind: UsageKind) {
  const pending = pendingByDb.get(db) ?? new Map<string, Usage>()
  pendingByDb.set(db, pending)
  const day = workingCalendar().localDay(new Date())
  const key = `${datasetId}|${day}`
  const counts = pending.get(key) ?? { views: 0, downloads: 0, apiCalls: 0 }
  counts[kind]++
  pending.set(key, counts)
  if (!timers.has(db)) {
    const timer = setTimeout(() => {
      timers.delete(db)
      // A failed write loses a few seconds of counts, never a request.
      flushUsage(db).catch(() => {})
    }, USAGE_FLUSH_MS)
    timer.unref()
    timers.set(db, timer)
  }
}

/** Writes the counts held in memory (also when the server closes). */
export async function flushUsage(db: Db): Promise<void> {
  const pending = pendingByDb.get(db)
  const timer = timers.get(db)
  if (timer) clearTimeout(timer)
  timers.delete(db)
  if (!pending || pending.size === 0) return
  pendingByDb.set(db, new Map())
  const rows = [...pending].map(([key, counts]) => {
    const [datasetId, day] = key.split('|') as [string, string]
    return { datasetId, day, ...counts }
  })
  await db
    .insert(usage)
    .values(rows)
    .onConflictDoUpdate({
      target: [usage.datasetId, usage.day],
      set: {
        views: sql`${usage.views} + excluded.views`,
        downloads: sql`${usage.downloads} + excluded.downloads`,
        apiCalls: sql`${usage.apiCalls} + excluded.api_calls`,
      },
    })
}

/** Usage of each dataset, all time. */
export async function usageOf(db: Db, datasetIds: string[]): Promise<{ datasetId: string; usage: Usage }[]> {
  if (datasetIds.length === 0) return []
  const rows = await db
    .select({
      datasetId: usage.datasetId,
      views: sql<number>`sum(${usage.views})::int`,
      downloads: sql<number>`sum(${usage.downloads})::int`,
      apiCalls: sql<number>`sum(${usage.apiCalls})::int`,
    })
    .from(usage)
    .where(inArray(usage.datasetId, datasetIds))
    .groupBy(usage.datasetId)
  return rows.map(({ datasetId, ...counts }) => ({ datasetId, usage: counts }))
}

/** Usage per publishing agency, all time. */
export async function usageByAgency(db: Db): Promise<{ agencyId: string; usage: Usage; datasets: number }[]> {
  const rows = await db
    .select({
      agencyId: datasets.agencyId,
      views: sql<number>`coalesce(sum(${usage.views}), 0)::int`,
      downloads: sql<number>`coalesce(sum(${usage.downloads}), 0)::int`,
      apiCalls: sql<number>`coalesce(sum(${usage.apiCalls}), 0)::int`,
      datasets: sql<number>`count(distinct ${datasets.id})::int`,
    })
    .from(datasets)
    .leftJoin(usage, sql`${usage.datasetId} = ${datasets.id}`)
    .groupBy(datasets.agencyId)
  return rows.map(({ agencyId, datasets: n, ...counts }) => ({ agencyId, usage: counts, datasets: n }))
}
