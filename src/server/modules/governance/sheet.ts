import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import { AppError } from '../../errors'

/**
 * Spreadsheets as agencies keep them today (XLSX from Excel or LibreOffice, CSV exports), read
 * into a header and rows of plain cells for a sub-domain's import to check whole before it writes.
 * Reading streams, and stops one row past the limit: a file that is too long is refused without
 * being read to its end.
 */
export type Cell = string | number | boolean | Date | null

export interface Sheet {
  header: string[]
  /** Each with its row number in the file (the header is row 1); blank rows are left out. */
  rows: { line: number; cells: Cell[] }[]
  /** True when the file has more than `maxRows` rows: `rows` then stops there. */
  tooMany: boolean
}

export const unreadableSheet = () =>
  new AppError(400, 'UNREADABLE_SPREADSHEET', {
    vi: 'Không đọc được tệp: cần bảng tính XLSX hoặc tệp CSV (UTF-8) có dòng tiêu đề.',
    en: 'The file cannot be read: it must be an XLSX workbook or a UTF-8 CSV file with a header row.',
  })

/** XLSX files are ZIP archives; the old binary .xls is refused by name. */
const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50

const blank = (cell: Cell) => cell === null || (typeof cell === 'string' && cell.trim() === '')

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((p) => p.text).join('')
    if ('result' in value) return cellOf((value.result ?? null) as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    if ('error' in value) return null
  }
  return String(value)
}

export async function readSheet(
  bytes: Buffer,
  options: { maxRows: number; onRow?: (rows: number) => void },
): Promise<Sheet> {
  try {
    return isZip(bytes) ? await readXlsx(bytes, options) : await readCsv(bytes, options)
  } catch (error) {
    if (error instanceof AppError) throw error
    throw unreadableSheet()
  }
}

type Options = Parameters<typeof readSheet>[1]

async function collect(source: AsyncIterable<Cell[]>, { maxRows, onRow }: Options): Promise<Sheet> {
  let header: string[] | null = null
  const rows: Sheet['rows'] = []
  let line = 0
  for await (const cells of source) {
    line++
    if (header === null) {
      if (cells.every(blank)) continue
      header = cells.map((c) => (c === null ? '' : String(c).trim()))
      while (header.length > 0 && header[header.length - 1] === '') header.pop()
      continue
    }
    if (cells.every(blank)) continue
    if (rows.length === maxRows) return { header, rows, tooMany: true }
    rows.push({ line, cells })
    if (onRow && rows.length % 1000 === 0) onRow(rows.length)
  }
  if (header === null || header.length === 0) throw unreadableSheet()
  return { header, rows, tooMany: false }
}

async function readXlsx(bytes: Buffer, options: Options): Promise<Sheet> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  async function* cells(): AsyncIterable<Cell[]> {
    // The first worksheet only: the others are notes, lists of values, instructions.
    for await (const worksheet of workbook) {
      let expected = 1
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // The stream skips empty rows: keep the file's numbering.
        for (; expected < row.number; expected++) yield []
        expected = row.number + 1
        const values = row.values as ExcelJS.CellValue[]
        yield values.slice(1).map(cellOf)
      }
      return
    }
  }
  return collect(cells(), options)
}

async function readCsv(bytes: Buffer, options: Options): Promise<Sheet> {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  // Excel in a Vietnamese locale saves with semicolons, other tools with commas or tabs: the
  // header line tells which.
  const end = text.indexOf('\n')
  const first = end < 0 ? text : text.slice(0, end)
  const count = (d: string) => first.split(d).length
  const delimiter = [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0]!
  const parser = Readable.from([text]).pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
    }),
  )
  async function* cells(): AsyncIterable<Cell[]> {
    for await (const record of parser as AsyncIterable<string[]>) yield record
  }
  return collect(cells(), options)
}
