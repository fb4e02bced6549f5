import { createHash } from 'node:crypto'
import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../../db'
import { writeTogether } from '../../../db/together'
import { AppError, forbidden } from '../../../errors'
import { appendAudit } from '../../audit/service'
import { workingCalendar } from '../../calendar/service'
import { publish } from '../../events/service'
import { agencyTree, getAgency, inJurisdiction, type Principal } from '../../identity/service'
import { importRefused, recordNotFound, STAFF, staffCodeTaken } from '../errors'
import { agenciesInView, assertCanEnter } from '../scope'
import { readSheet } from '../sheet'
import { checkSheet, MAX_IMPORT_ROWS, type Problem, recordProblems } from './import'
import { govStaff, govStaffImports } from './schema'
import type { Staff, StaffFilter, StaffInput, StaffPage } from './types'

type Row = typeof govStaff.$inferSelect
/** `at` backdates a change: only the demo generator, replaying history, sets it. */
type When = { at?: Date }

const localDay = (at: Date) => workingCalendar().localDay(at)

/** A certificate in force on a day: issued by then, and not yet expired. */
const certifiedOn = (day: string) =>
  sql`${govStaff.certificateIssuedOn} is not null and ${govStaff.certificateIssuedOn} <= ${day} and (${govStaff.certificateExpiresOn} is null or ${govStaff.certificateExpiresOn} >= ${day})`

/**
 * The staff conditions as of a moment: one definition behind the dashboard's counters, the
 * summary of the list and the records behind a figure. A leader qualifies with expertise in
 * science, technology or digital transformation on record.
 */
export const STAFF_COUNTERS = {
  'staff.total': () => sql`true`,
  'staff.trained': (until: Date) =>
    sql`${govStaff.digitalTrainedOn} is not null and ${govStaff.digitalTrainedOn} <= ${localDay(until)}`,
  'staff.it': () => sql`${govStaff.itStaff}`,
  'staff.it_certified': (until: Date) => sql`${govStaff.itStaff} and ${certifiedOn(localDay(until))}`,
  'staff.leaders': () => sql`${govStaff.leader}`,
  'staff.leaders_qualified': () => sql`${govStaff.leader} and ${govStaff.expertiseField} is not null`,
} as const satisfies Record<string, (until: Date) => SQL>

const counterColumns = (until: Date) => {
  const columns: Record<string, SQL<number>> = {}
  for (const [name, condition] of Object.entries(STAFF_COUNTERS))
    columns[name] = sql<number>`count(*) filter (where ${condition(until)})::int`
  return columns
}

function view(row: Row, agencyName: string, today: string): Staff {
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyName,
    staffCode: row.staffCode,
    fullName: row.fullName,
    category: row.category,
    position: row.position,
    itStaff: row.itStaff,
    leader: row.leader,
    digitalTrainedOn: row.digitalTrainedOn,
    digitalCourse: row.digitalCourse,
    certificateNumber: row.certificateNumber,
    certificateIssuedOn: row.certificateIssuedOn,
    certificateExpiresOn: row.certificateExpiresOn,
    certified:
      row.certificateIssuedOn !== null &&
      row.certificateIssuedOn <= today &&
      (row.certificateExpiresOn === null || row.certificateExpiresOn >= today),
    expertiseField: row.expertiseField,
    expertiseBasis: row.expertiseBasis,
    updatedAt: row.updatedAt.toISOString(),
  }
}

const blankToNull = (text: string | null | undefined) => (text?.trim() ? text.trim() : null)

/** The columns a record sets, from what was entered or imported. */
const columnsOf = (input: StaffInput) => ({
  agencyId: input.agencyId,
  staffCode: input.staffCode.trim(),
  fullName: input.fullName.trim(),
  category: input.category,
  position: blankToNull(input.position),
  itStaff: input.itStaff ?? false,
  leader: input.leader ?? false,
  digitalTrainedOn: input.digitalTrainedOn ?? null,
  digitalCourse: blankToNull(input.digitalCourse),
  certificateNumber: blankToNull(input.certificateNumber),
  certificateIssuedOn: input.certificateIssuedOn ?? null,
  certificateExpiresOn: input.certificateExpiresOn ?? null,
  expertiseField: input.expertiseField ?? null,
  expertiseBasis: blankToNull(input.expertiseBasis),
})

function assertValid(input: StaffInput, today: string) {
  const [first] = recordProblems(input, today)
  if (first) throw new AppError(400, first.code, first.text, first.field)
}

/** Audit and event data: which record, of which agency, what it counts for; never the name. */
const marks = (row: Row) => ({
  staffId: row.id,
  agencyId: row.agencyId,
  itStaff: row.itStaff,
  leader: row.leader,
})

/** One staff record, entered by an administrator of its agency (or of one above it). */
export async function createStaff(
  db: Db,
  principal: Principal,
  input: StaffInput,
  options: When = {},
): Promise<Staff> {
  const now = options.at ?? new Date()
  const agency = await assertCanEnter(db, principal, input.agencyId)
  assertValid(input, localDay(now))
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(govStaff)
      .values({ ...columnsOf(input), createdBy: principal.userId, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning()
    if (!row) throw staffCodeTaken()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.staff_recorded',
        entity: 'gov_staff',
        entityId: row.id,
        data: marks(row),
      }),
      publish(tx, { name: 'governance.staff_recorded', payload: marks(row) }),
    ])
    return view(row, agency.name, localDay(now))
  })
}

/** Its record changed: a training done, a certificate obtained or renewed, a new position. */
export async function updateStaff(
  db: Db,
  principal: Principal,
  id: string,
  input: StaffInput,
): Promise<Staff> {
  const now = new Date()
  const existing = await visibleStaff(db, principal, id)
  // Moving a record to another agency needs the right to enter records for both.
  await assertCanEnter(db, principal, existing.agencyId)
  const agency = await assertCanEnter(db, principal, input.agencyId)
  assertValid(input, localDay(now))
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(govStaff)
      .set({ ...columnsOf(input), updatedAt: now })
      .where(eq(govStaff.id, id))
      .returning()
      .catch((error: { code?: string; cause?: { code?: string } }) => {
        if ((error.cause?.code ?? error.code) === '23505') throw staffCodeTaken()
        throw error
      })
    const row = rows[0]!
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'governance.staff_updated',
        entity: 'gov_staff',
        entityId: id,
        data: marks(row),
      }),
      publish(tx, { name: 'governance.staff_updated', payload: marks(row) }),
    ])
    return view(row, agency.name, localDay(now))
  })
}

async function visibleStaff(db: Db, principal: Principal, id: string): Promise<Row> {
  const [row] = await db.select().from(govStaff).where(eq(govStaff.id, id))
  if (!row || !inJurisdiction(principal, (await getAgency(db, row.agencyId)).path))
    throw recordNotFound(STAFF)
  return row
}

export async function getStaff(db: Db, principal: Principal, id: string): Promise<Staff> {
  const row = await visibleStaff(db, principal, id)
  return view(row, (await getAgency(db, row.agencyId)).name, localDay(new Date()))
}

/** The staff of the agencies in view, with the counts behind the three staff targets. */
export async function listStaff(db: Db, principal: Principal, filter: StaffFilter): Promise<StaffPage> {
  const { ids } = await agenciesInView(db, principal, filter.agencyId)
  const now = new Date()
  const scope = ids === null ? undefined : inArray(govStaff.agencyId, ids)
  const where = and(
    scope,
    filter.group === 'it' ? eq(govStaff.itStaff, true) : undefined,
    filter.group === 'leaders' ? eq(govStaff.leader, true) : undefined,
    filter.q
      ? or(ilike(govStaff.fullName, `%${filter.q}%`), ilike(govStaff.staffCode, `%${filter.q}%`))
      : undefined,
  )
  const [rows, [counts], [total]] = await Promise.all([
    db
      .select()
      .from(govStaff)
      .where(where)
      .orderBy(asc(govStaff.agencyId), asc(govStaff.staffCode))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select(counterColumns(now)).from(govStaff).where(scope),
    db.select({ n: sql<number>`count(*)::int` }).from(govStaff).where(where),
  ])
  const c = counts as Record<string, number>
  const names = new Map<string, string>()
  for (const row of rows)
    if (!names.has(row.agencyId)) names.set(row.agencyId, (await getAgency(db, row.agencyId)).name)
  const today = localDay(now)
  return {
    summary: {
      staff: Number(c['staff.total'] ?? 0),
      trained: Number(c['staff.trained'] ?? 0),
      it: Number(c['staff.it'] ?? 0),
      itCertified: Number(c['staff.it_certified'] ?? 0),
      leaders: Number(c['staff.leaders'] ?? 0),
      leadersQualified: Number(c['staff.leaders_qualified'] ?? 0),
    },
    total: total?.n ?? 0,
    items: rows.map((row) => view(row, names.get(row.agencyId)!, today)),
  }
}

export type ImportPhase = 'reading' | 'checking' | 'writing'
export interface StaffImportResult {
  imported: boolean
  importId: string | null
  rows: number
  created: number
  updated: number
  problems: Problem[]
}

/** Rows written per statement: 14 values each, well under PostgreSQL's 65,535 parameters. */
const BATCH = 1000

/**
 * Imports a staff spreadsheet (XLSX or CSV): reads and checks every row, and writes them all in
 * one transaction only when none has a problem (a record already there, by agency and staff code,
 * is updated). `principal` null is the operator at the command line, who may import for any
 * agency. A refused file is reported with every problem and changes nothing.
 */
export async function importStaff(
  db: Db,
  principal: Principal | null,
  file: { bytes: Buffer; fileName?: string },
  onProgress?: (phase: ImportPhase, done: number, total: number) => void,
  options: When = {},
): Promise<StaffImportResult> {
  const now = options.at ?? new Date()
  if (principal && !principal.agencyId) throw forbidden()
  const sheet = await readSheet(file.bytes, {
    maxRows: MAX_IMPORT_ROWS,
    onRow: (n) => onProgress?.('reading', n, 0),
  })
  const tree = await agencyTree(db)
  const paths = new Map(tree.map((a) => [a.id, a.path]))
  const total = sheet.rows.length
  const checked = checkSheet(
    sheet,
    {
      today: localDay(now),
      agency: (id) => {
        const path = paths.get(id)
        if (path === undefined) return 'unknown'
        return principal === null || inJurisdiction(principal, path) ? 'ok' : 'outside'
      },
    },
    (done) => onProgress?.('checking', done, total),
  )
  const refused = { imported: false, importId: null, rows: total, created: 0, updated: 0 }
  if (checked.problems.length > 0) return { ...refused, problems: checked.problems }

  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  return db.transaction(async (tx) => {
    let created = 0
    for (let i = 0; i < checked.records.length; i += BATCH) {
      const written = await tx
        .insert(govStaff)
        .values(
          checked.records.slice(i, i + BATCH).map((input) => ({
            ...columnsOf(input),
            createdBy: principal?.userId ?? null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [govStaff.agencyId, govStaff.staffCode],
          set: Object.fromEntries(
            [
              'full_name',
              'category',
              'position',
              'it_staff',
              'leader',
              'digital_trained_on',
              'digital_course',
              'certificate_number',
              'certificate_issued_on',
              'certificate_expires_on',
              'expertise_field',
              'expertise_basis',
              'updated_at',
            ].map((column) => [toKey(column), sql.raw(`excluded.${column}`)]),
          ),
        })
        // A row that was inserted has no previous version (xmax 0); an updated one has.
        .returning({ inserted: sql<boolean>`(xmax = 0)` })
      created += written.filter((w) => w.inserted).length
      onProgress?.('writing', Math.min(i + BATCH, total), total)
    }
    const agencyId = principal?.agencyId ?? tree.find((a) => a.parentId === null)!.id
    const [entry] = await tx
      .insert(govStaffImports)
      .values({
        agencyId,
        fileName: file.fileName ?? null,
        sha256,
        rows: total,
        created,
        updated: total - created,
        importedBy: principal?.userId ?? null,
        importedAt: now,
      })
      .returning()
    const summary = { importId: entry!.id, agencyId, rows: total, created, updated: total - created }
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal?.userId ?? null,
        action: 'governance.staff_imported',
        entity: 'gov_staff_import',
        entityId: entry!.id,
        data: { ...summary, sha256, fileName: file.fileName ?? null, via: principal ? 'api' : 'cli' },
      }),
      publish(tx, { name: 'governance.staff_imported', payload: summary }),
    ])
    return {
      imported: true,
      importId: entry!.id,
      rows: total,
      created,
      updated: total - created,
      problems: [],
    }
  })
}

const toKey = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** The imports into the agencies in view, latest first. */
export async function listImports(db: Db, principal: Principal, agencyId?: string) {
  const { ids } = await agenciesInView(db, principal, agencyId)
  const rows = await db
    .select()
    .from(govStaffImports)
    .where(ids === null ? undefined : inArray(govStaffImports.agencyId, ids))
    .orderBy(desc(govStaffImports.importedAt))
    .limit(50)
  return {
    items: rows.map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      fileName: r.fileName,
      rows: r.rows,
      created: r.created,
      updated: r.updated,
      importedAt: r.importedAt.toISOString(),
    })),
  }
}

/** A refused import as an error the API answers with (422), its report beside it. */
export const refusal = (result: StaffImportResult) => importRefused(result.problems.length)

/** Staff counters per agency, as of a moment (hr.digital_skills, hr.data_certified, hr.leadership). */
export async function staffCountsByAgency(db: Db, until: Date) {
  const rows = await db
    .select({ agencyId: govStaff.agencyId, ...counterColumns(until) })
    .from(govStaff)
    .where(sql`${govStaff.createdAt} <= ${until}`)
    .groupBy(govStaff.agencyId)
  return rows.map(({ agencyId, ...counts }) => ({
    agencyId,
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
  }))
}

/** The staff behind a counter, in the agencies given: staff code, position and what counts; never the name. */
export async function staffBehind(
  db: Db,
  query: { counter: string; agencyIds: string[] | null; page: number; pageSize: number },
) {
  const now = new Date()
  const condition = STAFF_COUNTERS[query.counter as keyof typeof STAFF_COUNTERS]
  if (!condition) return { items: [], total: 0 }
  const where = and(query.agencyIds ? inArray(govStaff.agencyId, query.agencyIds) : undefined, condition(now))
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(govStaff)
      .where(where)
      .orderBy(asc(govStaff.agencyId), asc(govStaff.staffCode))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(govStaff).where(where),
  ])
  return {
    total: total?.n ?? 0,
    items: rows.map((row) => ({
      id: row.staffCode,
      label: row.position ?? row.category,
      agencyId: row.agencyId,
      at: row.certificateIssuedOn ?? row.digitalTrainedOn,
      detail: row.expertiseField ?? row.certificateExpiresOn ?? row.digitalCourse,
    })),
  }
}
