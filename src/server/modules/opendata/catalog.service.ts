import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import type { Lang } from '../../i18n/language'
import { fold } from '../catalog/service'
import { escapeLike, getAgency } from '../identity/service'
import type { Cell } from './data'
import { datasetNotFound, distributionNotFound } from './errors'
import { LICENCES, licenceById } from './licences'
import { recordBatches } from './records'
import { datasets, distributions } from './schema'
import type {
  DatasetSearch,
  DatasetSearchPage,
  DatasetView,
  DistributionView,
  Facet,
  LicenceView,
  OrganisationView,
  Preview,
  TagCount,
} from './types'
import {
  type DatasetRow,
  datasetView,
  datasetViews,
  distributionColumns,
  distributionView,
  filesOf,
} from './views'
import { SECTOR_LABELS, THEME_LABELS } from './vocabularies'

// The public catalogue: published datasets only. A draft or a withdrawn dataset is not found here,
// in every API and format built on these functions.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const published = eq(datasets.status, 'published')

function conditionsOf(search: Omit<DatasetSearch, 'offset' | 'limit' | 'sort'>): SQL[] {
  const where: SQL[] = [published]
  if (search.agencyIds?.length) where.push(inArray(datasets.agencyId, search.agencyIds))
  if (search.themes?.length) where.push(sql`${datasets.themes} && ${sql.param(search.themes)}::text[]`)
  if (search.sectors?.length) where.push(sql`${datasets.sectors} && ${sql.param(search.sectors)}::text[]`)
  if (search.keywords?.length) {
    where.push(sql`${datasets.keywords} @> ${sql.param(search.keywords.map((k) => k.toLowerCase()))}::text[]`)
  }
  if (search.licenceIds?.length) where.push(inArray(datasets.licenceId, search.licenceIds))
  if (search.formats?.length) {
    where.push(
      sql`exists (select 1 from ${distributions} where ${distributions.datasetId} = ${datasets.id} and ${inArray(distributions.format, search.formats)})`,
    )
  }
  for (const term of termsOf(search.q))
    where.push(sql`${datasets.searchText} like ${`%${escapeLike(term)}%`}`)
  return where
}

const termsOf = (q: string | undefined) => (q ? fold(q).split(/\s+/).filter(Boolean).slice(0, 10) : [])

function orderOf(search: DatasetSearch): SQL[] {
  const [first] = termsOf(search.q)
  if (search.sort === 'title') return [asc(datasets.titleVi), asc(datasets.id)]
  if (search.sort === 'relevance' && first) {
    // Where the first word comes in the folded text, which starts with the title: title matches first.
    return [sql`position(${first} in ${datasets.searchText})`, desc(datasets.modified), asc(datasets.id)]
  }
  return [desc(datasets.modified), asc(datasets.id)]
}

const label = (labels: Record<string, { vi: string; en: string }>, value: string, lang: Lang) =>
  labels[value]?.[lang] ?? value

/** Published datasets matching a search, a page of them, and the facets of all that match. */
export async function searchDatasets(
  db: Db,
  search: DatasetSearch,
  lang: Lang = 'vi',
): Promise<DatasetSearchPage> {
  const where = and(...conditionsOf(search))
  const matching = db.select({ id: datasets.id }).from(datasets).where(where)
  const [rows, [total], agencies, themes, sectors, licences, formats] = await Promise.all([
    db
      .select()
      .from(datasets)
      .where(where)
      .orderBy(...orderOf(search))
      .limit(search.limit)
      .offset(search.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(datasets).where(where),
    db
      .select({ value: datasets.agencyId, count: sql<number>`count(*)::int` })
      .from(datasets)
      .where(where)
      .groupBy(datasets.agencyId),
    db
      .select({ value: sql<string>`t`, count: sql<number>`count(*)::int` })
      .from(sql`${datasets}, unnest(${datasets.themes}) as t`)
      .where(where)
      .groupBy(sql`t`),
    db
      .select({ value: sql<string>`s`, count: sql<number>`count(*)::int` })
      .from(sql`${datasets}, unnest(${datasets.sectors}) as s`)
      .where(where)
      .groupBy(sql`s`),
    db
      .select({ value: datasets.licenceId, count: sql<number>`count(*)::int` })
      .from(datasets)
      .where(where)
      .groupBy(datasets.licenceId),
    db
      .select({
        value: distributions.format,
        count: sql<number>`count(distinct ${distributions.datasetId})::int`,
      })
      .from(distributions)
      .where(inArray(distributions.datasetId, matching))
      .groupBy(distributions.format),
  ])
  const sorted = (facets: Facet[]) =>
    facets.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'))
  const agencyFacets = await Promise.all(
    agencies.map(async ({ value, count }) => {
      const agency = await getAgency(db, value)
      return { value, label: (lang === 'en' && agency.nameEn) || agency.name, count }
    }),
  )
  return {
    total: total?.n ?? 0,
    items: await datasetViews(db, rows),
    facets: {
      agency: sorted(agencyFacets),
      theme: sorted(themes.map((f) => ({ ...f, label: label(THEME_LABELS, f.value, lang) }))),
      sector: sorted(sectors.map((f) => ({ ...f, label: label(SECTOR_LABELS, f.value, lang) }))),
      format: sorted(formats.map((f) => ({ ...f, label: f.value }))),
      licence: sorted(licences.map((f) => ({ ...f, label: licenceById(f.value)?.title[lang] ?? f.value }))),
    },
  }
}

async function publishedRow(db: Db, ref: string): Promise<DatasetRow> {
  const [row] = await db
    .select()
    .from(datasets)
    .where(and(UUID.test(ref) ? eq(datasets.id, ref) : eq(datasets.slug, ref), published))
  if (!row) throw datasetNotFound()
  return row
}

/** A published dataset by id or slug; a draft or a withdrawn one is not found. */
export async function getPublishedDataset(db: Db, ref: string): Promise<DatasetView> {
  const row = await publishedRow(db, ref)
  return datasetView(db, row, await filesOf(db, row.id))
}

/** The ids and slugs of every published dataset, by slug (CKAN's package_list). */
export async function listPublishedDatasetNames(db: Db, page: { offset: number; limit: number }) {
  return db
    .select({ id: datasets.id, slug: datasets.slug, modified: datasets.modified })
    .from(datasets)
    .where(published)
    .orderBy(asc(datasets.slug))
    .limit(page.limit)
    .offset(page.offset)
}

/** A distribution of a published dataset, with its dataset; otherwise not found. */
export async function getPublishedDistribution(
  db: Db,
  id: string,
): Promise<{ distribution: DistributionView; dataset: DatasetView }> {
  const [file] = await db.select(distributionColumns).from(distributions).where(eq(distributions.id, id))
  if (!file) throw distributionNotFound()
  const row = await publishedRow(db, file.datasetId).catch(() => Promise.reject(distributionNotFound()))
  const dataset = await datasetView(db, row, await filesOf(db, row.id))
  return { distribution: distributionView(file, row), dataset }
}

/** The agencies that publish, with how many published datasets each has. */
export async function listOrganisations(db: Db): Promise<OrganisationView[]> {
  const rows = await db
    .select({ agencyId: datasets.agencyId, n: sql<number>`count(*)::int` })
    .from(datasets)
    .where(published)
    .groupBy(datasets.agencyId)
  const organisations = await Promise.all(
    rows.map(async (row) => {
      const agency = await getAgency(db, row.agencyId)
      return { agencyId: agency.id, name: agency.name, nameEn: agency.nameEn, publishedDatasets: row.n }
    }),
  )
  return organisations.sort((a, b) => a.name.localeCompare(b.name, 'vi'))
}

/** Keywords of published datasets with how many carry each, most used first. */
export async function listTags(db: Db, query: { q?: string; limit: number }): Promise<TagCount[]> {
  const wanted = query.q?.trim().toLowerCase() || null
  const rows = await db
    .select({ name: sql<string>`k`, count: sql<number>`count(*)::int` })
    .from(sql`${datasets}, unnest(${datasets.keywords}) as k`)
    .where(and(published, wanted ? sql`k like ${`%${escapeLike(wanted)}%`}` : undefined))
    .groupBy(sql`k`)
    .orderBy(sql`count(*) desc`, sql`k`)
    .limit(query.limit)
  return rows
}

export const listLicences = (): LicenceView[] => LICENCES

/** The first rows of a published dataset's table. */
export async function previewDataset(db: Db, ref: string, rows: number): Promise<Preview> {
  const row = await publishedRow(db, ref)
  const first: Cell[][] = []
  for await (const batch of recordBatches(db, row.id, row.dataGeneration, rows)()) first.push(...batch)
  return { columns: row.columns ?? [], rows: first, rowCount: row.rowCount ?? 0 }
}

/** What a download sends: the stored XLSX, or the CSV or JSON streamed from the table. */
export async function downloadOf(db: Db, id: string) {
  const [file] = await db.select().from(distributions).where(eq(distributions.id, id))
  if (!file) throw distributionNotFound()
  const row = await publishedRow(db, file.datasetId).catch(() => Promise.reject(distributionNotFound()))
  return { file, dataset: row }
}
