import { and, eq, inArray, lte, type SQL } from 'drizzle-orm'
import type { Db } from '../../db'
import { agencyTree } from '../identity/service'
import { qualityOf } from './quality'
import { datasets } from './schema'
import type { DatasetView } from './types'
import { datasetViews } from './views'

// The `data.open` target: agencies with at least one published dataset that meets the national
// metadata standard (quality.ts, the checks marked `standard`), out of the agencies that keep a plan.

/** Published as of `until` and meeting the standard, in the agencies given (all when null). */
async function standardDatasets(db: Db, until: Date, agencyIds: string[] | null): Promise<DatasetView[]> {
  const where: SQL[] = [eq(datasets.status, 'published'), lte(datasets.issued, until)]
  if (agencyIds) where.push(inArray(datasets.agencyId, agencyIds))
  const rows = await db
    .select()
    .from(datasets)
    .where(and(...where))
  return (await datasetViews(db, rows)).filter((view) => qualityOf(view, 'vi').meetsStandard)
}

/**
 * The agencies the target counts: the central level, the ministries and the provinces, each of which
 * keeps a publication plan (a commune's datasets count for its province).
 */
const PLAN_LEVELS = new Set(['central', 'ministry', 'province'])

/**
 * Per agency of a plan level: `opendata.agencies` (1 each) and `opendata.agencies_open` (1 where it,
 * or an agency below it, publishes a dataset meeting the standard).
 */
export async function openDataCounts(
  db: Db,
  until: Date,
): Promise<{ agencyId: string; counts: Record<string, number> }[]> {
  const [tree, open] = await Promise.all([agencyTree(db), standardDatasets(db, until, null)])
  const pathOf = new Map(tree.map((a) => [a.id, a.path]))
  const publishing = new Set(
    open.flatMap((d) => (pathOf.get(d.publisher.agencyId) ?? '').split('/').filter(Boolean)),
  )
  return tree
    .filter((agency) => PLAN_LEVELS.has(agency.level))
    .map((agency) => ({
      agencyId: agency.id,
      counts: { 'opendata.agencies': 1, 'opendata.agencies_open': publishing.has(agency.id) ? 1 : 0 },
    }))
}

/** The datasets behind `opendata.agencies_open` in a scope, newest first: what makes each agency count. */
export async function openDataBehind(db: Db, query: { agencyIds: string[]; page: number; pageSize: number }) {
  const found = (await standardDatasets(db, new Date(), query.agencyIds)).sort(
    (a, b) => (b.issued ?? '').localeCompare(a.issued ?? '') || a.slug.localeCompare(b.slug),
  )
  return {
    total: found.length,
    items: found.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((d) => ({
      slug: d.slug,
      title: d.title.vi,
      agencyId: d.publisher.agencyId,
      issued: d.issued,
      score: qualityOf(d, 'vi').score,
    })),
  }
}
