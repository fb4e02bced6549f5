import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import {
  createCitizen,
  createOfficial,
  FIXTURE_PASSWORD,
  snapshot,
  uniqueName,
} from '../../../../tests/helpers/fixtures'
import type { AccountView } from './service'

let t: TestApp
/** Bearer tokens by who holds them. */
const tokens: Record<string, string> = {}
/** Account ids by who holds them. */
const ids: Record<string, string> = {}
let danangCommune: string
let danangOfficial: AccountView
let otherCitizen: AccountView

beforeAll(async () => {
  t = await createTestApp()
  danangCommune = (await t.app.inject({ url: '/api/v1/agencies?parentId=H48&pageSize=1' })).json().items[0].id
  const [hanoiAdmin, danangAdmin, dnOfficial, citizen] = await Promise.all([
    createOfficial(t, 'H01', ['agency_admin'], 'admin.hn'),
    createOfficial(t, 'H48', ['agency_admin'], 'admin.dn'),
    createOfficial(t, danangCommune, ['reception'], 'officer.dn'),
    createCitizen(t, 'neighbour'),
  ])
  danangOfficial = dnOfficial
  otherCitizen = citizen
  tokens.hanoiAdmin = await t.token(hanoiAdmin.username, FIXTURE_PASSWORD)
  tokens.danangAdmin = await t.token(danangAdmin.username, FIXTURE_PASSWORD)
  ids.hanoiAdmin = hanoiAdmin.id
  for (const who of ['citizen', 'business', 'officer', 'leader', 'admin']) {
    tokens[who] = await t.token(`demo.${who}`)
    ids[who] = (await t.app.inject({ url: '/api/v1/me', headers: bearer(tokens[who]!) })).json().id
  }
})
afterAll(() => t.close())

const as = (who: string) => (who === 'anonymous' ? {} : bearer(tokens[who]!))
const usernames = (body: { items: { username: string }[] }) => body.items.map((u) => u.username)

describe('GET /api/v1/users: who may list officials', () => {
  it('refuses anonymous callers with 401', async () => {
    const response = await t.app.inject({ url: '/api/v1/users' })
    expect(response.statusCode).toBe(401)
  })

  for (const who of ['citizen', 'business', 'officer']) {
    it(`refuses ${who === 'officer' ? 'a reception/specialist official' : `a ${who}`} with 403`, async () => {
      const response = await t.app.inject({ url: '/api/v1/users', headers: as(who) })
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('FORBIDDEN')
    })
  }

  it('shows a leader the officials of their own agency by default', async () => {
    const response = await t.app.inject({ url: '/api/v1/users', headers: as('leader') })
    expect(response.statusCode).toBe(200)
    expect(usernames(response.json())).toEqual(['demo.leader', 'demo.officer'])
    expect(response.json().total).toBe(2)
  })

  it('refuses a commune leader the officials of their province: 403 OUTSIDE_JURISDICTION', async () => {
    const response = await t.app.inject({ url: '/api/v1/users?agencyId=H01', headers: as('leader') })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('shows a Hà Nội agency admin the officials of Hà Nội and of its communes, and no one else', async () => {
    const response = await t.app.inject({
      url: '/api/v1/users?agencyId=H01&pageSize=200',
      headers: as('hanoiAdmin'),
    })
    expect(response.statusCode).toBe(200)
    const names = usernames(response.json())
    expect(names).toEqual(expect.arrayContaining(['demo.officer', 'demo.leader']))
    expect(names).not.toContain('demo.admin')
    expect(names).not.toContain(danangOfficial.username)
    expect(response.json().items.every((u: AccountView) => u.kind === 'official')).toBe(true)
  })

  it('refuses a Hà Nội agency admin the officials of Đà Nẵng', async () => {
    for (const agencyId of ['H48', danangCommune]) {
      const response = await t.app.inject({
        url: `/api/v1/users?agencyId=${agencyId}`,
        headers: as('hanoiAdmin'),
      })
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
    }
  })

  it('shows a Đà Nẵng agency admin the officials of Đà Nẵng', async () => {
    const response = await t.app.inject({
      url: `/api/v1/users?agencyId=${danangCommune}`,
      headers: as('danangAdmin'),
    })
    expect(response.statusCode).toBe(200)
    expect(usernames(response.json())).toEqual([danangOfficial.username])
  })

  it('shows the system administrator every official, but never a citizen', async () => {
    const response = await t.app.inject({ url: '/api/v1/users?pageSize=200', headers: as('admin') })
    expect(response.statusCode).toBe(200)
    const names = usernames(response.json())
    expect(names).toEqual(expect.arrayContaining(['demo.admin', 'demo.officer', danangOfficial.username]))
    expect(names).not.toContain('demo.citizen')
    expect(names).not.toContain('demo.business')
  })

  it('pages the list', async () => {
    const all = (await t.app.inject({ url: '/api/v1/users?pageSize=200', headers: as('admin') })).json()
    const second = (
      await t.app.inject({ url: '/api/v1/users?pageSize=2&page=2', headers: as('admin') })
    ).json()
    expect(second.total).toBe(all.total)
    expect(second.items).toEqual(all.items.slice(2, 4))
  })

  it('answers 404 for an unknown agency', async () => {
    const response = await t.app.inject({ url: '/api/v1/users?agencyId=H99', headers: as('admin') })
    expect(response.statusCode).toBe(404)
  })
})

describe('GET /api/v1/users/:id: who may read an account', () => {
  const read = (who: string, id: string) => t.app.inject({ url: `/api/v1/users/${id}`, headers: as(who) })

  it('refuses anonymous callers with 401', async () => {
    expect((await read('anonymous', ids.citizen!)).statusCode).toBe(401)
  })

  it('shows a citizen their own account', async () => {
    const response = await read('citizen', ids.citizen!)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ username: 'demo.citizen', person: { pin: '001090000001' } })
    expect(response.json()).not.toHaveProperty('passwordHash')
  })

  it("refuses a citizen another citizen's account with 403", async () => {
    const response = await read('citizen', otherCitizen.id)
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('FORBIDDEN')
    expect(response.body).not.toContain(otherCitizen.username)
  })

  it("refuses a citizen an official's account with 403", async () => {
    expect((await read('citizen', ids.officer!)).statusCode).toBe(403)
  })

  it("refuses a reception official a colleague's account with 403", async () => {
    expect((await read('officer', ids.leader!)).statusCode).toBe(403)
  })

  it('shows a leader an official of their agency', async () => {
    const response = await read('leader', ids.officer!)
    expect(response.statusCode).toBe(200)
    expect(response.json().username).toBe('demo.officer')
  })

  it('shows a Hà Nội agency admin an official of a Hà Nội commune', async () => {
    const response = await read('hanoiAdmin', ids.officer!)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ username: 'demo.officer', agency: { id: 'X00004' } })
  })

  it('refuses a Hà Nội agency admin an official of Đà Nẵng: 403 OUTSIDE_JURISDICTION', async () => {
    const response = await read('hanoiAdmin', danangOfficial.id)
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses a Đà Nẵng agency admin an official of Hà Nội', async () => {
    const response = await read('danangAdmin', ids.officer!)
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it("refuses an agency admin a citizen's account with 403", async () => {
    expect((await read('hanoiAdmin', ids.citizen!)).statusCode).toBe(403)
  })

  it('refuses an agency admin the system administrator above them', async () => {
    expect((await read('hanoiAdmin', ids.admin!)).statusCode).toBe(403)
  })

  it('shows the system administrator any account', async () => {
    for (const id of [ids.citizen!, danangOfficial.id, ids.business!]) {
      expect((await read('admin', id)).statusCode).toBe(200)
    }
  })

  it('answers 404 for an unknown account', async () => {
    const response = await read('admin', '00000000-0000-4000-8000-000000000000')
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('NOT_FOUND')
  })
})

describe('POST /api/v1/users', () => {
  const newOfficial = (overrides: Record<string, unknown> = {}) => ({
    username: uniqueName('new'),
    password: FIXTURE_PASSWORD,
    displayName: 'Vũ Thị Hoa',
    email: 'hoa.vu@example.vn',
    agencyId: 'X00004',
    roles: ['reception', 'specialist'],
    ...overrides,
  })
  const post = (who: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(who), payload: body })

  it('lets a Hà Nội agency admin create an official in a Hà Nội commune, who can then log in', async () => {
    const body = newOfficial()
    const response = await post('hanoiAdmin', body)
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({
      username: body.username,
      kind: 'official',
      displayName: 'Vũ Thị Hoa',
      email: 'hoa.vu@example.vn',
      roles: ['reception', 'specialist'],
      agency: { id: 'X00004', name: 'UBND phường Ba Đình' },
      person: null,
      totpEnabled: false,
      active: true,
    })
    expect(response.body).not.toContain(FIXTURE_PASSWORD)
    const session = await t.login(body.username, FIXTURE_PASSWORD)
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.json().roles).toEqual(['reception', 'specialist'])
  })

  it('issues a new leader their personal signing key with the account, and an officer none', async () => {
    const keysOf = async (id: string) =>
      (
        (await t.db.execute(sql`select 1 from signing_keys where owner_id = ${id}`)) as unknown as {
          rows: unknown[]
        }
      ).rows.length
    const leader = await post('hanoiAdmin', newOfficial({ displayName: 'Đỗ Văn Minh', roles: ['leader'] }))
    expect(leader.statusCode).toBe(201)
    expect(await keysOf(leader.json().id)).toBe(1)
    const session = await t.login(leader.json().username, FIXTURE_PASSWORD)
    const key = await t.app.inject({ url: '/api/v1/signing/keys/me', headers: { cookie: session.cookie } })
    expect(key.json().subject).toBe(
      `CN=Đỗ Văn Minh, title=Lãnh đạo, UID=${leader.json().id}, O=UBND phường Ba Đình, C=VN`,
    )
    const officer = await post('hanoiAdmin', newOfficial())
    expect(await keysOf(officer.json().id)).toBe(0)
  })

  it('lets a Hà Nội agency admin create another agency admin of Hà Nội', async () => {
    const response = await post('hanoiAdmin', newOfficial({ agencyId: 'H01', roles: ['agency_admin'] }))
    expect(response.statusCode).toBe(201)
  })

  it('refuses a Hà Nội agency admin an official in Đà Nẵng: 403 OUTSIDE_JURISDICTION, nothing created', async () => {
    const before = await snapshot(t)
    const response = await post('hanoiAdmin', newOfficial({ agencyId: danangCommune }))
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses a Đà Nẵng agency admin an official in Hà Nội', async () => {
    const response = await post('danangAdmin', newOfficial({ agencyId: 'X00004' }))
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses an agency admin who grants system_admin: 403 ROLE_NOT_GRANTABLE, nothing created', async () => {
    const before = await snapshot(t)
    const response = await post(
      'hanoiAdmin',
      newOfficial({ agencyId: 'H01', roles: ['reception', 'system_admin'] }),
    )
    expect(response.statusCode).toBe(403)
    expect(response.json().error).toEqual({
      code: 'ROLE_NOT_GRANTABLE',
      message: 'Bạn không thể cấp vai trò “system_admin”.',
      field: 'roles',
    })
    expect(await snapshot(t)).toEqual(before)
  })

  it('lets the system administrator grant system_admin', async () => {
    const response = await post('admin', newOfficial({ agencyId: 'G00', roles: ['system_admin'] }))
    expect(response.statusCode).toBe(201)
    expect(response.json().roles).toEqual(['system_admin'])
  })

  it('refuses a username that is taken: 409 USERNAME_TAKEN, nothing created', async () => {
    const before = await snapshot(t)
    const response = await post('admin', newOfficial({ username: 'demo.officer' }))
    expect(response.statusCode).toBe(409)
    expect(response.json().error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' })
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses an unknown agency with 404', async () => {
    const response = await post('admin', newOfficial({ agencyId: 'H99' }))
    expect(response.statusCode).toBe(404)
  })

  it('refuses anonymous callers with 401', async () => {
    const response = await post('anonymous', newOfficial())
    expect(response.statusCode).toBe(401)
  })

  for (const who of ['citizen', 'business', 'officer', 'leader']) {
    it(`refuses ${who === 'officer' ? 'a reception/specialist official' : `a ${who}`} with 403 and creates no one`, async () => {
      const before = await snapshot(t)
      const response = await post(who, newOfficial())
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('FORBIDDEN')
      expect(await snapshot(t)).toEqual(before)
    })
  }
})
