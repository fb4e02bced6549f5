import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import type { Database } from '../../db'
import { rowsOf } from '../../db/rows'
import { countAuditEvents } from '../audit/service'
import {
  type BusinessData,
  businessHistory,
  getBusiness,
  getPerson,
  type PersonData,
  personHistory,
  recordBusiness,
  recordPerson,
  recordReader,
} from './service'

let database: Database
beforeAll(async () => {
  database = await testDatabase()
})
afterAll(() => database.close())

const binh: PersonData = {
  fullName: 'Lê Văn Bình',
  birthDate: '1985-02-03',
  gender: 'male',
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  provinceCode: '48',
  communeCode: '20194',
  address: 'Số 5, phường Hải Vân, Đà Nẵng',
  maritalStatus: 'single',
}

describe('versioned population records', () => {
  it('creates version 1, then closes it and opens version 2 on a change, keeping the history', async () => {
    const db = database.db
    const first = await recordPerson(db, null, '048085000001', binh, 'population-db')
    expect(first).toMatchObject({ pin: '048085000001', version: 1, validTo: null, changed: true })

    const moved = { ...binh, communeCode: '20197', address: 'Số 9, phường Liên Chiểu, Đà Nẵng' }
    const second = await recordPerson(db, 'user-1', '048085000001', moved, 'residence-registration')
    expect(second).toMatchObject({ version: 2, validTo: null, recordedBy: 'user-1', changed: true })

    const current = await getPerson(db, '048085000001')
    expect(current).toMatchObject({
      version: 2,
      data: { communeCode: '20197' },
      source: 'residence-registration',
    })

    const history = await personHistory(db, '048085000001')
    expect(history.map((h) => h.version)).toEqual([1, 2])
    expect(history[0]!.data.communeCode).toBe('20194')
    // The old version closes at the instant the new one opens: no gap, no overlap.
    expect(history[0]!.validTo).toBe(history[1]!.validFrom)
    expect(history[1]!.validTo).toBeNull()
  })

  it('writes no new version when the data is unchanged, whatever the key order', async () => {
    const db = database.db
    const before = await countAuditEvents(db, 'person')
    const reordered = Object.fromEntries(
      Object.entries({
        ...binh,
        communeCode: '20197',
        address: 'Số 9, phường Liên Chiểu, Đà Nẵng',
      }).reverse(),
    ) as unknown as PersonData
    const same = await recordPerson(db, null, '048085000001', reordered, 'population-db')
    expect(same).toMatchObject({ version: 2, changed: false })
    expect(await countAuditEvents(db, 'person')).toBe(before)
  })

  it('audits each change with the changed field names, not their values', async () => {
    const db = database.db
    const before = await countAuditEvents(db, 'person')
    await recordPerson(
      db,
      null,
      '048085000001',
      { ...binh, maritalStatus: 'married', spousePin: '048185000002' },
      'marriage',
    )
    expect(await countAuditEvents(db, 'person')).toBe(before + 1)
    const [last] = await rowsOf<{ data: Record<string, unknown> }>(
      db,
      sql`select data from audit_events where entity = 'person' order by seq desc limit 1`,
    )
    expect(last!.data).toEqual({
      version: 3,
      source: 'marriage',
      fields: ['address', 'communeCode', 'maritalStatus', 'spousePin'],
    })
  })

  it('keeps one current version when two changes race', async () => {
    const db = database.db
    await Promise.all([
      recordPerson(db, null, '048085000009', { ...binh, fullName: 'Lê Văn A' }, 'a'),
      recordPerson(db, null, '048085000009', { ...binh, fullName: 'Lê Văn B' }, 'b'),
    ])
    const history = await personHistory(db, '048085000009')
    expect(history.map((h) => h.version)).toEqual([1, 2])
    expect(history.filter((h) => h.validTo === null)).toHaveLength(1)
  })

  it('a record reader reads each person once and keeps that version for its request', async () => {
    const db = database.db
    await recordPerson(db, null, '048085000010', binh, 'population-db')
    const filing = recordReader(db)
    const [first, again] = await Promise.all([filing.person('048085000010'), filing.person('048085000010')])
    expect(first).toMatchObject({ version: 1, data: { communeCode: '20194' } })
    expect(again).toBe(first)

    // The person moves while the request is under way: it goes on with the version it read first,
    // so that what routed a dossier and what prefilled it agree. The next request sees the move.
    await recordPerson(db, null, '048085000010', { ...binh, communeCode: '20197' }, 'residence-registration')
    expect(await filing.person('048085000010')).toBe(first)
    expect(await recordReader(db).person('048085000010')).toMatchObject({
      version: 2,
      data: { communeCode: '20197' },
    })
    expect(await filing.person('048085099999')).toBeNull()
    await expect(filing.person('12345')).rejects.toMatchObject({ code: 'INVALID_PIN' })
  })

  it('refuses a malformed pin with a typed 400', async () => {
    await expect(recordPerson(database.db, null, '12345', binh, 'x')).rejects.toMatchObject({
      statusCode: 400,
      code: 'INVALID_PIN',
    })
    await expect(getPerson(database.db, "' OR 1=1")).rejects.toMatchObject({ code: 'INVALID_PIN' })
    expect(await getPerson(database.db, '048085099999')).toBeNull()
  })
})

describe('versioned business records', () => {
  const firm: BusinessData = {
    name: 'Công ty TNHH Sông Hàn',
    kind: 'company',
    representativePin: '048085000001',
    provinceCode: '48',
    address: 'Số 1, phường Hải Vân, Đà Nẵng',
    registeredOn: '2019-04-01',
    status: 'active',
  }

  it('versions a business like a person', async () => {
    const db = database.db
    await recordBusiness(db, null, '4801234567', firm, 'business-registration')
    await recordBusiness(db, null, '4801234567', { ...firm, status: 'suspended' }, 'tax-office')
    expect(await getBusiness(db, '4801234567')).toMatchObject({ version: 2, data: { status: 'suspended' } })
    expect((await businessHistory(db, '4801234567')).map((b) => b.data.status)).toEqual([
      'active',
      'suspended',
    ])
    await expect(getBusiness(db, '48-123')).rejects.toMatchObject({ code: 'INVALID_TAX_CODE' })
  })
})
