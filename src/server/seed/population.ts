import { genderCenturyDigit, qualityRules } from '../country/quality-rules'
import { type AdminUnit, adminUnits } from '../country/units'
import type { Db } from '../db'
import { appendAudit } from '../modules/audit/service'
import {
  type BusinessData,
  insertBusinessesBatch,
  insertPeopleBatch,
  type PersonData,
  pinSerialsInUse,
  taxSerialsInUse,
} from '../modules/registry/service'
import {
  BUSINESS_WORDS,
  COMPANY_FORMS,
  ETHNICITIES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  MIDDLE_NAMES,
} from './population-names'
import { type SeededRandom, seededRandom } from './random'

export interface GenerateOptions {
  people: number
  businesses: number
  /** Same seed (on the same starting data) → same people, pins and businesses. Default 1. */
  seed?: number
  /** Province codes to place people in (default: all 34). Communes are drawn uniformly within them. */
  provinces?: string[]
  /** Rows per INSERT statement (default 5,000). */
  batchSize?: number
  /** The source recorded on every generated version (default "generated"). */
  source?: string
}

export interface GenerateResult {
  people: number
  businesses: number
  households: number
}

/**
 * Ages are computed against a fixed day, not the clock, so that a seed gives the same data any day.
 * Nobody is born after it.
 */
export const REFERENCE_DATE = '2025-07-01'
const REFERENCE_YEAR = Number(REFERENCE_DATE.slice(0, 4))
/** Born on or before this day: 18 or older on the reference date. */
const ADULT_BORN_BY = `${REFERENCE_YEAR - 18}${REFERENCE_DATE.slice(4)}`

type Gender = 'male' | 'female'

const pad = (n: number, width: number) => String(n).padStart(width, '0')

function birthDate(rng: SeededRandom, year: number): string {
  const month = rng.int(1, 12)
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const date = `${year}-${pad(month, 2)}-${pad(rng.int(1, days), 2)}`
  return date > REFERENCE_DATE ? `${year}-01-01` : date
}

/**
 * Generates a synthetic population — households of married couples (spousePin both ways) with their
 * children (fatherPin, motherPin), and single people — and businesses represented by generated adults,
 * and loads them into the registries in large multi-row inserts (one audit event "registry.generated"
 * per batch, not per row). Pins follow the registry's rule: birth province ('0' + province code),
 * gender-and-century digit, the two last digits of the birth year, and a serial that continues after
 * the pins already recorded. Deterministic: the same seed on the same starting data gives the same rows.
 */
export async function generatePopulation(
  db: Db,
  options: GenerateOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<GenerateResult> {
  const { people, businesses } = options
  if (!Number.isInteger(people) || people < 0 || !Number.isInteger(businesses) || businesses < 0) {
    throw new Error('people and businesses must be non-negative integers')
  }
  if (businesses > 0 && people === 0) throw new Error('businesses need generated people as representatives')
  const rng = seededRandom(options.seed ?? 1)
  const source = options.source ?? 'generated'
  const batchSize = options.batchSize ?? 5000
  const rules = qualityRules()
  const units = adminUnits()
  const provinces = options.provinces ?? [...units.provinces.keys()]
  for (const p of provinces) if (!units.provinces.has(p)) throw new Error(`Unknown province code ${p}`)
  const communes = units.communes.filter((c) => provinces.includes(c.provinceCode))
  const total = people + businesses

  const pinSerials = await pinSerialsInUse(db)
  const taxSerials = await taxSerialsInUse(db)
  const nextPin = (provinceCode: string, gender: Gender, date: string) => {
    const year = Number(date.slice(0, 4))
    const prefix = `${rules.correct.pinProvincePrefix}${provinceCode}${genderCenturyDigit(gender, year, rules)}${date.slice(2, 4)}`
    const serial = (pinSerials.get(prefix) ?? 0) + 1
    if (serial > 999_999) throw new Error(`No pin serial left for prefix ${prefix}`)
    pinSerials.set(prefix, serial)
    return `${prefix}${pad(serial, 6)}`
  }

  let done = 0
  let batchNo = 0
  const flush = async <T>(
    rows: T[],
    insert: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], rows: T[]) => Promise<number>,
    kind: 'people' | 'businesses',
  ) => {
    if (rows.length === 0) return
    batchNo++
    await db.transaction(async (tx) => {
      await insert(tx, rows)
      await appendAudit(tx, {
        actorId: null,
        action: 'registry.generated',
        entity: 'registry',
        entityId: kind === 'people' ? 'population' : 'business',
        data: { batch: batchNo, rows: rows.length, seed: options.seed ?? 1, source },
      })
    })
    done += rows.length
    onProgress?.(done, total)
  }

  // Adults who may represent a business: their pin and commune (parallel arrays keep 1M people light).
  const adultPins: string[] = []
  const adultCommunes: number[] = []
  const communeIndex = new Map(communes.map((c, i) => [c.communeCode, i]))

  let buffer: { pin: string; data: PersonData }[] = []
  let made = 0
  let households = 0

  const person = (
    commune: AdminUnit,
    address: string,
    gender: Gender,
    year: number,
    family: string,
    ethnicity: string,
    extra: Partial<PersonData>,
  ) => {
    const date = birthDate(rng, year)
    const pin = nextPin(commune.provinceCode, gender, date)
    const data: PersonData = {
      fullName: `${family} ${rng.pick(MIDDLE_NAMES[gender])} ${rng.pick(GIVEN_NAMES[gender])}`,
      birthDate: date,
      gender,
      ethnicity,
      nationality: 'Việt Nam',
      provinceCode: commune.provinceCode,
      communeCode: commune.communeCode,
      address,
      maritalStatus: 'single',
      ...extra,
    }
    if (date <= ADULT_BORN_BY && !data.deceased) {
      adultPins.push(pin)
      adultCommunes.push(communeIndex.get(commune.communeCode)!)
    }
    return { pin, data }
  }

  while (made < people) {
    households++
    const commune = rng.pick(communes)
    const address = `Số ${rng.int(1, 300)}, tổ ${rng.int(1, 40)}, ${commune.communeType.toLowerCase()} ${commune.communeName}, ${commune.provinceName}`
    const ethnicity = rng.weighted(ETHNICITIES)
    const members: { pin: string; data: PersonData }[] = []
    if (people - made >= 2 && rng.next() < 0.7) {
      const husbandYear = rng.int(1945, REFERENCE_YEAR - 20)
      const wifeYear = Math.min(REFERENCE_YEAR - 18, husbandYear + rng.int(-2, 5))
      const husbandFamily = rng.weighted(FAMILY_NAMES)
      const husband = person(commune, address, 'male', husbandYear, husbandFamily, ethnicity, {
        maritalStatus: 'married',
      })
      const wife = person(commune, address, 'female', wifeYear, rng.weighted(FAMILY_NAMES), ethnicity, {
        maritalStatus: 'married',
      })
      husband.data.spousePin = wife.pin
      wife.data.spousePin = husband.pin
      members.push(husband, wife)
      const first = Math.max(husbandYear, wifeYear) + 20
      const last = Math.min(wifeYear + 40, REFERENCE_YEAR)
      const wanted = first <= last ? [0, 1, 1, 2, 2, 2, 3][rng.int(0, 6)]! : 0
      const children = Math.min(wanted, people - made - 2)
      for (let i = 0; i < children; i++) {
        const gender: Gender = rng.next() < 0.51 ? 'male' : 'female'
        members.push(
          person(commune, address, gender, rng.int(first, last), husbandFamily, ethnicity, {
            fatherPin: husband.pin,
            motherPin: wife.pin,
          }),
        )
      }
    } else {
      const gender: Gender = rng.next() < 0.5 ? 'male' : 'female'
      const year = rng.int(1935, REFERENCE_YEAR - 18)
      const r = rng.next()
      const maritalStatus = r < 0.7 ? 'single' : r < 0.88 ? 'divorced' : 'widowed'
      const deceased = year < 1955 && rng.next() < 0.2
      members.push(
        person(commune, address, gender, year, rng.weighted(FAMILY_NAMES), ethnicity, {
          maritalStatus,
          ...(deceased ? { deceased: true } : {}),
        }),
      )
    }
    made += members.length
    buffer.push(...members)
    if (buffer.length >= batchSize) {
      await flush(buffer, (tx, rows) => insertPeopleBatch(tx, rows, source), 'people')
      buffer = []
    }
  }
  await flush(buffer, (tx, rows) => insertPeopleBatch(tx, rows, source), 'people')

  if (businesses > 0 && adultPins.length === 0) throw new Error('no living adult to represent a business')
  let firms: { taxCode: string; data: BusinessData }[] = []
  for (let i = 0; i < businesses; i++) {
    const k = rng.int(0, adultPins.length - 1)
    const commune = communes[adultCommunes[k]!]!
    const serial = (taxSerials.get(commune.provinceCode) ?? 0) + 1
    if (serial > 99_999_999) throw new Error(`No tax-code serial left for province ${commune.provinceCode}`)
    taxSerials.set(commune.provinceCode, serial)
    const household = rng.next() < 0.2
    const word = rng.pick(BUSINESS_WORDS)
    const y = rng.int(1995, REFERENCE_YEAR - 1)
    const s = rng.next()
    firms.push({
      taxCode: `${commune.provinceCode}${pad(serial, 8)}`,
      data: {
        name: household
          ? `Hộ kinh doanh ${word} ${commune.communeName}`
          : `${rng.pick(COMPANY_FORMS)} ${word} ${commune.communeName}`,
        kind: household ? 'household' : 'company',
        representativePin: adultPins[k]!,
        provinceCode: commune.provinceCode,
        address: `Số ${rng.int(1, 500)}, ${commune.communeType.toLowerCase()} ${commune.communeName}, ${commune.provinceName}`,
        registeredOn: birthDate(rng, y),
        status: s < 0.92 ? 'active' : s < 0.97 ? 'suspended' : 'dissolved',
      },
    })
    if (firms.length >= batchSize) {
      await flush(firms, (tx, rows) => insertBusinessesBatch(tx, rows, source), 'businesses')
      firms = []
    }
  }
  await flush(firms, (tx, rows) => insertBusinessesBatch(tx, rows, source), 'businesses')
  return { people: made, businesses, households }
}
