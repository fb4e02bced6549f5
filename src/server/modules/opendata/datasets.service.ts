import { and, asc, count, desc, eq, inArray, like, or, type SQL } from 'drizzle-orm'
import { adminUnits } from '../../country/units'
import type { Db, Tx } from '../../db'
import { changedHere } from '../../db/invalidation'
import { writeTogether } from '../../db/together'
import { outsideJurisdiction } from '../../errors'
import type { Lang } from '../../i18n/language'
import { appendAudit } from '../audit/service'
import { fold } from '../catalog/service'
import { publish } from '../events/service'
import { agencyIdsUnder, getAgency, inJurisdiction, type Principal } from '../identity/service'
import { type Cell, type DataColumn, parseCsv, typedTable } from './data'
import {
  badCsv,
  badTemporal,
  datasetNotFound,
  madeBySen,
  notPublishable,
  onlyLeaders,
  slugTaken,
  unknownLicence,
  unknownSpatial,
  wrongStatus,
} from './errors'
import { DEFAULT_LICENCE, licenceById } from './licences'
import { PUBLISH_REQUIRES, qualityOf } from './quality'
import { storeTable } from './records'
import { datasets, datasetVersions } from './schema'
import type {
  DatasetInput,
  DatasetPatch,
  DatasetVersion,
  DatasetView,
  PublisherDataset,
  PublisherDatasetsFilter,
  PublisherDatasetsPage,
} from './types'
import { usageOf } from './usage'
import { type DatasetRow, datasetView, datasetViews, filesOf } from './views'

/** Who changes a dataset: an official (checked against the dataset's agency), or Sen itself (null). */
export type Actor = Principal | null

const APPROVER_ROLES = ['leader', 'agency_admin', 'system_admin'] as const

/** An official may work on the datasets of their agency and of the agencies below it. */
async function assertPublisher(db: Db | Tx, principal: Principal, agencyId: string) {
  if (principal.kind !== 'official') throw outsideJurisdiction()
  const agency = await getAgency(db as Db, agencyId)
  if (!inJurisdiction(principal, agency.path)) throw outsideJurisdiction()
  return agency
}

function assertApprover(principal: Actor) {
  if (principal && !principal.roles.some((role) => (APPROVER_ROLES as readonly string[]).includes(role))) {
    throw onlyLeaders()
  }
}

function checkMetadata(input: DatasetPatch) {
  if (input.licenceId !== undefined && !licenceById(input.licenceId)) throw unknownLicence()
  const { start, end } = input.temporal ?? {}
  if (start && end && start > end) throw badTemporal()
  if (input.spatial) {
    const units = adminUnits()
    for (const code of input.spatial) {
      const known =
        code === 'VN' || (code.length === 2 ? units.provinces.has(code) : units.provinceOf.has(code))
      if (!known) throw unknownSpatial(code)
    }
  }
}

const searchTextOf = (
  row: Pick<DatasetRow, 'titleVi' | 'titleEn' | 'descriptionVi' | 'descriptionEn' | 'keywords'>,
) =>
  fold(
    [row.titleVi, row.titleEn ?? '', row.keywords.join(' '), row.descriptionVi, row.descriptionEn ?? ''].join(
      ' \n ',
    ),
  )

/** The columns a patch sets (only the fields it gives). */
function columnsOf(input: DatasetPatch) {
  const set: Partial<typeof datasets.$inferInsert> = {}
  if (input.slug !== undefined) set.slug = input.slug
  if (input.title) {
    set.titleVi = input.title.vi.trim()
    set.titleEn = input.title.en?.trim() || null
  }
  if (input.description) {
    set.descriptionVi = input.description.vi.trim()
    set.descriptionEn = input.description.en?.trim() || null
  }
  if (input.themes) set.themes = input.themes
  if (input.sectors) set.sectors = input.sectors
  if (input.licenceId !== undefined) set.licenceId = input.licenceId
  if (input.accrualPeriodicity) set.accrualPeriodicity = input.accrualPeriodicity
  if (input.spatial) set.spatial = input.spatial
  if (input.temporal) {
    set.temporalStart = input.temporal.start ?? null
    set.temporalEnd = input.temporal.end ?? null
  }
  if (input.contactPoint !== undefined) {
    set.contactName = input.contactPoint?.name.trim() ?? null
    set.contactEmail = input.contactPoint?.email.trim() ?? null
  }
  if (input.keywords) set.keywords = [...new Set(input.keywords.map((k) => k.trim().toLowerCase()))]
  return set
}

/** A slug from a title ("Danh mục thủ tục" → "danh-muc-thu-tuc"), made unique with a number. */
async function freeSlug(db: Db | Tx, title: string): Promise<string> {
  const base =
    fold(title)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'du-lieu'
  const padded = base.length < 3 ? `${base}-du-lieu` : base
  const taken = new Set(
    (
      await db
        .select({ slug: datasets.slug })
        .from(datasets)
        .where(or(eq(datasets.slug, padded), like(datasets.slug, `${padded}-%`)))
    ).map((row) => row.slug),
  )
  if (!taken.has(padded)) return padded
  for (let n = 2; ; n++) if (!taken.has(`${padded}-${n}`)) return `${padded}-${n}`
}

const actorId = (actor: Actor) => actor?.userId ?? null

const eventOf = (row: DatasetRow) => ({
  datasetId: row.id,
  agencyId: row.agencyId,
  slug: row.slug,
  version: row.version,
})

/** Locks the dataset's row for a change (and checks who may change it). */
async function lockDataset(tx: Tx, actor: Actor, id: string): Promise<DatasetRow> {
  const [row] = await tx.select().from(datasets).where(eq(datasets.id, id)).for('update')
  if (!row) throw datasetNotFound()
  if (actor) await assertPublisher(tx, actor, row.agencyId).catch(() => Promise.reject(datasetNotFound()))
  return row
}

/** Keeps the published state as a version: its metadata and files as they are now. */
async function recordVersion(tx: Tx, row: DatasetRow, actor: Actor, note: string | null) {
  const view = await datasetView(tx, row, await filesOf(tx, row.id))
  await tx
    .insert(datasetVersions)
    .values({ datasetId: row.id, version: row.version, snapshot: view, note, publishedBy: actorId(actor) })
  return view
}

export interface CreateOptions {
  /** Sen's own datasets: made and refreshed by one of its generators. */
  generator?: string
}

/** A new dataset, as a draft of its agency (the official's own unless another below it is named). */
export async function createDataset(
  db: Db,
  actor: Actor,
  input: DatasetInput,
  options: CreateOptions = {},
): Promise<DatasetView> {
  const agencyId = input.agencyId ?? actor?.agencyId
  if (!agencyId) throw outsideJurisdiction()
  if (actor) await assertPublisher(db, actor, agencyId)
  else await getAgency(db, agencyId)
  checkMetadata(input)
  const view = await db.transaction(async (tx) => {
    const set = columnsOf(input)
    const values = {
      agencyId,
      slug: input.slug ?? (await freeSlug(tx, input.title.vi)),
      titleVi: set.titleVi!,
      titleEn: set.titleEn ?? null,
      descriptionVi: set.descriptionVi ?? '',
      descriptionEn: set.descriptionEn ?? null,
      keywords: set.keywords ?? [],
      licenceId: set.licenceId ?? DEFAULT_LICENCE,
      ...set,
      origin: options.generator ? ('sen' as const) : ('agency' as const),
      generator: options.generator ?? null,
      createdBy: actorId(actor),
    }
    const [row] = await tx
      .insert(datasets)
      .values({ ...values, searchText: searchTextOf(values) })
      .onConflictDoNothing({ target: datasets.slug })
      .returning()
    if (!row) throw slugTaken()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: actorId(actor),
        action: 'opendata.dataset_created',
        entity: 'dataset',
        entityId: row.id,
        data: { agencyId, slug: row.slug, origin: row.origin },
      }),
      publish(tx, { name: 'opendata.dataset_created', payload: eventOf(row) }),
    ])
    return datasetView(tx, row, [])
  })
  // The catalogue's in-memory index (ckan.index.ts) sees the change at this process's next request.
  changedHere(db, 'opendata')
  return view
}

/**
 * Changes a dataset's metadata. A draft just changes; a published dataset gets a new version at
 * once (its previous one stays in the history); a withdrawn one no longer changes.
 */
export async function updateDataset(
  db: Db,
  actor: Actor,
  id: string,
  patch: DatasetPatch,
): Promise<DatasetView> {
  checkMetadata(patch)
  const view = await db.transaction(async (tx) => {
    const row = await lockDataset(tx, actor, id)
    if (row.status === 'withdrawn') throw wrongStatus(row.status, { vi: 'sửa', en: 'edited' })
    const set = columnsOf(patch)
    if (set.slug && set.slug !== row.slug) {
      const [other] = await tx.select({ id: datasets.id }).from(datasets).where(eq(datasets.slug, set.slug))
      if (other) throw slugTaken()
    }
    const published = row.status === 'published'
    const merged = { ...row, ...set }
    const [updated] = await tx
      .update(datasets)
      .set({
        ...set,
        searchText: searchTextOf(merged),
        modified: new Date(),
        version: published ? row.version + 1 : row.version,
      })
      .where(eq(datasets.id, id))
      .returning()
    const view = published
      ? await recordVersion(tx, updated!, actor, patch.note?.trim() || null)
      : await datasetView(tx, updated!, await filesOf(tx, id))
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: actorId(actor),
        action: 'opendata.dataset_updated',
        entity: 'dataset',
        entityId: id,
        data: { fields: Object.keys(patch).filter((k) => k !== 'note'), version: updated!.version },
      }),
      ...(published ? [publish(tx, { name: 'opendata.dataset_updated', payload: eventOf(updated!) })] : []),
    ])
    return view
  })
  // The catalogue's in-memory index (ckan.index.ts) sees the change at this process's next request.
  changedHere(db, 'opendata')
  return view
}

/** Most rows a publisher's CSV may have (Sen's own datasets and the benchmark write more through storeTable). */
export const UPLOAD_MAX_ROWS = 200_000

/** Replaces a dataset's data with an uploaded CSV file: new files, and a new version if it is published. */
export async function replaceDataFromCsv(
  db: Db,
  actor: Principal,
  id: string,
  csv: string,
): Promise<DatasetView> {
  let parsed: Awaited<ReturnType<typeof parseCsv>>
  try {
    parsed = await parseCsv(csv, UPLOAD_MAX_ROWS)
  } catch (error) {
    const tooMany = error instanceof RangeError
    throw badCsv(
      tooMany
        ? {
            vi: `nhiều hơn ${UPLOAD_MAX_ROWS.toLocaleString('vi-VN')} dòng.`,
            en: `more than ${UPLOAD_MAX_ROWS} rows.`,
          }
        : {
            vi: 'các dòng không cùng số cột hoặc dấu ngoặc kép không khớp.',
            en: 'rows differ in their number of columns, or quotes do not match.',
          },
    )
  }
  if (parsed.headers.length === 0 || parsed.rows.length === 0) {
    throw badCsv({
      vi: 'tệp cần một dòng tiêu đề và ít nhất một dòng dữ liệu.',
      en: 'it needs a header row and at least one row of data.',
    })
  }
  const table = typedTable(parsed.headers, parsed.rows)
  return replaceData(db, actor, id, table.columns, [table.rows], { upload: true })
}

/**
 * Replaces a dataset's table and files. Sen's generators call it (actor null) to refresh its own
 * datasets; a published dataset whose files changed gets a new version.
 */
export async function replaceData(
  db: Db,
  actor: Actor,
  id: string,
  columns: DataColumn[],
  batches: AsyncIterable<Cell[][]> | Cell[][][],
  options: { upload?: boolean } = {},
): Promise<DatasetView> {
  const view = await db.transaction(async (tx) => {
    const row = await lockDataset(tx, actor, id)
    if (row.status === 'withdrawn')
      throw wrongStatus(row.status, { vi: 'cập nhật dữ liệu', en: 'given new data' })
    if (options.upload && row.origin === 'sen') throw madeBySen()
    const stored = await storeTable(tx, row, columns, batches)
    const published = row.status === 'published'
    const bump = published && stored.changed
    // storeTable has written the table's columns and counts; the version moves only if the files changed.
    const [updated] = stored.changed
      ? await tx
          .update(datasets)
          .set({ modified: new Date(), version: bump ? row.version + 1 : row.version })
          .where(eq(datasets.id, id))
          .returning()
      : await tx.select().from(datasets).where(eq(datasets.id, id))
    const view = bump
      ? await recordVersion(tx, updated!, actor, null)
      : await datasetView(tx, updated!, await filesOf(tx, id))
    if (stored.changed) {
      await writeTogether(tx, [
        appendAudit(tx, {
          actorId: actorId(actor),
          action: 'opendata.dataset_data_replaced',
          entity: 'dataset',
          entityId: id,
          data: { rows: stored.rowCount, columns: columns.map((c) => c.name), version: updated!.version },
        }),
        ...(bump ? [publish(tx, { name: 'opendata.dataset_updated', payload: eventOf(updated!) })] : []),
      ])
    }
    return view
  })
  // The catalogue's in-memory index (ckan.index.ts) sees the change at this process's next request.
  changedHere(db, 'opendata')
  return view
}

/** Publishes a draft (a leader or an agency administrator; Sen for its own datasets): version 1 goes out. */
export async function publishDataset(db: Db, actor: Actor, id: string, note?: string): Promise<DatasetView> {
  const view = await db.transaction(async (tx) => {
    const row = await lockDataset(tx, actor, id)
    assertApprover(actor)
    if (row.status !== 'draft') throw wrongStatus(row.status, { vi: 'công bố', en: 'published' })
    const draft = await datasetView(tx, row, await filesOf(tx, id))
    const missing = qualityOf(draft, 'vi').checks.filter(
      (check) => !check.passed && (PUBLISH_REQUIRES as readonly string[]).includes(check.id),
    )
    if (missing.length) throw notPublishable(missing.map((check) => MISSING_VI[check.id] ?? check.id))
    const now = new Date()
    const [updated] = await tx
      .update(datasets)
      .set({ status: 'published', issued: row.issued ?? now, modified: now })
      .where(eq(datasets.id, id))
      .returning()
    const view = await recordVersion(tx, updated!, actor, note?.trim() || null)
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: actorId(actor),
        action: 'opendata.dataset_published',
        entity: 'dataset',
        entityId: id,
        data: { version: updated!.version },
      }),
      publish(tx, { name: 'opendata.dataset_published', payload: eventOf(updated!) }),
    ])
    return view
  })
  // The catalogue's in-memory index (ckan.index.ts) sees the change at this process's next request.
  changedHere(db, 'opendata')
  return view
}

const MISSING_VI: Record<string, string> = { licence: 'giấy phép', resources_reachable: 'dữ liệu (tệp CSV)' }

/** Withdraws a published dataset: it leaves the catalogue and every API answers 404 for it. */
export async function withdrawDataset(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
): Promise<DatasetView> {
  const view = await db.transaction(async (tx) => {
    const row = await lockDataset(tx, actor, id)
    assertApprover(actor)
    if (row.status !== 'published') throw wrongStatus(row.status, { vi: 'thu hồi', en: 'withdrawn' })
    const now = new Date()
    const [updated] = await tx
      .update(datasets)
      .set({ status: 'withdrawn', withdrawnAt: now, withdrawalReason: reason.trim(), modified: now })
      .where(eq(datasets.id, id))
      .returning()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: actorId(actor),
        action: 'opendata.dataset_withdrawn',
        entity: 'dataset',
        entityId: id,
        data: { version: row.version, reason: reason.trim() },
      }),
      publish(tx, { name: 'opendata.dataset_withdrawn', payload: eventOf(updated!) }),
    ])
    return datasetView(tx, updated!, await filesOf(tx, id))
  })
  // The catalogue's in-memory index (ckan.index.ts) sees the change at this process's next request.
  changedHere(db, 'opendata')
  return view
}

/** A dataset in any state, for an official of its agency (or above): with its quality and usage. */
export async function getPublisherDataset(
  db: Db,
  principal: Principal,
  id: string,
  lang: Lang,
): Promise<PublisherDataset> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id))
  if (!row) throw datasetNotFound()
  await assertPublisher(db, principal, row.agencyId).catch(() => Promise.reject(datasetNotFound()))
  const dataset = await datasetView(db, row, await filesOf(db, id))
  const [usage] = await usageOf(db, [id])
  return {
    dataset,
    quality: qualityOf(dataset, lang),
    usage: usage?.usage ?? { views: 0, downloads: 0, apiCalls: 0 },
    withdrawalReason: row.withdrawalReason,
  }
}

/** The datasets of an official's agency (and those below it, or of one of them), every state. */
export async function listPublisherDatasets(
  db: Db,
  principal: Principal,
  filter: PublisherDatasetsFilter,
): Promise<PublisherDatasetsPage> {
  const agencyId = filter.agencyId ?? principal.agencyId
  if (!agencyId) throw outsideJurisdiction()
  const agency = await assertPublisher(db, principal, agencyId)
  const agencyIds = filter.agencyId ? [agencyId] : await agencyIdsUnder(db, agency.path)
  const conditions: SQL[] = [inArray(datasets.agencyId, agencyIds)]
  if (filter.status) conditions.push(eq(datasets.status, filter.status))
  const where = and(...conditions)
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(datasets)
      .where(where)
      .orderBy(desc(datasets.modified), asc(datasets.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ n: count() }).from(datasets).where(where),
  ])
  const [views, usage] = await Promise.all([
    datasetViews(db, rows),
    usageOf(
      db,
      rows.map((row) => row.id),
    ),
  ])
  const usageById = new Map(usage.map((u) => [u.datasetId, u.usage]))
  return {
    total: total?.n ?? 0,
    items: views.map((view) => {
      const quality = qualityOf(view, 'vi')
      return {
        id: view.id,
        slug: view.slug,
        title: view.title,
        publisher: view.publisher,
        status: view.status,
        origin: view.origin,
        version: view.version,
        modified: view.modified,
        qualityScore: quality.score,
        meetsStandard: quality.meetsStandard,
        usage: usageById.get(view.id) ?? { views: 0, downloads: 0, apiCalls: 0 },
      }
    }),
  }
}

/** A dataset's published versions, newest first. */
export async function listVersions(db: Db, principal: Principal, id: string): Promise<DatasetVersion[]> {
  const [row] = await db.select({ agencyId: datasets.agencyId }).from(datasets).where(eq(datasets.id, id))
  if (!row) throw datasetNotFound()
  await assertPublisher(db, principal, row.agencyId).catch(() => Promise.reject(datasetNotFound()))
  const versions = await db
    .select()
    .from(datasetVersions)
    .where(eq(datasetVersions.datasetId, id))
    .orderBy(desc(datasetVersions.version))
  return versions.map((v) => {
    const snapshot = v.snapshot as DatasetView
    return {
      version: v.version,
      note: v.note,
      publishedAt: v.publishedAt.toISOString(),
      title: snapshot.title.vi,
      distributions: snapshot.distributions.map((d) => ({
        format: d.format,
        byteSize: d.byteSize,
        checksumSha256: d.checksumSha256,
      })),
    }
  })
}
