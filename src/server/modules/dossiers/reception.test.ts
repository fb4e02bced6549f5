import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { rowsOf } from '../../db/rows'
import type { IndexIndicator, ServiceIndex } from '../metrics/types'
import { alertLateReceptions } from './reception.service'

let t: TestApp
let citizen: string
let officer: string
let admin: string
let client: ReturnType<typeof dossierClient>

beforeAll(async () => {
  t = await createTestApp()
  client = dossierClient(t)
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  admin = await t.token('demo.admin')
})
afterAll(() => t.close())

/** Files a birth registration whose 8 working hours for reception ran out an hour ago. */
async function fileLate(): Promise<string> {
  const code = await client.fileBirth(citizen)
  await t.db.execute(
    sql`update dossiers set reception_due_at = now() - interval '1 hour' where code = ${code}`,
  )
  return code
}

const get = (url: string, token = officer) => t.app.inject({ url, headers: bearer(token) })

async function receivedOnTime(): Promise<IndexIndicator> {
  const refreshed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/metrics/refresh',
    headers: bearer(admin),
  })
  expect(refreshed.statusCode, refreshed.body).toBe(200)
  const index: ServiceIndex = (
    await t.app.inject({ url: '/api/v1/metrics/service-index?scope=X00004' })
  ).json()
  return index.groups.flatMap((g) => g.indicators).find((i) => i.id === 'progress.received_on_time')!
}

describe('reception within 8 working hours', () => {
  it('a dossier not received in time is queued, counted for its agency, and its reception desk alerted once', async () => {
    const late = await fileLate()
    const onTime = await client.fileBirth(citizen)

    const queue = (await get('/api/v1/dossiers?queue=reception_overdue&pageSize=100')).json()
    const codes = queue.items.map((d: { code: string }) => d.code)
    expect(codes).toContain(late)
    expect(codes).not.toContain(onTime)
    expect((await get('/api/v1/dossiers/queues')).json().reception_overdue).toBe(queue.total)

    const perAgency = (await get('/api/v1/dossiers/reception-overdue')).json().items
    expect(perAgency).toContainEqual(
      expect.objectContaining({ agencyId: 'X00004', overdue: queue.total, name: expect.any(String) }),
    )

    expect(await alertLateReceptions(t.db)).toBeGreaterThanOrEqual(1)
    expect(await alertLateReceptions(t.db)).toBe(0)
    const notices = (await get('/api/v1/notifications?pageSize=100')).json().items
    expect(notices.filter((n: { title: string }) => n.title.includes(late))).toHaveLength(1)
    expect(notices.some((n: { title: string }) => n.title.includes(onTime))).toBe(false)
    const [event] = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from domain_events where name = 'dossier.reception_overdue' and payload->>'code' = ${late}`,
    )
    expect(event!.n).toBe(1)
  })

  it('a late answer takes it out of the queue but not into "received on time"; an answer in time does count', async () => {
    const before = await receivedOnTime()
    const late = await fileLate()
    const onTime = await client.fileBirth(citizen)
    for (const code of [late, onTime]) {
      const accepted = await client.act(officer, code, { action: 'accept' })
      expect(accepted.statusCode, accepted.body).toBe(200)
    }
    const queue = (await get('/api/v1/dossiers?queue=reception_overdue&pageSize=100')).json()
    expect(queue.items.map((d: { code: string }) => d.code)).not.toContain(late)

    const after = await receivedOnTime()
    expect(after.denominator! - (before.denominator ?? 0)).toBe(2)
    expect(after.numerator! - (before.numerator ?? 0)).toBe(1)
    expect(after.points).not.toBeNull()
  })

  it('a citizen may not see the count, and an official may not look outside their jurisdiction', async () => {
    expect((await get('/api/v1/dossiers/reception-overdue', citizen)).statusCode).toBe(403)
    expect((await get('/api/v1/dossiers/reception-overdue?agencyId=H48')).statusCode).toBe(404)
  })
})
