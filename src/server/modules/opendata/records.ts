import { and, asc, eq, gt, lt } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import {
  type Cell,
  type DataColumn,
  digestOf,
  type RowBatches,
  renderXlsx,
  streamedChunks,
  XLSX_MAX_ROWS,
} from './data'
import { datasets, distributions, records } from './schema'
import type { FormatCode } from './types'
import { type DatasetRow, filesOf } from './views'

// A dataset's table of data in the database, and the files rendered from it.

/** Rows read per query when streaming a table: one batch is in memory at a time. */
export const READ_BATCH = 5_000
const WRITE_BATCH = 1_000
/** Larger tables are offered as CSV and JSON only: an XLSX file is kept whole, and Excel would be slow with it. */
export const XLSX_ROWS_KEPT = 200_000

/** The rows of one generation of a dataset's table, by keyset pages. */
export function recordBatches(
  db: Db | Tx,
  datasetId: string,
  generation: number,
  limit = Infinity,
): RowBatches {
  return async function* () {
    let after = -1
    let left = limit
    while (left > 0) {
      const size = Math.min(READ_BATCH, left)
      const rows = await db
        .select({ seq: records.seq, cells: records.cells })
        .from(records)
        .where(
          and(eq(records.datasetId, datasetId), eq(records.generation, generation), gt(records.seq, after)),
        )
        .orderBy(asc(records.seq))
        .limit(size)
      if (rows.length === 0) return
      yield rows.map((row) => row.cells)
      left -= rows.length
      after = rows[rows.length - 1]!.seq
      if (rows.length < size) return
    }
  }
}

/** Column by column (jsonb keeps an object's keys in an order of its own). */
const sameColumns = (a: DataColumn[] | null, b: DataColumn[]) =>
  a?.length === b.length &&
  a.every(
    (c, i) =>
      c.name === b[i]!.name &&
      c.type === b[i]!.type &&
      c.title.vi === b[i]!.title.vi &&
      c.title.en === b[i]!.title.en,
  )

export interface StoredTable {
  rowCount: number
  /** Whether any file's bytes differ from before. */
  changed: boolean
}

/**
 * Writes a new generation of the dataset's table, renders its files (checksum and size of exactly
 * what a download sends) and makes it current. The generation before stays for downloads under way;
 * older ones go.
 */
export async function storeTable(
  tx: Tx,
  dataset: DatasetRow,
  columns: DataColumn[],
  batches: AsyncIterable<Cell[][]> | Cell[][][],
): Promise<StoredTable> {
  const generation = dataset.dataGeneration + 1
  let seq = 0
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i += WRITE_BATCH) {
      const chunk = batch.slice(i, i + WRITE_BATCH)
      await tx.insert(records).values(
        chunk.map((cells) => ({
          datasetId: dataset.id,
          generation,
          seq: seq++,
          cells: columns.map((_, j) => cells[j] ?? null),
        })),
      )
    }
  }
  await tx
    .delete(records)
    .where(and(eq(records.datasetId, dataset.id), lt(records.generation, generation - 1)))

  const read = recordBatches(tx, dataset.id, generation)
  const before = new Map((await filesOf(tx, dataset.id)).map((file) => [file.format, file.sha256]))
  const rendered: { format: FormatCode; byteSize: number; sha256: string; content: Buffer | null }[] = [
    { format: 'CSV', ...(await digestOf(streamedChunks('CSV', columns, read))), content: null },
    { format: 'JSON', ...(await digestOf(streamedChunks('JSON', columns, read))), content: null },
  ]
  const sameData = rendered.every((file) => before.get(file.format) === file.sha256)
  const xlsxKept = seq <= Math.min(XLSX_ROWS_KEPT, XLSX_MAX_ROWS - 1)
  // A zip carries the time it was written, so the same rows never give the same XLSX bytes twice:
  // with the same rows and column titles, the XLSX file kept is left as it is.
  const keepXlsx = xlsxKept && sameData && before.has('XLSX') && sameColumns(dataset.columns, columns)
  if (xlsxKept && !keepXlsx) {
    const content = await renderXlsx(columns, read, dataset.titleVi)
    rendered.push({ format: 'XLSX', ...(await digestOf(content)), content })
  }
  const formats = rendered.length + (keepXlsx ? 1 : 0)
  const changed = formats !== before.size || rendered.some((file) => before.get(file.format) !== file.sha256)
  const now = new Date()
  for (const file of rendered) {
    const values = { byteSize: file.byteSize, sha256: file.sha256, rowCount: seq, content: file.content }
    await tx
      .insert(distributions)
      .values({ datasetId: dataset.id, format: file.format, ...values, issued: now, modified: now })
      .onConflictDoUpdate({
        target: [distributions.datasetId, distributions.format],
        set: before.get(file.format) === file.sha256 ? values : { ...values, modified: now },
      })
  }
  if (!xlsxKept) {
    await tx
      .delete(distributions)
      .where(and(eq(distributions.datasetId, dataset.id), eq(distributions.format, 'XLSX')))
  }
  await tx
    .update(datasets)
    .set({ columns, rowCount: seq, dataGeneration: generation, dataRefreshedAt: now })
    .where(eq(datasets.id, dataset.id))
  return { rowCount: seq, changed }
}
