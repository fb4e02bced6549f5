import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import type { Database } from '../../db'
import { dataQualityReport, type PersonData, type QualityReport, recordPerson } from './service'

let database: Database
let report: QualityReport

const good: PersonData = {
  fullName: 'Nguyễn Văn Tốt',
  birthDate: '1990-01-15',
  gender: 'male',
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  provinceCode: '01',
  communeCode: '00004',
  address: 'Số 3 phố Đội Cấn, phường Ba Đình, Hà Nội',
  maritalStatus: 'single',
}

/** pin → [record, the principle it breaks (none for good ones)] */
const planted: Record<string, [PersonData, string | null]> = {
  '001090000100': [good, null],
  '001309000101': [{ ...good, fullName: 'Trần Thị Tốt', gender: 'female', birthDate: '2009-01-15' }, null],
  // correct
  '001399000201': [
    { ...good, fullName: 'Lê Thị Tương Lai', gender: 'female', birthDate: '2099-01-01' },
    'correct',
  ],
  '099090000202': [{ ...good, fullName: 'Lê Văn Tỉnh' }, 'correct'],
  '001090000203': [{ ...good, fullName: 'Lê Thị Giới', gender: 'female' }, 'correct'],
  '001090000204': [{ ...good, fullName: 'Lê Văn Năm', birthDate: '1991-01-15' }, 'correct'],
  '001099000205': [{ ...good, fullName: 'Lê Văn Cổ', birthDate: '1899-12-31' }, 'correct'],
  // complete
  '001090000301': [{ ...good, fullName: 'Phạm Văn Thiếu', ethnicity: '' }, 'complete'],
  '001090000302': [{ ...good, fullName: 'Phạm Văn Vợ', maritalStatus: 'married' }, 'complete'],
  // clean
  '001085000401': [{ ...good, fullName: 'Hồ Văn Đôi', birthDate: '1985-05-05' }, 'clean'],
  '001085000402': [{ ...good, fullName: 'Hồ Văn Đôi', birthDate: '1985-05-05' }, 'clean'],
  '001090000403': [{ ...good, fullName: 'Hồ Văn Cách ' }, 'clean'],
  '001090000404': [{ ...good, fullName: 'Hồ Văn Tổ'.normalize('NFD') }, 'clean'],
  // live
  '001090000501': [{ ...good, fullName: 'Ngô Văn Cũ' }, 'live'],
  '001030000502': [{ ...good, fullName: 'Ngô Văn Mất', birthDate: '1930-01-01', deceased: true }, null],
  '001090000503': [
    { ...good, fullName: 'Ngô Văn Xác Minh', verifiedOn: new Date().toISOString().slice(0, 10) },
    null,
  ],
  // unified
  '001090000601': [{ ...good, fullName: 'Dương Văn Lạc', communeCode: '20194' }, 'unified'],
  '001090000602': [{ ...good, fullName: 'Dương Văn Không', communeCode: '99999' }, 'unified'],
  '001090000603': [{ ...good, fullName: 'Dương Văn Dân', ethnicity: 'Viet' }, 'unified'],
}

beforeAll(async () => {
  database = await testDatabase()
  const db = database.db
  for (const [pin, [data]] of Object.entries(planted)) await recordPerson(db, null, pin, data, 'test')
  // Last touched twelve years ago: stale, unless the person died or a source confirmed it since.
  await db.execute(
    sql`update population_records set valid_from = now() - interval '12 years'
        where pin in ('001090000501', '001030000502', '001090000503')`,
  )
  // A superseded version with bad data does not count: only current versions are checked.
  await recordPerson(db, null, '001090000100', { ...good, ethnicity: '' }, 'test')
  await recordPerson(db, null, '001090000100', good, 'test')
  report = await dataQualityReport(db, { provinceCode: '01' })
})
afterAll(() => database.close())

const failing = (principle: keyof QualityReport['principles']) =>
  report.principles[principle].samples.map((s) => s.pin).sort()
const expected = (principle: string) =>
  Object.entries(planted)
    .filter(([, [, p]]) => p === principle)
    .map(([pin]) => pin)
    .sort()

describe('data-quality report', () => {
  it('checks every current record of the scope under each principle', () => {
    for (const result of Object.values(report.principles))
      expect(result.checked).toBe(Object.keys(planted).length)
    expect(report.scope).toEqual({ provinceCode: '01', communeCode: null })
    expect(report.rulesEffectiveFrom).toBe('2025-07-01')
  })

  for (const principle of ['correct', 'complete', 'clean', 'live', 'unified'] as const) {
    it(`finds the planted ${principle} failures and nothing else`, () => {
      expect(failing(principle)).toEqual(expected(principle))
      expect(report.principles[principle].failing).toBe(expected(principle).length)
    })
  }

  it('says why each record fails', () => {
    const reason = (pin: string) =>
      Object.values(report.principles)
        .flatMap((p) => p.samples)
        .find((s) => s.pin === pin)?.reason
    expect(reason('001399000201')).toBe('birthDate: in the future')
    expect(reason('099090000202')).toBe('pin: digits 1-3 are not a province code')
    expect(reason('001090000203')).toBe('pin: digit 4 does not match gender and century of birth')
    expect(reason('001090000204')).toBe('pin: digits 5-6 do not match the birth year')
    expect(reason('001099000205')).toBe('birthDate: before 1900-01-01')
    expect(reason('001090000301')).toBe('missing: ethnicity')
    expect(reason('001090000302')).toBe('married without spousePin')
    expect(reason('001085000401')).toMatch(/^duplicate/)
    expect(reason('001090000403')).toBe('fullName: not trimmed or not NFC-normalised')
    expect(reason('001090000404')).toBe('fullName: not trimmed or not NFC-normalised')
    expect(reason('001090000501')).toMatch(/^not updated or verified since \d{4}-\d{2}-\d{2}$/)
    expect(reason('001090000601')).toBe('communeCode: not in provinceCode')
    expect(reason('001090000602')).toBe('communeCode: not an administrative unit')
    expect(reason('001090000603')).toBe('ethnicity: not in the dictionary')
  })

  it('narrows to a commune, and refuses units that do not exist', async () => {
    const ngocHa = await dataQualityReport(database.db, { communeCode: '00008' })
    expect(ngocHa.principles.correct).toEqual({ checked: 0, failing: 0, samples: [] })
    const baDinh = await dataQualityReport(database.db, { provinceCode: '01', communeCode: '00004' })
    expect(baDinh.principles.correct.checked).toBe(Object.keys(planted).length - 2)
    await expect(dataQualityReport(database.db, { provinceCode: '99' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'UNKNOWN_ADMIN_UNIT',
    })
    await expect(
      dataQualityReport(database.db, { provinceCode: '48', communeCode: '00004' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_ADMIN_UNIT',
    })
  })
})
