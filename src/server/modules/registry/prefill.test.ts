import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import type { Database } from '../../db'
import { writeTogether } from '../../db/together'
import {
  accessLogFor,
  type PersonData,
  prefillDigest,
  readForPrefill,
  recordBusiness,
  recordPerson,
  verifyPrefill,
} from './service'

let database: Database

const base = {
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  provinceCode: '01',
  communeCode: '00004',
  address: 'Số 1 phố Kim Mã, phường Ba Đình, Hà Nội',
} as const

const HUSBAND = '001088000011'
const WIFE = '001190000012'
const SINGLE = '001195000013'

beforeAll(async () => {
  database = await testDatabase()
  const db = database.db
  const husband: PersonData = {
    ...base,
    fullName: 'Phạm Minh Khoa',
    birthDate: '1988-03-04',
    gender: 'male',
    maritalStatus: 'married',
    spousePin: WIFE,
  }
  const wife: PersonData = {
    ...base,
    fullName: 'Đỗ Thị Lan',
    birthDate: '1990-07-08',
    gender: 'female',
    maritalStatus: 'married',
    spousePin: HUSBAND,
  }
  const single: PersonData = {
    ...base,
    fullName: 'Vũ Thị Hoa',
    birthDate: '1995-01-02',
    gender: 'female',
    maritalStatus: 'single',
  }
  await recordPerson(db, null, HUSBAND, husband, 'test')
  await recordPerson(db, null, WIFE, wife, 'test')
  await recordPerson(db, null, SINGLE, single, 'test')
  await recordBusiness(
    db,
    null,
    '0109999999',
    {
      name: 'Công ty TNHH Kim Mã',
      kind: 'company',
      representativePin: HUSBAND,
      provinceCode: '01',
      address: 'Số 2 phố Kim Mã, Hà Nội',
      registeredOn: '2020-01-01',
      status: 'active',
    },
    'test',
  )
})
afterAll(() => database.close())

const FAMILY = [
  'population.applicant.fullName',
  'population.spouse.fullName',
  'population.father.fullName',
  'population.father.pin',
  'population.mother.fullName',
  'population.mother.birthDate',
]

/** A read, logged at once (as the submission logs it with its dossier). */
async function read(
  pin: string,
  sources: string[],
  extra: { consentBy?: string; dossierCode?: string } = {},
) {
  const { accessLog, ...result } = await readForPrefill(database.db, {
    applicant: { type: 'person', pin },
    sources,
    purpose: 'Đăng ký khai sinh cho con',
    requestedBy: 'dossiers',
    consentBy: extra.consentBy,
  })
  await writeTogether(database.db, accessLog(database.db, extra.dossierCode))
  return result
}

describe('prefill: who each subject is', () => {
  it('for a male applicant: father is himself, mother and spouse his wife', async () => {
    const result = await read(HUSBAND, FAMILY, { consentBy: WIFE })
    expect(result.subjects).toEqual({ applicant: HUSBAND, spouse: WIFE, father: HUSBAND, mother: WIFE })
    expect(result.values).toEqual({
      'population.applicant.fullName': 'Phạm Minh Khoa',
      'population.spouse.fullName': 'Đỗ Thị Lan',
      'population.father.fullName': 'Phạm Minh Khoa',
      'population.father.pin': HUSBAND,
      'population.mother.fullName': 'Đỗ Thị Lan',
      'population.mother.birthDate': '1990-07-08',
    })
  })

  it('for a female applicant: mother is herself, father and spouse her husband', async () => {
    const result = await read(WIFE, FAMILY, { consentBy: HUSBAND })
    expect(result.subjects).toEqual({ applicant: WIFE, spouse: HUSBAND, father: HUSBAND, mother: WIFE })
    expect(result.values['population.father.fullName']).toBe('Phạm Minh Khoa')
    expect(result.values['population.mother.fullName']).toBe('Đỗ Thị Lan')
  })

  it('resolves to null where nobody is recorded, and needs no consent for it', async () => {
    const result = await read(SINGLE, [
      'population.spouse.fullName',
      'population.mother.fullName',
      'population.father.fullName',
    ])
    expect(result.subjects).toEqual({ spouse: null, mother: SINGLE, father: null })
    expect(result.values).toEqual({
      'population.spouse.fullName': null,
      'population.mother.fullName': 'Vũ Thị Hoa',
      'population.father.fullName': null,
    })
    const unknown = await read('001195999999', ['population.applicant.fullName'])
    expect(unknown).toEqual({
      values: { 'population.applicant.fullName': null },
      subjects: { applicant: null },
    })
  })

  it('reads a business applicant’s own record', async () => {
    const result = await readForPrefill(database.db, {
      applicant: { type: 'business', taxCode: '0109999999' },
      sources: [
        'business.applicant.name',
        'business.applicant.representativePin',
        'business.applicant.taxCode',
      ],
      purpose: 'Thay đổi đăng ký kinh doanh',
      requestedBy: 'dossiers',
    })
    expect(result.values).toEqual({
      'business.applicant.name': 'Công ty TNHH Kim Mã',
      'business.applicant.representativePin': HUSBAND,
      'business.applicant.taxCode': '0109999999',
    })
  })
})

describe('prefill: consent, purpose and validation', () => {
  it('refuses data about the spouse, or a parent who is not the applicant, without consent', async () => {
    for (const source of ['population.spouse.fullName', 'population.mother.fullName']) {
      await expect(read(HUSBAND, [source])).rejects.toMatchObject({
        statusCode: 403,
        code: 'CONSENT_REQUIRED',
      })
    }
    // The applicant's own data, even as "father", needs none.
    await expect(read(HUSBAND, ['population.father.fullName'])).resolves.toBeTruthy()
  })

  it('refuses unknown or inapplicable sources with a typed 400, and a missing purpose', async () => {
    for (const source of [
      'population.applicant.salary',
      'population.cousin.fullName',
      'business.spouse.name',
      'tax.applicant.name',
      'population.applicant',
    ]) {
      await expect(read(HUSBAND, [source])).rejects.toMatchObject({ statusCode: 400, code: 'UNKNOWN_SOURCE' })
    }
    await expect(read(HUSBAND, ['business.applicant.name'])).rejects.toMatchObject({
      statusCode: 400,
      code: 'SOURCE_NOT_APPLICABLE',
    })
    await expect(
      readForPrefill(database.db, {
        applicant: { type: 'person', pin: HUSBAND },
        sources: ['population.applicant.fullName'],
        purpose: ' ',
        requestedBy: 'dossiers',
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PURPOSE_REQUIRED' })
    await expect(read('abc', ['population.applicant.fullName'])).rejects.toMatchObject({
      code: 'INVALID_PIN',
    })
  })

  it('logs one row per person read, with attributes, purpose, dossier and consent', async () => {
    const before = (await accessLogFor(database.db, WIFE)).total
    const ownBefore = (await accessLogFor(database.db, HUSBAND)).total
    await read(HUSBAND, FAMILY, { consentBy: WIFE, dossierCode: 'X00004-251201-0001' })
    const wife = await accessLogFor(database.db, WIFE)
    expect(wife.total).toBe(before + 1)
    expect(wife.items[0]).toMatchObject({
      subject: WIFE,
      attributes: ['birthDate', 'fullName'],
      purpose: 'Đăng ký khai sinh cho con',
      requestedBy: 'dossiers',
      dossierCode: 'X00004-251201-0001',
      consentBy: WIFE,
    })
    const own = await accessLogFor(database.db, HUSBAND)
    expect(own.total).toBe(ownBefore + 1)
    expect(own.items[0]).toMatchObject({ attributes: ['fullName', 'pin'], consentBy: null })
  })

  it('logs nothing when a read is refused', async () => {
    const before = (await accessLogFor(database.db, HUSBAND)).total
    await expect(
      read(HUSBAND, ['population.applicant.fullName', 'population.spouse.fullName']),
    ).rejects.toThrow()
    await expect(read(HUSBAND, ['population.applicant.fullName', 'population.x.y'])).rejects.toThrow()
    expect((await accessLogFor(database.db, HUSBAND)).total).toBe(before)
    expect((await accessLogFor(database.db, HUSBAND, { page: 1, pageSize: 1 })).items).toHaveLength(1)
  })
})

describe('prefill digest and verification', () => {
  it('gives the same digest whatever the key order, another for other values', () => {
    const a = prefillDigest({ 'population.applicant.fullName': 'An', 'population.spouse.fullName': null })
    const b = prefillDigest({ 'population.spouse.fullName': null, 'population.applicant.fullName': 'An' })
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(
      prefillDigest({ 'population.applicant.fullName': 'Án', 'population.spouse.fullName': null }),
    ).not.toBe(a)
  })

  it('names the submitted values that differ from the registry', async () => {
    const { values } = await read(HUSBAND, FAMILY, { consentBy: WIFE })
    const submitted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? '']))
    const applicant = { type: 'person', pin: HUSBAND } as const
    expect(await verifyPrefill(database.db, { applicant, submitted })).toEqual([])
    const altered = {
      ...submitted,
      'population.mother.birthDate': '1991-07-08',
      'population.father.pin': '001088000099',
    }
    expect(await verifyPrefill(database.db, { applicant, submitted: altered })).toEqual([
      'population.father.pin',
      'population.mother.birthDate',
    ])
    await expect(
      verifyPrefill(database.db, { applicant, submitted: { 'population.applicant.shoeSize': '42' } }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_SOURCE' })
  })
})
