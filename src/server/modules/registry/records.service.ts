import canonicalize from 'canonicalize'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { genderCenturyDigit } from '../../country/quality-rules'
import type { Db, Tx } from '../../db'
import { prepared } from '../../db/prepared'
import { rowsOf } from '../../db/rows'
import { badRequest } from '../../errors'
import { appendAudit } from '../audit/service'
import { invalidPin, invalidTaxCode } from './errors'
import { businessRecords, populationRecords } from './schema'
import { iso } from './sql'
import type { BusinessData, BusinessRecord, PersonData, PersonRecord } from './types'

export const PIN = /^\d{12}$/
/** 10 digits; a branch or dependent unit adds "-" and 3 digits. */
export const TAX_CODE = /^\d{10}(-\d{3})?$/

export function assertPin(pin: unknown, field = 'pin'): asserts pin is string {
  if (typeof pin !== 'string' || !PIN.test(pin)) throw invalidPin(field)
}

export function assertTaxCode(taxCode: unknown, field = 'taxCode'): asserts taxCode is string {
  if (typeof taxCode !== 'string' || !TAX_CODE.test(taxCode)) throw invalidTaxCode(field)
}

function assertSource(source: string) {
  if (typeof source !== 'string' || source.trim().length === 0 || source.length > 200) {
    throw badRequest(
      'SOURCE_REQUIRED',
      { vi: 'Cần nêu nguồn của dữ liệu.', en: 'Name the source of the data.' },
      'source',
    )
  }
}

// Advisory-lock classes: one writer per record at a time (two keys, apart from the audit chain's lock).
const PERSON_LOCK = 7366100
const BUSINESS_LOCK = 7366101

/** A plain JSON copy without undefined members, as jsonb will store it. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Names of the top-level fields whose values differ. */
function changedFields(before: object | undefined, after: object): string[] {
  const a = (before ?? {}) as Record<string, unknown>
  const b = after as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return keys.filter((k) => canonicalize(a[k] ?? null) !== canonicalize(b[k] ?? null))
}

type PersonRow = typeof populationRecords.$inferSelect
type BusinessRow = typeof businessRecords.$inferSelect

const personOf = (row: PersonRow): PersonRecord => ({
  pin: row.pin,
  version: row.version,
  data: row.data,
  source: row.source,
  recordedBy: row.recordedBy,
  validFrom: iso(row.validFrom)!,
  validTo: iso(row.validTo),
})

const businessOf = (row: BusinessRow): BusinessRecord => ({
  taxCode: row.taxCode,
  version: row.version,
  data: row.data,
  source: row.source,
  recordedBy: row.recordedBy,
  validFrom: iso(row.validFrom)!,
  validTo: iso(row.validTo),
})

/** The table-specific steps of recording a new version of a record (a person's or a business's). */
interface Versioned<Row extends { id: number | string; version: number; data: object }> {
  entity: 'person' | 'business'
  lock: number
  key: string
  current(tx: Tx): Promise<Row | undefined>
  close(tx: Tx, row: Row, at: Date): Promise<unknown>
  open(tx: Tx, version: number, at: Date): Promise<Row>
}

/**
 * Records what `source` says about a person or a business: the first version, or a new one when the
 * data changed (the current version is closed, valid_to = now, and version + 1 opens at the same
 * instant), in one transaction with its audit event, one writer per record at a time. Data equal to
 * the current version changes nothing. The audit event names the changed fields, never their values:
 * personal data stays in the registry.
 */
async function recordVersion<Row extends { id: number | string; version: number; data: object }>(
  db: Db,
  actor: string | null,
  data: object,
  source: string,
  record: Versioned<Row>,
): Promise<{ row: Row; changed: boolean }> {
  assertSource(source)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${record.lock}, hashtext(${record.key}))`)
    const current = await record.current(tx)
    const fields = changedFields(current?.data, data)
    if (current && fields.length === 0) return { row: current, changed: false }
    const now = new Date()
    if (current) await record.close(tx, current, now)
    const version = (current?.version ?? 0) + 1
    const row = await record.open(tx, version, now)
    await appendAudit(tx, {
      actorId: actor,
      action: `registry.${record.entity}.${current ? 'updated' : 'created'}`,
      entity: record.entity,
      entityId: record.key,
      data: { version, source, fields },
    })
    return { row, changed: true }
  })
}

/** Records what `source` says about a person ({@link recordVersion}). */
export async function recordPerson(
  db: Db,
  actor: string | null,
  pin: string,
  data: PersonData,
  source: string,
): Promise<PersonRecord & { changed: boolean }> {
  assertPin(pin)
  const value = plain(data)
  const { row, changed } = await recordVersion<PersonRow>(db, actor, value, source, {
    entity: 'person',
    lock: PERSON_LOCK,
    key: pin,
    current: async (tx) =>
      (
        await tx
          .select()
          .from(populationRecords)
          .where(and(eq(populationRecords.pin, pin), isNull(populationRecords.validTo)))
      )[0],
    close: (tx, row, at) =>
      tx.update(populationRecords).set({ validTo: at }).where(eq(populationRecords.id, row.id)),
    open: async (tx, version, at) =>
      (
        await tx
          .insert(populationRecords)
          .values({
            pin,
            version,
            data: value,
            provinceCode: value.provinceCode ?? '',
            communeCode: value.communeCode ?? '',
            source,
            recordedBy: actor,
            validFrom: at,
          })
          .returning()
      )[0]!,
  })
  return { ...personOf(row), changed }
}

/** The current version of a person's record, or null. */
export async function getPerson(db: Db | Tx, pin: string): Promise<PersonRecord | null> {
  assertPin(pin)
  const statement = prepared(db, 'person_by_pin', (db, name) =>
    db
      .select()
      .from(populationRecords)
      .where(and(eq(populationRecords.pin, sql.placeholder('pin')), isNull(populationRecords.validTo)))
      .prepare(name),
  )
  const [row] = await statement.execute({ pin })
  return row ? personOf(row) : null
}

/** Current records, read through a {@link recordReader}. */
export interface RecordReader {
  person(pin: string): Promise<PersonRecord | null>
  business(taxCode: string): Promise<BusinessRecord | null>
}

/**
 * Reads current records and remembers them: one filing reads its applicant once, whatever it reads
 * them for (routing it, prefilling its form), and sees one version of them throughout. Each use
 * is still logged with its own purpose. Live for one request only.
 */
export function recordReader(db: Db | Tx): RecordReader {
  const people = new Map<string, Promise<PersonRecord | null>>()
  const businesses = new Map<string, Promise<BusinessRecord | null>>()
  const remembered = <T>(seen: Map<string, Promise<T>>, key: string, read: () => Promise<T>) => {
    let record = seen.get(key)
    if (!record) {
      record = read()
      seen.set(key, record)
    }
    return record
  }
  return {
    person: (pin) => remembered(people, pin, () => getPerson(db, pin)),
    business: (taxCode) => remembered(businesses, taxCode, () => getBusiness(db, taxCode)),
  }
}

/** Every version of a person's record, oldest first. */
export async function personHistory(db: Db, pin: string): Promise<PersonRecord[]> {
  assertPin(pin)
  const rows = await db
    .select()
    .from(populationRecords)
    .where(eq(populationRecords.pin, pin))
    .orderBy(asc(populationRecords.version))
  return rows.map(personOf)
}

/** Records what `source` says about a business ({@link recordVersion}). */
export async function recordBusiness(
  db: Db,
  actor: string | null,
  taxCode: string,
  data: BusinessData,
  source: string,
): Promise<BusinessRecord & { changed: boolean }> {
  assertTaxCode(taxCode)
  const value = plain(data)
  const { row, changed } = await recordVersion<BusinessRow>(db, actor, value, source, {
    entity: 'business',
    lock: BUSINESS_LOCK,
    key: taxCode,
    current: async (tx) =>
      (
        await tx
          .select()
          .from(businessRecords)
          .where(and(eq(businessRecords.taxCode, taxCode), isNull(businessRecords.validTo)))
      )[0],
    close: (tx, row, at) =>
      tx.update(businessRecords).set({ validTo: at }).where(eq(businessRecords.id, row.id)),
    open: async (tx, version, at) =>
      (
        await tx
          .insert(businessRecords)
          .values({
            taxCode,
            version,
            data: value,
            provinceCode: value.provinceCode ?? '',
            source,
            recordedBy: actor,
            validFrom: at,
          })
          .returning()
      )[0]!,
  })
  return { ...businessOf(row), changed }
}

export async function getBusiness(db: Db | Tx, taxCode: string): Promise<BusinessRecord | null> {
  assertTaxCode(taxCode)
  const [row] = await db
    .select()
    .from(businessRecords)
    .where(and(eq(businessRecords.taxCode, taxCode), isNull(businessRecords.validTo)))
  return row ? businessOf(row) : null
}

export async function businessHistory(db: Db, taxCode: string): Promise<BusinessRecord[]> {
  assertTaxCode(taxCode)
  const rows = await db
    .select()
    .from(businessRecords)
    .where(eq(businessRecords.taxCode, taxCode))
    .orderBy(asc(businessRecords.version))
  return rows.map(businessOf)
}

/** Current records of several people at once (prefill reads the applicant and their family together). */
export async function getPeople(db: Db | Tx, pins: string[]): Promise<Map<string, PersonRecord>> {
  if (pins.length === 0) return new Map()
  for (const pin of pins) assertPin(pin)
  const rows = await db
    .select()
    .from(populationRecords)
    .where(and(sql`${populationRecords.pin} in ${pins}`, isNull(populationRecords.validTo)))
  return new Map(rows.map((row) => [row.pin, personOf(row)]))
}

/** A living person whose birthday at a given age falls in a window (see {@link peopleReachingAge}). */
export interface AgeReached {
  pin: string
  age: number
  /** The birthday at that age (YYYY-MM-DD). */
  birthday: string
  communeCode: string
  fatherPin: string | null
  motherPin: string | null
}

/**
 * The living people whose birthday at one of `years` falls between `from` and `to` (days,
 * inclusive), from their current records: for a procedure the law ties to an age, told to the
 * person ahead of it. The caller logs each read with its purpose (logRegistryAccess).
 */
export async function peopleReachingAge(
  db: Db,
  query: { years: readonly number[]; from: string; to: string },
): Promise<AgeReached[]> {
  if (query.years.length === 0) return []
  // Birth dates are ISO text, so each age's window is a range of them (one scan for every age).
  return rowsOf<AgeReached>(
    db,
    sql`select r.pin, a.age,
          to_char((r.data ->> 'birthDate')::date + make_interval(years => a.age), 'YYYY-MM-DD') as birthday,
          r.commune_code as "communeCode",
          r.data ->> 'fatherPin' as "fatherPin", r.data ->> 'motherPin' as "motherPin"
        from ${populationRecords} r
        join (select unnest(${`{${query.years.join(',')}}`}::int[]) as age) a
          on r.data ->> 'birthDate'
             between to_char(${query.from}::date - make_interval(years => a.age), 'YYYY-MM-DD')
                 and to_char(${query.to}::date - make_interval(years => a.age), 'YYYY-MM-DD')
        where r.valid_to is null and coalesce((r.data ->> 'deceased')::boolean, false) = false
        order by birthday, r.pin`,
  )
}

// ——— Bulk loading (the generator and imports): many first versions per statement ———

/**
 * Inserts first versions of many people in one statement (rows travel as one JSON parameter, so a
 * batch is not bounded by the 65,535 parameters of a statement). The pins must be new.
 * The caller audits the batch; no event per row.
 */
export async function insertPeopleBatch(
  tx: Db | Tx,
  people: { pin: string; data: PersonData }[],
  source: string,
  actor: string | null = null,
): Promise<number> {
  if (people.length === 0) return 0
  for (const p of people) assertPin(p.pin)
  const json = JSON.stringify(people)
  await tx.execute(sql`
    insert into population_records (pin, version, data, province_code, commune_code, source, recorded_by)
    select r->>'pin', 1, r->'data', coalesce(r->'data'->>'provinceCode', ''),
           coalesce(r->'data'->>'communeCode', ''), ${source}, ${actor}
    from jsonb_array_elements(${json}::jsonb) as r`)
  return people.length
}

export async function insertBusinessesBatch(
  tx: Db | Tx,
  businesses: { taxCode: string; data: BusinessData }[],
  source: string,
  actor: string | null = null,
): Promise<number> {
  if (businesses.length === 0) return 0
  for (const b of businesses) assertTaxCode(b.taxCode)
  const json = JSON.stringify(businesses)
  await tx.execute(sql`
    insert into business_records (tax_code, version, data, province_code, source, recorded_by)
    select r->>'taxCode', 1, r->'data', coalesce(r->'data'->>'provinceCode', ''), ${source}, ${actor}
    from jsonb_array_elements(${json}::jsonb) as r`)
  return businesses.length
}

/**
 * The highest serial in use per pin prefix (digits 1–6: birth province, gender-century, year), so that
 * a generator continues after the pins already recorded instead of colliding with them.
 */
export async function pinSerialsInUse(db: Db): Promise<Map<string, number>> {
  const rows = await rowsOf<{ prefix: string; serial: string }>(
    db,
    sql`select substr(pin, 1, 6) as prefix, max(substr(pin, 7, 6)) as serial
        from population_records where pin ~ '^[0-9]{12}$' group by 1`,
  )
  return new Map(rows.map((r) => [r.prefix, Number(r.serial)]))
}

/** The highest serial in use per tax-code prefix (the 2-digit province). */
export async function taxSerialsInUse(db: Db): Promise<Map<string, number>> {
  const rows = await rowsOf<{ prefix: string; serial: string }>(
    db,
    sql`select substr(tax_code, 1, 2) as prefix, max(substr(tax_code, 3, 8)) as serial
        from business_records where tax_code ~ '^[0-9]{10}$' group by 1`,
  )
  return new Map(rows.map((r) => [r.prefix, Number(r.serial)]))
}

export async function countRecords(db: Db): Promise<{ people: number; businesses: number }> {
  const [row] = await rowsOf<{ people: number; businesses: number }>(
    db,
    sql`select (select count(*)::int from population_records where valid_to is null) as people,
               (select count(*)::int from business_records where valid_to is null) as businesses`,
  )
  return { people: Number(row?.people ?? 0), businesses: Number(row?.businesses ?? 0) }
}

/**
 * Registers a newborn (birth registration's effect on the population registry): a new personal id
 * number — birth province, gender and century, year of birth, then the next serial of that prefix —
 * and the child's first record, in one transaction.
 */
export async function registerBirth(
  db: Db,
  actor: string | null,
  data: PersonData,
  source: string,
): Promise<PersonRecord> {
  return db.transaction(async (tx) => {
    const year = Number(data.birthDate.slice(0, 4))
    const prefix = `0${data.provinceCode}${genderCenturyDigit(data.gender, year)}${String(year).slice(2)}`
    // One allocator per prefix at a time, so that two births never get the same number.
    await tx.execute(sql`select pg_advisory_xact_lock(${PERSON_LOCK}, hashtext(${prefix}))`)
    const [last] = await rowsOf<{ serial: string | null }>(
      tx,
      sql`select max(substr(pin, 7, 6)) as serial from population_records where pin like ${`${prefix}%`}`,
    )
    const pin = `${prefix}${String(Number(last?.serial ?? 0) + 1).padStart(6, '0')}`
    const { changed: _changed, ...record } = await recordPerson(tx, actor, pin, data, source)
    return record
  })
}
