import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../../../tests/helpers/app'
import { createAccount } from '../identity/service'
import { accessLogFor, recordPerson } from './service'

let t: TestApp
const sessions: Record<string, Session> = {}
const DA_NANG_PIN = '048092000777'

beforeAll(async () => {
  t = await createTestApp()
  await createAccount(t.db, null, {
    username: 'danang.specialist',
    password: 'demo',
    kind: 'official',
    displayName: 'Hồ Văn Đà',
    agencyId: 'H48',
    roles: ['specialist', 'leader'],
  })
  await recordPerson(
    t.db,
    null,
    DA_NANG_PIN,
    {
      fullName: 'Võ Thị Hạnh',
      birthDate: '1992-11-11',
      gender: 'female',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      provinceCode: '48',
      communeCode: '20194',
      address: 'Số 8, phường Hải Vân, Đà Nẵng',
      maritalStatus: 'single',
    },
    'test',
  )
  for (const user of [
    'demo.citizen',
    'demo.business',
    'demo.officer',
    'demo.leader',
    'demo.admin',
    'danang.specialist',
  ]) {
    sessions[user] = await t.login(user)
  }
})
afterAll(() => t.close())

const get = (url: string, user?: string) =>
  t.app.inject({ url, headers: user ? { cookie: sessions[user]!.cookie } : {} })

describe('GET /api/v1/registry/me', () => {
  it('shows a citizen their current record and its version', async () => {
    const response = await get('/api/v1/registry/me', 'demo.citizen')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      person: {
        pin: '001090000001',
        version: 1,
        validTo: null,
        data: {
          fullName: 'Nguyễn Văn An',
          birthDate: '1990-05-12',
          spousePin: '001190000002',
          communeCode: '00004',
        },
      },
      business: null,
    })
    expect(response.json().person.recordedBy).toBeUndefined()
  })

  it('shows a business its business record', async () => {
    const response = await get('/api/v1/registry/me', 'demo.business')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      person: null,
      business: {
        taxCode: '0101234567',
        data: { name: 'Công ty TNHH Hoa Sen', representativePin: '001090000001' },
      },
    })
  })

  it('is for citizens and businesses: officials 403, anonymous 401', async () => {
    expect((await get('/api/v1/registry/me', 'demo.officer')).statusCode).toBe(403)
    expect((await get('/api/v1/registry/me')).statusCode).toBe(401)
  })
})

describe('GET /api/v1/registry/people/:pin', () => {
  const url = (pin: string, purpose = 'Kiểm tra hồ sơ khai sinh') =>
    `/api/v1/registry/people/${encodeURIComponent(pin)}?purpose=${encodeURIComponent(purpose)}`

  it('gives an official the record of a person in their commune, and logs the purpose', async () => {
    const before = (await accessLogFor(t.db, '001090000001')).total
    const response = await get(`${url('001090000001')}&dossierCode=X00004-251201-0007`, 'demo.officer')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ pin: '001090000001', data: { fullName: 'Nguyễn Văn An' } })
    const log = await accessLogFor(t.db, '001090000001')
    expect(log.total).toBe(before + 1)
    expect(log.items[0]).toMatchObject({
      purpose: 'Kiểm tra hồ sơ khai sinh',
      dossierCode: 'X00004-251201-0007',
      requestedBy: expect.stringContaining('demo.officer'),
    })
  })

  it('refuses a person outside the official’s territory (403), not the system administrator', async () => {
    const other = await get(url(DA_NANG_PIN), 'demo.officer')
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('OUTSIDE_JURISDICTION')
    const reverse = await get(url('001090000001'), 'danang.specialist')
    expect(reverse.statusCode).toBe(403)
    expect((await get(url(DA_NANG_PIN), 'danang.specialist')).statusCode).toBe(200)
    expect((await get(url(DA_NANG_PIN), 'demo.admin')).statusCode).toBe(200)
  })

  it('is for officials: citizens and businesses 403, anonymous 401', async () => {
    expect((await get(url('001090000001'), 'demo.citizen')).statusCode).toBe(403)
    expect((await get(url('001090000001'), 'demo.business')).statusCode).toBe(403)
    expect((await get(url('001090000001'))).statusCode).toBe(401)
  })

  it('requires a purpose of at least 5 characters; bad pins are 400; nothing is logged for them', async () => {
    const before = (await accessLogFor(t.db, '001090000001')).total
    const missing = await get('/api/v1/registry/people/001090000001', 'demo.officer')
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.code).toBe('VALIDATION_FAILED')
    expect((await get(url('001090000001', 'abc'), 'demo.officer')).statusCode).toBe(400)
    for (const pin of ['abc', "' OR 1=1", '00109000000１', '0010900000011']) {
      const response = await get(url(pin), 'demo.officer')
      expect(response.statusCode).toBe(400)
    }
    expect((await accessLogFor(t.db, '001090000001')).total).toBe(before)
  })

  it('answers 404 for a pin nobody holds', async () => {
    expect((await get(url('001090999999'), 'demo.admin')).statusCode).toBe(404)
  })
})

describe('GET /api/v1/registry/me/access-log', () => {
  it('shows the citizen who read their data, when and why', async () => {
    await get(
      '/api/v1/registry/people/001090000001?purpose=X%C3%A1c%20minh%20c%C6%B0%20tr%C3%BA',
      'demo.leader',
    )
    const response = await get('/api/v1/registry/me/access-log?pageSize=5', 'demo.citizen')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.total).toBeGreaterThanOrEqual(2)
    expect(body.items[0]).toMatchObject({
      purpose: 'Xác minh cư trú',
      requestedBy: expect.stringContaining('demo.leader'),
    })
    expect(body.items[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(body.items[0].subject).toBeUndefined()
    expect((await get('/api/v1/registry/me/access-log')).statusCode).toBe(401)
    expect((await get('/api/v1/registry/me/access-log', 'demo.admin')).statusCode).toBe(403)
  })
})

describe('GET /api/v1/registry/quality', () => {
  it('reports on the leader’s own commune by default', async () => {
    const response = await get('/api/v1/registry/quality', 'demo.leader')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.scope).toEqual({ provinceCode: '01', communeCode: '00004' })
    expect(body.principles.correct.checked).toBeGreaterThanOrEqual(2)
    expect(Object.keys(body.principles)).toEqual(['correct', 'complete', 'clean', 'live', 'unified'])
  })

  it('refuses scopes outside the caller’s territory', async () => {
    for (const query of ['provinceCode=48', 'provinceCode=01', 'communeCode=00008', 'communeCode=20194']) {
      const response = await get(`/api/v1/registry/quality?${query}`, 'demo.leader')
      expect(response.statusCode, query).toBe(403)
    }
    expect((await get('/api/v1/registry/quality?communeCode=20194', 'danang.specialist')).statusCode).toBe(
      200,
    )
    expect((await get('/api/v1/registry/quality?provinceCode=48', 'demo.admin')).statusCode).toBe(200)
    expect((await get('/api/v1/registry/quality?provinceCode=1', 'demo.admin')).statusCode).toBe(400)
  })

  it('is for leaders and administrators', async () => {
    expect((await get('/api/v1/registry/quality', 'demo.officer')).statusCode).toBe(403)
    expect((await get('/api/v1/registry/quality', 'demo.citizen')).statusCode).toBe(403)
    expect((await get('/api/v1/registry/quality')).statusCode).toBe(401)
  })
})

describe('administrative units for address pickers (public, cached)', () => {
  it('lists the 34 provinces with their names and types, for anyone, cacheable for a day', async () => {
    const response = await t.app.inject({ url: '/api/v1/administrative-units' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('public, max-age=86400')
    const items = response.json().items as { code: string; name: string; type: string }[]
    expect(items).toHaveLength(34)
    expect(items[0]).toEqual({ code: '01', name: 'Hà Nội', type: 'Thành phố' })
    expect(items.find((p) => p.code === '48')).toEqual({ code: '48', name: 'Đà Nẵng', type: 'Thành phố' })
  })

  it('lists a province’s communes, 3,321 in all', async () => {
    const hanoi = (await t.app.inject({ url: '/api/v1/administrative-units/01/communes' })).json().items
    expect(hanoi).toContainEqual({ code: '00004', name: 'Ba Đình', type: 'Phường' })
    const provinces = (await t.app.inject({ url: '/api/v1/administrative-units' })).json().items as {
      code: string
    }[]
    let total = 0
    for (const province of provinces) {
      const response = await t.app.inject({ url: `/api/v1/administrative-units/${province.code}/communes` })
      total += response.json().items.length
    }
    expect(total).toBe(3321)
  })

  it('answers 404 for a province that does not exist and 400 for a malformed code', async () => {
    const missing = await t.app.inject({ url: '/api/v1/administrative-units/99/communes' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error).toMatchObject({ code: 'PROVINCE_NOT_FOUND', field: 'provinceCode' })
    const malformed = await t.app.inject({ url: '/api/v1/administrative-units/1/communes' })
    expect(malformed.statusCode).toBe(400)
  })
})
