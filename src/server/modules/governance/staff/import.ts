import { Value } from 'typebox/value'
import type { Localised } from '../../../errors'
import type { Cell, Sheet } from '../sheet'
import { type CATEGORIES, type EXPERTISE_FIELDS, StaffBody } from './routes.schema'
import type { StaffInput } from './types'

/**
 * The staff spreadsheet: its columns (Vietnamese headers as agencies' personnel offices name them,
 * or the API's field names), how each cell is read, and every check a row must pass. The whole
 * file is checked before anything is written; each refused row is reported with its number,
 * column and reason.
 */
export const MAX_IMPORT_ROWS = 100_000

type Kind = 'text' | 'boolean' | 'date' | 'category' | 'expertise'
interface Column {
  key: keyof StaffInput
  header: string
  headerEn: string
  kind: Kind
  required?: boolean
}

export const STAFF_COLUMNS: Column[] = [
  { key: 'agencyId', header: 'Mã cơ quan', headerEn: 'Agency id', kind: 'text', required: true },
  { key: 'staffCode', header: 'Mã cán bộ', headerEn: 'Staff code', kind: 'text', required: true },
  { key: 'fullName', header: 'Họ và tên', headerEn: 'Full name', kind: 'text', required: true },
  { key: 'category', header: 'Loại', headerEn: 'Category', kind: 'category', required: true },
  { key: 'position', header: 'Chức vụ', headerEn: 'Position', kind: 'text' },
  { key: 'itStaff', header: 'Cán bộ CNTT/chuyển đổi số', headerEn: 'IT staff', kind: 'boolean' },
  { key: 'leader', header: 'Lãnh đạo', headerEn: 'Leader', kind: 'boolean' },
  {
    key: 'digitalTrainedOn',
    header: 'Ngày tập huấn kỹ năng số',
    headerEn: 'Digital skills trained on',
    kind: 'date',
  },
  { key: 'digitalCourse', header: 'Khóa tập huấn', headerEn: 'Digital course', kind: 'text' },
  {
    key: 'certificateNumber',
    header: 'Số chứng chỉ quản trị dữ liệu',
    headerEn: 'Certificate number',
    kind: 'text',
  },
  {
    key: 'certificateIssuedOn',
    header: 'Ngày cấp chứng chỉ',
    headerEn: 'Certificate issued on',
    kind: 'date',
  },
  {
    key: 'certificateExpiresOn',
    header: 'Ngày hết hạn chứng chỉ',
    headerEn: 'Certificate expires on',
    kind: 'date',
  },
  { key: 'expertiseField', header: 'Lĩnh vực chuyên môn', headerEn: 'Expertise field', kind: 'expertise' },
  { key: 'expertiseBasis', header: 'Căn cứ chuyên môn', headerEn: 'Expertise basis', kind: 'text' },
]

/** "Mã cơ quan", "ma co quan", "MA_CO_QUAN" and "agencyId" all name one column. */
export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')

const COLUMN_BY_NAME = new Map<string, Column>()
for (const c of STAFF_COLUMNS)
  for (const name of [c.header, c.headerEn, c.key]) COLUMN_BY_NAME.set(fold(name), c)

/** The values each kind of cell accepts, folded; the first is what the template shows. */
const BOOLEANS = new Map([
  ...['co', 'x', '1', 'true', 'yes', 'dung'].map((v) => [v, true] as const),
  ...['khong', '0', 'false', 'no', 'sai'].map((v) => [v, false] as const),
])
const CATEGORY_NAMES = new Map<string, (typeof CATEGORIES)[number]>([
  ['congchuc', 'civil_servant'],
  ['civilservant', 'civil_servant'],
  ['vienchuc', 'public_employee'],
  ['publicemployee', 'public_employee'],
])
const EXPERTISE_NAMES = new Map<string, (typeof EXPERTISE_FIELDS)[number]>([
  ['khoahoc', 'science'],
  ['science', 'science'],
  ['congnghe', 'technology'],
  ['technology', 'technology'],
  ['chuyendoiso', 'digital_transformation'],
  ['digitaltransformation', 'digital_transformation'],
])

export interface Problem {
  row: number
  column: string | null
  code: string
  text: Localised
}

const problem = (row: number, column: Column | null, code: string, text: Localised): Problem => ({
  row,
  column: column?.header ?? null,
  code,
  text,
})

/** The columns the header names, or the problems with it (unknown, repeated, missing columns). */
export function mapHeader(header: string[]): { columns: (Column | null)[]; problems: Problem[] } {
  const problems: Problem[] = []
  const seen = new Set<Column>()
  const columns = header.map((name) => {
    const column = COLUMN_BY_NAME.get(fold(name)) ?? null
    if (!column)
      problems.push(
        problem(1, null, 'UNKNOWN_COLUMN', {
          vi: `Cột “${name || '(trống)'}” không thuộc mẫu danh sách cán bộ.`,
          en: `Column "${name || '(blank)'}" is not one of the staff list's columns.`,
        }),
      )
    else if (seen.has(column))
      problems.push(
        problem(1, column, 'REPEATED_COLUMN', {
          vi: `Cột “${column.header}” xuất hiện hai lần.`,
          en: `Column "${column.headerEn}" appears twice.`,
        }),
      )
    else seen.add(column)
    return column
  })
  for (const column of STAFF_COLUMNS)
    if (column.required && !seen.has(column))
      problems.push(
        problem(1, column, 'MISSING_COLUMN', {
          vi: `Thiếu cột bắt buộc “${column.header}”.`,
          en: `The required column "${column.headerEn}" is missing.`,
        }),
      )
  return { columns, problems }
}

const pad = (n: number) => String(n).padStart(2, '0')
const isoOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

/** A day as YYYY-MM-DD or dd/mm/yyyy (how Vietnamese spreadsheets write it), or an Excel date. */
function dayOf(cell: Cell): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : isoOf(cell)
  const text = String(cell).trim()
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  const iso = vn ? `${vn[3]}-${pad(Number(vn[2]))}-${pad(Number(vn[1]))}` : text
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && isoOf(date) === iso ? iso : undefined
}

const KIND_TEXT: Record<Exclude<Kind, 'text'>, Localised> = {
  boolean: { vi: '“Có” hoặc “Không”', en: '"Có" (yes) or "Không" (no)' },
  date: { vi: 'một ngày dạng dd/mm/yyyy', en: 'a day as dd/mm/yyyy or YYYY-MM-DD' },
  category: {
    vi: '“Công chức” hoặc “Viên chức”',
    en: '"Công chức" (civil servant) or "Viên chức" (public employee)',
  },
  expertise: {
    vi: '“Khoa học”, “Công nghệ” hoặc “Chuyển đổi số”',
    en: '"Khoa học" (science), "Công nghệ" (technology) or "Chuyển đổi số" (digital transformation)',
  },
}

function readCell(column: Column, cell: Cell): { ok: true; value: unknown } | { ok: false } {
  if (column.kind === 'text')
    return { ok: true, value: cell instanceof Date ? isoOf(cell) : String(cell).trim() }
  if (column.kind === 'date') {
    const day = dayOf(cell)
    return day ? { ok: true, value: day } : { ok: false }
  }
  if (column.kind === 'boolean' && typeof cell === 'boolean') return { ok: true, value: cell }
  const folded = fold(String(cell))
  const table = { boolean: BOOLEANS, category: CATEGORY_NAMES, expertise: EXPERTISE_NAMES }[column.kind]
  const value = (table as Map<string, unknown>).get(folded)
  return value === undefined ? { ok: false } : { ok: true, value }
}

/** The checks of one record beyond its types, for a row of a file and a record entered alike. */
export function recordProblems(
  input: StaffInput,
  today: string,
): { field: keyof StaffInput; code: string; text: Localised }[] {
  const found: { field: keyof StaffInput; code: string; text: Localised }[] = []
  if (input.digitalTrainedOn && input.digitalTrainedOn > today)
    found.push({
      field: 'digitalTrainedOn',
      code: 'DATE_IN_FUTURE',
      text: { vi: 'Ngày tập huấn chưa đến.', en: 'The training day has not come yet.' },
    })
  const hasCertificate = Boolean(
    input.certificateNumber || input.certificateIssuedOn || input.certificateExpiresOn,
  )
  if (
    hasCertificate &&
    (!input.certificateNumber ||
      !input.certificateIssuedOn ||
      input.certificateIssuedOn > today ||
      (input.certificateExpiresOn && input.certificateExpiresOn <= input.certificateIssuedOn))
  )
    found.push({
      field: input.certificateNumber ? 'certificateIssuedOn' : 'certificateNumber',
      code: 'CERTIFICATE_DATES',
      text: {
        vi: 'Chứng chỉ cần số và ngày cấp (đã qua); ngày hết hạn phải sau ngày cấp.',
        en: 'A certificate needs its number and the day it was issued (past); it expires after that day.',
      },
    })
  return found
}

export interface CheckedSheet {
  records: StaffInput[]
  problems: Problem[]
}

/**
 * Every row of the file, read and checked: `agencyOk` says whether the importer may enter records
 * for an agency id (null: no such agency). Rows with problems are reported, never written.
 */
export function checkSheet(
  sheet: Sheet,
  context: { today: string; agency: (id: string) => 'ok' | 'unknown' | 'outside' },
  onProgress?: (done: number) => void,
): CheckedSheet {
  const problems: Problem[] = []
  if (sheet.tooMany)
    return {
      records: [],
      problems: [
        problem(0, null, 'TOO_MANY_ROWS', {
          vi: `Tệp có hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng: chia thành nhiều tệp nhỏ hơn.`,
          en: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows: split it into smaller files.`,
        }),
      ],
    }
  const header = mapHeader(sheet.header)
  if (header.problems.length > 0) return { records: [], problems: header.problems }
  if (sheet.rows.length === 0)
    return {
      records: [],
      problems: [
        problem(0, null, 'NO_ROWS', {
          vi: 'Tệp không có dòng dữ liệu nào.',
          en: 'The file has no data rows.',
        }),
      ],
    }
  const records: StaffInput[] = []
  const firstRow = new Map<string, number>()
  for (const [i, { line, cells }] of sheet.rows.entries()) {
    if (onProgress && i % 1000 === 0) onProgress(i)
    const before = problems.length
    const record: Record<string, unknown> = { itStaff: false, leader: false }
    if (
      cells.length > header.columns.length &&
      cells.slice(header.columns.length).some((c) => c !== null && String(c).trim() !== '')
    )
      problems.push(
        problem(line, null, 'EXTRA_CELLS', {
          vi: 'Dòng có nhiều ô hơn số cột tiêu đề.',
          en: 'The row has more cells than the header has columns.',
        }),
      )
    for (const [j, column] of header.columns.entries()) {
      const cell = cells[j] ?? null
      if (!column) continue
      if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
        if (column.required)
          problems.push(
            problem(line, column, 'MISSING_VALUE', {
              vi: `Thiếu “${column.header}”.`,
              en: `"${column.headerEn}" is empty.`,
            }),
          )
        continue
      }
      const read = readCell(column, cell)
      if (!read.ok) {
        const kind = KIND_TEXT[column.kind as Exclude<Kind, 'text'>]
        problems.push(
          problem(line, column, 'WRONG_TYPE', {
            vi: `“${column.header}” phải là ${kind.vi}, không phải “${String(cell)}”.`,
            en: `"${column.headerEn}" must be ${kind.en}, not "${String(cell)}".`,
          }),
        )
        continue
      }
      record[column.key] = read.value
    }
    if (problems.length > before) continue
    // The types and lengths are those of the API's own schema: one source of validation.
    for (const issue of Value.Errors(StaffBody, record)) {
      const key = issue.instancePath.replace(/^\//, '')
      const column = STAFF_COLUMNS.find((c) => c.key === key) ?? null
      problems.push(
        problem(line, column, 'WRONG_VALUE', {
          vi: `“${column?.header ?? key}”: giá trị không hợp lệ (${issue.message}).`,
          en: `"${column?.headerEn ?? key}": the value is not valid (${issue.message}).`,
        }),
      )
      break
    }
    if (problems.length > before) continue
    const input = record as StaffInput
    const agency = context.agency(input.agencyId)
    const agencyColumn = STAFF_COLUMNS[0]!
    if (agency === 'unknown')
      problems.push(
        problem(line, agencyColumn, 'UNKNOWN_AGENCY', {
          vi: `Không có cơ quan mang mã “${input.agencyId}”.`,
          en: `There is no agency with the id "${input.agencyId}".`,
        }),
      )
    else if (agency === 'outside')
      problems.push(
        problem(line, agencyColumn, 'OUTSIDE_JURISDICTION', {
          vi: `Cơ quan “${input.agencyId}” ngoài phạm vi quản lý của bạn.`,
          en: `Agency "${input.agencyId}" is outside your jurisdiction.`,
        }),
      )
    for (const p of recordProblems(input, context.today))
      problems.push(problem(line, STAFF_COLUMNS.find((c) => c.key === p.field) ?? null, p.code, p.text))
    const key = `${input.agencyId}\u0000${input.staffCode}`
    const first = firstRow.get(key)
    if (first !== undefined)
      problems.push(
        problem(line, STAFF_COLUMNS[1]!, 'DUPLICATE_ROW', {
          vi: `Cán bộ “${input.staffCode}” của cơ quan ${input.agencyId} đã có ở dòng ${first}.`,
          en: `Staff "${input.staffCode}" of agency ${input.agencyId} is already on row ${first}.`,
        }),
      )
    else firstRow.set(key, line)
    if (problems.length === before) records.push(input)
  }
  onProgress?.(sheet.rows.length)
  return { records, problems }
}

/** The template's header row, for the page's download and the documentation. */
export const templateHeader = () => STAFF_COLUMNS.map((c) => c.header)
