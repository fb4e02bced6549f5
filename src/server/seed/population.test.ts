import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../tests/helpers/db'
import { adminUnits } from '../country/units'
import type { Database } from '../db'
import { rowsOf } from '../db/rows'
import { countAuditEvents } from '../modules/audit/service'
import { countRecords, dataQualityReport, type PersonData } from '../modules/registry/service'
import { generatePopulation, REFERENCE_DATE } from './population'

const OPTIONS = { people: 2000, businesses: 50, seed: 7, provinces: ['01', '48'], batchSize: 500 }

let a: Database
let b: Database
const progress: [number, number][] = []

beforeAll(async () => {
  ;[a, b] = await Promise.all([testDatabase(), testDatabase()])
  await generatePopulation(a.db, OPTIONS, (done, total) => progress.push([done, total]))
  await generatePopulation(b.db, OPTIONS)
}, 180_000)
afterAll(() => Promise.all([a.close(), b.close()]))

const people = (database: Database) =>
  rowsOf<{ pin: string; data: PersonData }>(
    database.db,
    sql`select pin, data from population_records where valid_to is null order by pin`,
  )
const firms = (database: Database) =>
  rowsOf<{ tax_code: string; data: { name: string; representativePin: string; provinceCode: string } }>(
    database.db,
    sql`select tax_code, data from business_records where valid_to is null order by tax_code`,
  )

describe('generatePopulation', () => {
  it('creates exactly the people and businesses asked for, reporting progress', async () => {
    expect(await countRecords(a.db)).toEqual({ people: 2000, businesses: 50 })
    expect(progress.at(-1)).toEqual([2050, 2050])
    expect(progress.every(([done], i) => i === 0 || done > progress[i - 1]![0])).toBe(true)
  })

  it('audits one event per batch, not per row', async () => {
    const batches = await rowsOf<{ n: number }>(
      a.db,
      sql`select count(*)::int as n from audit_events where action = 'registry.generated'`,
    )
    expect(batches[0]!.n).toBe(progress.length)
    expect(batches[0]!.n).toBeLessThan(10)
    expect(await countAuditEvents(a.db, 'person')).toBe(0)
  })

  it('is deterministic: the same seed on two fresh databases gives the same people and businesses', async () => {
    const [pa, pb] = await Promise.all([people(a), people(b)])
    expect(pa.map((p) => [p.pin, p.data.fullName, p.data.birthDate, p.data.communeCode])).toEqual(
      pb.map((p) => [p.pin, p.data.fullName, p.data.birthDate, p.data.communeCode]),
    )
    expect(pa).toEqual(pb)
    expect(await firms(a)).toEqual(await firms(b))
  })

  it('links families both ways: spouses to each other, children to a married father and mother', async () => {
    const all = await people(a)
    const byPin = new Map(all.map((p) => [p.pin, p.data]))
    let couples = 0
    let children = 0
    for (const { pin, data } of all) {
      if (data.spousePin) {
        couples++
        const spouse = byPin.get(data.spousePin)!
        expect(spouse, pin).toBeDefined()
        expect(spouse.spousePin).toBe(pin)
        expect(spouse.gender).not.toBe(data.gender)
        expect([data.maritalStatus, spouse.maritalStatus]).toEqual(['married', 'married'])
        expect(spouse.address).toBe(data.address)
      } else {
        expect(data.maritalStatus).not.toBe('married')
      }
      if (data.fatherPin || data.motherPin) {
        children++
        const father = byPin.get(data.fatherPin!)!
        const mother = byPin.get(data.motherPin!)!
        expect(father.gender).toBe('male')
        expect(mother.gender).toBe('female')
        expect(father.spousePin).toBe(data.motherPin)
        expect(data.fullName.split(' ')[0]).toBe(father.fullName.split(' ')[0])
        expect(Number(data.birthDate.slice(0, 4))).toBeGreaterThanOrEqual(
          Number(mother.birthDate.slice(0, 4)) + 18,
        )
        expect(data.communeCode).toBe(father.communeCode)
      }
    }
    expect(couples).toBeGreaterThan(500)
    expect(children).toBeGreaterThan(300)
    expect(all.some((p) => !p.data.spousePin && !p.data.fatherPin)).toBe(true)
  })

  it('gives valid, unique pins and real communes of the chosen provinces', async () => {
    const all = await people(a)
    const units = adminUnits()
    expect(new Set(all.map((p) => p.pin)).size).toBe(all.length)
    for (const { pin, data } of all) {
      expect(pin).toMatch(/^0(01|48)[0-3]\d{8}$/)
      expect(pin.slice(1, 3)).toBe(data.provinceCode)
      expect(units.provinceOf.get(data.communeCode)).toBe(data.provinceCode)
      expect(data.birthDate <= REFERENCE_DATE).toBe(true)
      expect(data.fullName).toBe(data.fullName.normalize('NFC'))
    }
    expect(new Set(all.map((p) => p.data.provinceCode))).toEqual(new Set(['01', '48']))
  })

  it('produces data that passes every quality principle', async () => {
    const report = await dataQualityReport(a.db)
    for (const [principle, result] of Object.entries(report.principles)) {
      expect(result.checked, principle).toBe(2000)
      expect(result.samples, principle).toEqual([])
    }
  })

  it('gives businesses 10-digit tax codes of their province and a living adult representative', async () => {
    const all = await firms(a)
    const byPin = new Map((await people(a)).map((p) => [p.pin, p.data]))
    for (const firm of all) {
      expect(firm.tax_code).toMatch(/^(01|48)\d{8}$/)
      expect(firm.tax_code.slice(0, 2)).toBe(firm.data.provinceCode)
      const representative = byPin.get(firm.data.representativePin)!
      expect(representative).toBeDefined()
      expect(representative.deceased).toBeUndefined()
      expect(representative.birthDate <= '2007-07-01').toBe(true)
    }
  })

  it('continues after existing pins: a second run into the same database collides with nothing', async () => {
    await generatePopulation(b.db, { ...OPTIONS, people: 500, businesses: 10, seed: 8 })
    expect(await countRecords(b.db)).toEqual({ people: 2500, businesses: 60 })
  })

  it('refuses unknown provinces and impossible requests', async () => {
    await expect(generatePopulation(b.db, { people: 1, businesses: 0, provinces: ['99'] })).rejects.toThrow(
      /99/,
    )
    await expect(generatePopulation(b.db, { people: 0, businesses: 1 })).rejects.toThrow()
  })
})
