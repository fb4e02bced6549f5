import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { createOfficial, FIXTURE_PASSWORD, snapshot } from '../../../../tests/helpers/fixtures'
import { countAgencies } from './service'

let t: TestApp
/** Bearer tokens: an agency admin of Hà Nội (H01), one of Đà Nẵng (H48), one of phường Ba Đình (X00004). */
let hanoiAdmin: string
let danangAdmin: string
let badinhAdmin: string
/** A commune of Đà Nẵng, looked up through the API. */
let danangCommune: string

beforeAll(async () => {
  t = await createTestApp()
  const [hn, dn, bd] = await Promise.all([
    createOfficial(t, 'H01', ['agency_admin'], 'admin.hn'),
    createOfficial(t, 'H48', ['agency_admin'], 'admin.dn'),
    createOfficial(t, 'X00004', ['agency_admin'], 'admin.bd'),
  ])
  hanoiAdmin = await t.token(hn.username, FIXTURE_PASSWORD)
  danangAdmin = await t.token(dn.username, FIXTURE_PASSWORD)
  badinhAdmin = await t.token(bd.username, FIXTURE_PASSWORD)
  const communes = await t.app.inject({ url: '/api/v1/agencies?parentId=H48&pageSize=1' })
  danangCommune = communes.json().items[0].id
})
afterAll(() => t.close())

const list = (query: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/v1/agencies${query}`, headers })

let ids = 0
/** A fresh agency id, unique in this file. */
const newId = (prefix = 'T') => `${prefix}${String(++ids).padStart(4, '0')}`

function create(headers: Record<string, string>, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers, payload: body })
}

describe('GET /api/v1/agencies', () => {
  it('knows the whole country from the first start: 34 provinces and all 3,321 communes, not only the demo’s two', async () => {
    expect(await countAgencies(t.db, 'province')).toBe(34)
    expect(await countAgencies(t.db, 'commune')).toBe(3321)
    // Cà Mau (96), far from the demo's Hà Nội and Đà Nẵng, has its communes.
    expect((await list('?parentId=H96&pageSize=1')).json().total).toBe(64)
  })

  it('lists the roots when no parent is given: the Government', async () => {
    const response = await list('')
    expect(response.statusCode).toBe(200)
    const { items, total } = response.json()
    expect(items.map((a: { id: string }) => a.id)).toEqual(['G00'])
    expect(total).toBe(1)
    expect(items[0]).toMatchObject({ name: 'Chính phủ', level: 'central', parentId: null })
    expect(items[0].childCount).toBeGreaterThan(34)
  })

  it('lists the children of an agency with their own child counts', async () => {
    const response = await list('?parentId=G00&pageSize=200')
    const { items, total } = response.json()
    expect(items).toHaveLength(total)
    const hanoi = items.find((a: { id: string }) => a.id === 'H01')
    expect(hanoi).toEqual({
      id: 'H01',
      parentId: 'G00',
      name: 'UBND thành phố Hà Nội',
      nameEn: "People's Committee of Hà Nội City",
      level: 'province',
      adminUnitCode: '01',
      childCount: expect.any(Number),
    })
    expect(hanoi.childCount).toBeGreaterThan(100)
    expect(items.filter((a: { level: string }) => a.level === 'province')).toHaveLength(34)
    expect(items.every((a: { parentId: string }) => a.parentId === 'G00')).toBe(true)
  })

  it('lists no children of an agency without any', async () => {
    const response = await list('?parentId=X00004')
    expect(response.json()).toEqual({ items: [], total: 0 })
  })

  it('finds agencies by their Vietnamese name, with or without capitals', async () => {
    for (const q of ['Ba Đình', 'ba đình', 'BA ĐÌNH']) {
      const response = await list(`?q=${encodeURIComponent(q)}`)
      expect(response.statusCode).toBe(200)
      expect(response.json().items.map((a: { id: string }) => a.id)).toContain('X00004')
    }
    const danang = await list(`?q=${encodeURIComponent('Đà Nẵng')}`)
    expect(danang.json().items.map((a: { id: string }) => a.id)).toEqual(['H48'])
  })

  it('finds agencies by the beginning of their id', async () => {
    const response = await list('?q=H4&pageSize=200')
    const ids = response.json().items.map((a: { id: string }) => a.id)
    expect(ids).toContain('H48')
    expect(ids.every((id: string) => id.startsWith('H4'))).toBe(true)
  })

  it('treats % and _ in a search as plain characters', async () => {
    const response = await list(`?q=${encodeURIComponent('%')}`)
    expect(response.json()).toEqual({ items: [], total: 0 })
    const underscore = await list('?q=_')
    expect(underscore.json().total).toBe(0)
  })

  it('pages through the results in a stable order', async () => {
    const first = (await list('?parentId=H48&pageSize=10&page=1')).json()
    const second = (await list('?parentId=H48&pageSize=10&page=2')).json()
    const all = (await list('?parentId=H48&pageSize=200')).json()
    expect(first.total).toBe(all.total)
    expect(first.items).toHaveLength(10)
    expect([...first.items, ...second.items]).toEqual(all.items.slice(0, 20))
    const beyond = (await list('?parentId=H48&pageSize=10&page=1000')).json()
    expect(beyond).toEqual({ items: [], total: all.total })
  })

  it('is open to anonymous visitors', async () => {
    expect((await list('?parentId=H01')).statusCode).toBe(200)
  })
})

describe('GET /api/v1/agencies/:id', () => {
  it('shows one agency to anyone', async () => {
    const response = await t.app.inject({ url: '/api/v1/agencies/X00004' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ id: 'X00004', parentId: 'H01', name: 'UBND phường Ba Đình' })
    expect(response.json()).not.toHaveProperty('path')
  })

  it('answers 404 for an unknown agency, in the requested language', async () => {
    const vi = await t.app.inject({ url: '/api/v1/agencies/H99' })
    expect(vi.statusCode).toBe(404)
    expect(vi.json().error).toEqual({ code: 'NOT_FOUND', message: 'Không tìm thấy cơ quan.' })
    const en = await t.app.inject({ url: '/api/v1/agencies/H99', headers: { 'accept-language': 'en' } })
    expect(en.json().error.message).toBe('Agency not found.')
  })
})

describe('POST /api/v1/agencies: who may', () => {
  it('lets the system administrator create an agency anywhere, and it appears under its parent', async () => {
    const admin = await t.login('demo.admin')
    const id = newId()
    const response = await create(admin.headers, {
      id,
      parentId: danangCommune,
      level: 'unit',
      name: 'Bộ phận một cửa',
      nameEn: 'One-stop desk',
    })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({
      id,
      parentId: danangCommune,
      level: 'unit',
      name: 'Bộ phận một cửa',
      nameEn: 'One-stop desk',
      adminUnitCode: null,
      childCount: 0,
    })
    const children = await list(`?parentId=${danangCommune}`)
    expect(children.json().items.map((a: { id: string }) => a.id)).toContain(id)
    const parent = await t.app.inject({ url: `/api/v1/agencies/${danangCommune}` })
    expect(parent.json().childCount).toBeGreaterThanOrEqual(1)
  })

  it('lets an agency admin of Hà Nội create under Hà Nội itself', async () => {
    const response = await create(bearer(hanoiAdmin), {
      id: newId(),
      parentId: 'H01',
      level: 'unit',
      name: 'Sở A',
    })
    expect(response.statusCode).toBe(201)
  })

  it('lets an agency admin of Hà Nội create under a commune of Hà Nội', async () => {
    const response = await create(bearer(hanoiAdmin), {
      id: newId(),
      parentId: 'X00004',
      level: 'unit',
      name: 'Tổ một cửa',
    })
    expect(response.statusCode).toBe(201)
  })

  it('refuses an agency admin of Hà Nội under Đà Nẵng: 403 OUTSIDE_JURISDICTION, nothing created', async () => {
    const before = await snapshot(t)
    const response = await create(bearer(hanoiAdmin), {
      id: newId(),
      parentId: danangCommune,
      level: 'unit',
      name: 'Không được tạo',
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses an agency admin of Đà Nẵng under Hà Nội', async () => {
    const response = await create(bearer(danangAdmin), {
      id: newId(),
      parentId: 'X00004',
      level: 'unit',
      name: 'Không được tạo',
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses an agency admin of a province under the Government above it', async () => {
    const response = await create(bearer(danangAdmin), {
      id: newId(),
      parentId: 'G00',
      level: 'province',
      name: 'X',
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses a commune agency admin under its province', async () => {
    const response = await create(bearer(badinhAdmin), {
      id: newId(),
      parentId: 'H01',
      level: 'unit',
      name: 'X',
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses anonymous callers with 401', async () => {
    const response = await create({}, { id: newId(), parentId: 'H01', level: 'unit', name: 'X' })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.code).toBe('UNAUTHENTICATED')
  })

  for (const username of ['demo.citizen', 'demo.business', 'demo.officer', 'demo.leader']) {
    it(`refuses ${username} with 403 FORBIDDEN`, async () => {
      const session = await t.login(username)
      const before = await snapshot(t)
      const response = await create(session.headers, {
        id: newId(),
        parentId: 'X00004',
        level: 'unit',
        name: 'X',
      })
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('FORBIDDEN')
      expect(await snapshot(t)).toEqual(before)
    })
  }
})

describe('POST /api/v1/agencies: what it checks', () => {
  it('refuses an id that exists: 409 AGENCY_EXISTS naming the field', async () => {
    const before = await snapshot(t)
    const response = await create(bearer(hanoiAdmin), {
      id: 'X00004',
      parentId: 'H01',
      level: 'commune',
      name: 'Trùng',
    })
    expect(response.statusCode).toBe(409)
    expect(response.json().error).toEqual({
      code: 'AGENCY_EXISTS',
      message: 'Mã cơ quan đã tồn tại.',
      field: 'id',
    })
    expect(await snapshot(t)).toEqual(before)
    const unchanged = await t.app.inject({ url: '/api/v1/agencies/X00004' })
    expect(unchanged.json().name).toBe('UBND phường Ba Đình')
  })

  it('refuses an unknown parent with 404', async () => {
    const admin = await t.token('demo.admin')
    const response = await create(bearer(admin), { id: newId(), parentId: 'H99', level: 'unit', name: 'X' })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('NOT_FOUND')
  })

  it('stores text as given, however it looks: names are data, never SQL or markup', async () => {
    const admin = await t.token('demo.admin')
    const name = `'); drop table agencies; -- <script>alert(1)</script> ../../etc/passwd`
    const id = newId()
    const before = await snapshot(t)
    const response = await create(bearer(admin), {
      id,
      parentId: 'H01',
      level: 'unit',
      name,
      nameEn: "' OR 1=1 --",
    })
    expect(response.statusCode).toBe(201)
    const stored = await t.app.inject({ url: `/api/v1/agencies/${id}` })
    expect(stored.json()).toMatchObject({ name, nameEn: "' OR 1=1 --" })
    const after = await snapshot(t)
    expect(after.agencies).toBe(before.agencies + 1)
  })
})
