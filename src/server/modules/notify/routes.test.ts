import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type Session, type TestApp } from '../../../../tests/helpers/app'
import { notify } from './service'

let t: TestApp
let citizen: Session
let business: string
let citizenId: string
let businessId: string
const mine: string[] = []
let theirs: string

async function add(userId: string, title: string) {
  const { notificationId } = await t.db.transaction(async (tx) =>
    notify(tx, { userId, title, body: `Nội dung: ${title}`, link: '/dossiers/1' }),
  )
  return notificationId
}

beforeAll(async () => {
  t = await createTestApp()
  citizen = await t.login('demo.citizen')
  business = await t.token('demo.business')
  citizenId = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: citizen.cookie } })).json().id
  businessId = (await t.app.inject({ url: '/api/v1/me', headers: bearer(business) })).json().id
  for (const title of ['Thứ nhất', 'Thứ hai', 'Thứ ba']) mine.push(await add(citizenId, title))
  theirs = await add(businessId, 'Của doanh nghiệp')
})
afterAll(() => t.close())

const list = (query = '', headers: Record<string, string> = { cookie: citizen.cookie }) =>
  t.app.inject({ url: `/api/v1/notifications${query}`, headers })

const read = (ids: unknown, headers: Record<string, string> = citizen.headers) =>
  t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers, payload: { ids } })

describe('GET /api/v1/notifications', () => {
  it('lists my notifications only, newest first, with the unread count', async () => {
    const response = await list()
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.total).toBe(3)
    expect(body.unread).toBe(3)
    expect(body.items.map((n: { id: string }) => n.id)).toEqual([...mine].reverse())
    expect(body.items[0]).toMatchObject({ title: 'Thứ ba', link: '/dossiers/1', readAt: null })
    expect(body.items.some((n: { id: string }) => n.id === theirs)).toBe(false)

    const other = (await list('', bearer(business))).json()
    expect(other.items.map((n: { id: string }) => n.id)).toEqual([theirs])
  })

  it('pages', async () => {
    const body = (await list('?page=2&pageSize=2')).json()
    expect(body.items.map((n: { id: string }) => n.id)).toEqual([mine[0]])
    expect(body.total).toBe(3)
  })

  it('refuses anonymous callers with 401', async () => {
    const response = await t.app.inject({ url: '/api/v1/notifications' })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a bad query with 400', async () => {
    expect((await list('?page=0')).statusCode).toBe(400)
    expect((await list('?unread=maybe')).statusCode).toBe(400)
  })
})

describe('POST /api/v1/notifications/read', () => {
  it('marks mine read and ignores another user’s id, which stays unread', async () => {
    const response = await read([mine[0], theirs, randomUUID()])
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ marked: 1, unread: 2 })

    const other = (await list('', bearer(business))).json()
    expect(other.unread).toBe(1)
    expect(other.items[0].readAt).toBeNull()

    const unread = (await list('?unread=true')).json()
    expect(unread.items.map((n: { id: string }) => n.id)).toEqual([mine[2], mine[1]])
    expect(unread.total).toBe(2)
    const all = (await list()).json()
    expect(all.items.find((n: { id: string }) => n.id === mine[0]).readAt).toEqual(expect.any(String))

    // Marking again changes nothing.
    expect((await read([mine[0]])).json()).toEqual({ marked: 0, unread: 2 })
  })

  it('accepts a bearer token', async () => {
    const response = await read([theirs], bearer(business))
    expect(response.json()).toEqual({ marked: 1, unread: 0 })
  })

  it('refuses bad ids with 400 and changes nothing', async () => {
    for (const ids of [['not-a-uuid'], [], 'x', [mine[1], mine[1]]]) {
      const response = await read(ids)
      expect(response.statusCode, JSON.stringify(ids)).toBe(400)
      expect(response.json().error.code).toBe('VALIDATION_FAILED')
    }
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: citizen.headers,
      payload: {},
    })
    expect(missing.statusCode).toBe(400)
    expect((await list()).json().unread).toBe(2)
  })

  it('refuses anonymous callers with 401, and a cookie without the CSRF token with 403', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { ids: [mine[1]] },
    })
    expect(anonymous.statusCode).toBe(401)
    const forged = await read([mine[1]], { cookie: citizen.cookie })
    expect(forged.statusCode).toBe(403)
    expect((await list()).json().unread).toBe(2)
  })
})
