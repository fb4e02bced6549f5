import { asc, eq, inArray } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { getAgency } from '../identity/service'
import { MEDIA_TYPES } from './routes.schema'
import { type datasets, distributions } from './schema'
import type { DatasetView, DistributionView, EuThemeCode, FrequencyCode, SectorCode } from './types'

export type DatasetRow = typeof datasets.$inferSelect
export type DistributionRow = Omit<typeof distributions.$inferSelect, 'content'>

/** The distribution columns every view reads (never the XLSX bytes). */
export const distributionColumns = {
  id: distributions.id,
  datasetId: distributions.datasetId,
  format: distributions.format,
  byteSize: distributions.byteSize,
  sha256: distributions.sha256,
  rowCount: distributions.rowCount,
  issued: distributions.issued,
  modified: distributions.modified,
}

const FORMAT_ORDER = { CSV: 0, JSON: 1, XLSX: 2 } as const

export const downloadUrl = (id: string) => `/api/v1/opendata/distributions/${id}/download`

export function distributionView(
  row: DistributionRow,
  dataset: Pick<DatasetRow, 'titleVi' | 'titleEn'>,
): DistributionView {
  return {
    id: row.id,
    datasetId: row.datasetId,
    title: {
      vi: `${dataset.titleVi} (${row.format})`,
      en: dataset.titleEn ? `${dataset.titleEn} (${row.format})` : null,
    },
    format: row.format,
    mediaType: MEDIA_TYPES[row.format],
    byteSize: row.byteSize,
    checksumSha256: row.sha256,
    rowCount: row.rowCount,
    downloadUrl: downloadUrl(row.id),
    issued: row.issued.toISOString(),
    modified: row.modified.toISOString(),
  }
}

export async function datasetView(
  db: Db | Tx,
  row: DatasetRow,
  files: DistributionRow[],
): Promise<DatasetView> {
  const agency = await getAgency(db as Db, row.agencyId)
  return {
    id: row.id,
    slug: row.slug,
    publisher: { agencyId: agency.id, name: agency.name, nameEn: agency.nameEn },
    title: { vi: row.titleVi, en: row.titleEn },
    description: { vi: row.descriptionVi, en: row.descriptionEn },
    themes: row.themes as EuThemeCode[],
    sectors: row.sectors as SectorCode[],
    licenceId: row.licenceId,
    accrualPeriodicity: row.accrualPeriodicity as FrequencyCode,
    spatial: row.spatial,
    temporal: { start: row.temporalStart, end: row.temporalEnd },
    contactPoint:
      row.contactName && row.contactEmail ? { name: row.contactName, email: row.contactEmail } : null,
    keywords: row.keywords,
    status: row.status,
    version: row.version,
    origin: row.origin,
    issued: row.issued?.toISOString() ?? null,
    modified: row.modified.toISOString(),
    distributions: [...files]
      .sort((a, b) => FORMAT_ORDER[a.format] - FORMAT_ORDER[b.format])
      .map((file) => distributionView(file, row)),
  }
}

/** Views of several datasets, their distributions read in one query. */
export async function datasetViews(db: Db | Tx, rows: DatasetRow[]): Promise<DatasetView[]> {
  if (rows.length === 0) return []
  const files = await db
    .select(distributionColumns)
    .from(distributions)
    .where(
      inArray(
        distributions.datasetId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(distributions.format))
  const byDataset = new Map<string, DistributionRow[]>()
  for (const file of files) byDataset.set(file.datasetId, [...(byDataset.get(file.datasetId) ?? []), file])
  return Promise.all(rows.map((row) => datasetView(db, row, byDataset.get(row.id) ?? [])))
}

export async function filesOf(db: Db | Tx, datasetId: string): Promise<DistributionRow[]> {
  return db.select(distributionColumns).from(distributions).where(eq(distributions.datasetId, datasetId))
}
