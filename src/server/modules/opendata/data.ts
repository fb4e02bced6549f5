import { createHash } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import type { FormatCode } from './types'

// A dataset's data is one table (columns and rows of cells). Every distribution is rendered from
// it, the same way for its checksum and for its download, so that the two always agree.

export type Cell = string | number | null

export interface DataColumn {
  /** Machine name: the CSV header and the JSON key (lower case, digits, underscores). */
  name: string
  /** What people read: the XLSX header and the portal's columns. */
  title: { vi: string; en: string | null }
  type: 'text' | 'number' | 'date' | 'month'
}

/** What a published version keeps of its dataset: its metadata and files as they were. */
export type DatasetSnapshot = Record<string, unknown>

/** Rows of a dataset, in order, in batches (the reader keeps one batch in memory at a time). */
export type RowBatches = () => AsyncIterable<Cell[][]>

const UTF8_BOM = '\uFEFF'

/** CSV as Excel in Vietnam opens it right: UTF-8 with a byte-order mark, comma-separated, CRLF. */
async function* csvChunks(columns: DataColumn[], batches: RowBatches): AsyncGenerator<Buffer> {
  yield Buffer.from(UTF8_BOM + stringify([columns.map((c) => c.name)], { record_delimiter: 'windows' }))
  for await (const rows of batches()) {
    yield Buffer.from(stringify(rows, { record_delimiter: 'windows', cast: { number: String } }))
  }
}

/** A JSON array of objects keyed by the columns' names. */
async function* jsonChunks(columns: DataColumn[], batches: RowBatches): AsyncGenerator<Buffer> {
  let first = true
  yield Buffer.from('[')
  for await (const rows of batches()) {
    const parts: string[] = []
    for (const row of rows) {
      const object: Record<string, Cell> = {}
      columns.forEach((column, i) => {
        object[column.name] = row[i] ?? null
      })
      parts.push((first ? '\n' : ',\n') + JSON.stringify(object))
      first = false
    }
    if (parts.length) yield Buffer.from(parts.join(''))
  }
  yield Buffer.from(first ? ']' : '\n]\n')
}

/** The rows Excel holds on one sheet, its header row included. */
export const XLSX_MAX_ROWS = 1_048_576

/** An XLSX workbook written row by row (exceljs' streaming writer), collected into one buffer. */
export async function renderXlsx(columns: DataColumn[], batches: RowBatches, title: string): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  workbook.creator = 'Sen'
  const sheet = workbook.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ') || 'Data', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const header = sheet.addRow(columns.map((c) => c.title.vi))
  header.font = { bold: true }
  header.commit()
  for await (const rows of batches()) for (const row of rows) sheet.addRow(row).commit()
  await workbook.commit()
  return Buffer.concat(chunks)
}

/** The bytes of a CSV or JSON distribution, as a stream of chunks. */
export function streamedChunks(
  format: Exclude<FormatCode, 'XLSX'>,
  columns: DataColumn[],
  batches: RowBatches,
) {
  return format === 'CSV' ? csvChunks(columns, batches) : jsonChunks(columns, batches)
}

export interface Digest {
  byteSize: number
  sha256: string
}

export async function digestOf(chunks: AsyncIterable<Buffer> | Buffer): Promise<Digest> {
  const hash = createHash('sha256')
  let byteSize = 0
  if (Buffer.isBuffer(chunks)) {
    hash.update(chunks)
    byteSize = chunks.length
  } else {
    for await (const chunk of chunks) {
      hash.update(chunk)
      byteSize += chunk.length
    }
  }
  return { byteSize, sha256: hash.digest('hex') }
}

const NUMBER = /^-?\d+(\.\d+)?$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-\d{2}$/

/** A machine name for a header ("Số hồ sơ" → "so_ho_so"). */
export function columnName(header: string, index: number): string {
  const name = header
    .toLowerCase()
    .replaceAll('đ', 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return name || `column_${index + 1}`
}

/** The type every value of a column fits (empty cells fit all). */
function columnType(values: Cell[]): DataColumn['type'] {
  const given = values.filter((v) => v !== null && v !== '') as (string | number)[]
  if (given.length === 0) return 'text'
  const all = (test: RegExp) => given.every((v) => test.test(String(v)))
  if (all(NUMBER)) return 'number'
  if (all(ISO_DATE)) return 'date'
  if (all(MONTH)) return 'month'
  return 'text'
}

/** Columns of a table given as rows of text, typed from their values; numbers become numbers. */
export function typedTable(headers: string[], rows: string[][]): { columns: DataColumn[]; rows: Cell[][] } {
  const seen = new Map<string, number>()
  const columns: DataColumn[] = headers.map((header, i) => {
    let name = columnName(header, i)
    const count = seen.get(name) ?? 0
    seen.set(name, count + 1)
    if (count) name = `${name}_${count + 1}`
    const type = columnType(rows.map((row) => row[i] ?? null))
    return { name, title: { vi: header.trim() || name, en: null }, type }
  })
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const value = row[i]
      if (value === undefined || value === '') return null
      return column.type === 'number' ? Number(value) : value
    }),
  )
  return { columns, rows: cells }
}

export interface ParsedCsv {
  headers: string[]
  rows: string[][]
}

/** Parses an uploaded CSV (comma or semicolon, with or without BOM); every row as long as the header. */
export async function parseCsv(text: string, maxRows: number): Promise<ParsedCsv> {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0)
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const parser = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: false })
  const rows: string[][] = []
  let headers: string[] | null = null
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!headers) headers = record
    else rows.push(record)
    if (rows.length > maxRows) throw new RangeError('too many rows')
  }
  return { headers: headers ?? [], rows }
}
