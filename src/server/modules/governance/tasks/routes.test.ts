import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../../tests/helpers/app'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../../../../../tests/helpers/fixtures'
import { rowsOf } from '../../../db/rows'
import { taskCountsByAgency } from '../service'

let t: TestApp
let government: string
let hanoi: string
let hanoiLeader: string
let danang: string
let citizen: string

beforeAll(async () => {
  t = await createTestApp()
  government = await t.token('demo.admin')
  const as = async (agencyId: string, roles: Parameters<typeof createOfficial>[2], prefix: string) =>
    t.token((await createOfficial(t, agencyId, roles, prefix)).username, FIXTURE_PASSWORD)
  hanoi = await as('H01', ['agency_admin'], 'tasks.hanoi')
  hanoiLeader = await as('H01', ['leader'], 'tasks.hanoi.leader')
  danang = await as('H48', ['agency_admin'], 'tasks.danang')
  citizen = await t.token((await createCitizen(t, 'tasks.citizen')).username, FIXTURE_PASSWORD)
})
afterAll(() => t?.close())

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

const newTask = (overrides: Record<string, unknown> = {}) => ({
  documentNumber: '125/TB-VPCP',
  documentDate: day(-30),
  documentSigner: 'Phó Thủ tướng Nguyễn Văn A',
  issuer: 'prime_minister',
  title: 'Hoàn thành kết nối cơ sở dữ liệu đất đai với Cổng dịch vụ công quốc gia',
  leadAgencyId: 'H01',
  cooperatingAgencyIds: ['G08'],
  deadline: day(60),
  ...overrides,
})

const post = (token: string, url: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/governance/tasks${url}`, headers: bearer(token), payload })
const get = (token: string, url = '') =>
  t.app.inject({ url: `/api/v1/governance/tasks${url}`, headers: bearer(token) })

const taskRows = async () =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from gov_tasks`))[0]!.n

async function assigned(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await post(government, '', newTask(overrides))
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id
}

describe('tasks assigned by the Government', () => {
  it('the Government office records a task; the lead province follows it, another province does not see it', async () => {
    const created = await post(government, '', newTask())
    expect(created.statusCode, created.body).toBe(201)
    const task = created.json()
    expect(task).toMatchObject({
      documentNumber: '125/TB-VPCP',
      issuer: 'prime_minister',
      lead: { id: 'H01', name: 'UBND thành phố Hà Nội' },
      cooperating: [{ id: 'G08' }],
      assigner: { id: 'G00' },
      state: 'in_progress',
      tracked: false,
      progress: 0,
    })
    const list = await get(hanoiLeader, '?pageSize=200')
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(task.id)
    expect(list.json().summary.assigned).toBeGreaterThanOrEqual(1)

    const elsewhere = await get(danang, '?pageSize=200')
    expect(elsewhere.json().items.map((i: { id: string }) => i.id)).not.toContain(task.id)
    expect((await get(danang, `/${task.id}`)).statusCode).toBe(404)
    const otherScope = await get(danang, '?agencyId=H01')
    expect(otherScope.statusCode).toBe(403)
    expect(otherScope.json().error.code).toBe('OUTSIDE_JURISDICTION')
  })

  it('refuses bad input with 400 and a localised message, and writes nothing', async () => {
    const before = await taskRows()
    for (const [payload, code] of [
      [newTask({ deadline: day(-40) }), 'DEADLINE_BEFORE_DOCUMENT'],
      [newTask({ documentDate: day(5), deadline: day(60) }), 'DATE_IN_FUTURE'],
      [newTask({ cooperatingAgencyIds: ['H01'] }), 'LEAD_AMONG_COOPERATING'],
      [newTask({ deadline: '2026-02-30' }), 'VALIDATION_FAILED'],
      [newTask({ leadAgencyId: 'H99' }), 'NOT_FOUND'],
      [{ ...newTask(), priority: 'high' }, 'VALIDATION_FAILED'],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/governance/tasks',
        headers: { ...bearer(government), 'accept-language': 'vi' },
        payload,
      })
      expect(response.statusCode, JSON.stringify(payload)).toBe(code === 'NOT_FOUND' ? 404 : 400)
      expect(response.json().error.code).toBe(code)
      expect(response.json().error.message).toMatch(/\S/)
    }
    expect(await taskRows()).toBe(before)
  })

  it('only administrators record tasks, and only for agencies in their jurisdiction', async () => {
    const before = await taskRows()
    const outside = await post(danang, '', newTask())
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error.code).toBe('OUTSIDE_JURISDICTION')
    expect((await post(hanoiLeader, '', newTask())).statusCode).toBe(403)
    expect((await post(citizen, '', newTask())).statusCode).toBe(403)
    expect((await get(citizen)).statusCode).toBe(403)
    expect((await t.app.inject({ url: '/api/v1/governance/tasks' })).statusCode).toBe(401)
    expect(await taskRows()).toBe(before)
  })

  it('the lead agency reports progress with evidence: the task is then tracked electronically', async () => {
    const id = await assigned()
    const report = await post(hanoi, `/${id}/reports`, {
      progress: 40,
      summary: 'Đã kết nối 12/30 xã, phường',
      evidence: 'Báo cáo số 45/BC-UBND ngày 01/12',
    })
    expect(report.statusCode, report.body).toBe(201)
    expect(report.json()).toMatchObject({
      progress: 40,
      tracked: true,
      reports: [
        {
          progress: 40,
          summary: 'Đã kết nối 12/30 xã, phường',
          evidence: 'Báo cáo số 45/BC-UBND ngày 01/12',
        },
      ],
      can: { report: true, evaluate: false },
    })
    expect((await post(danang, `/${id}/reports`, { progress: 50, summary: 'x' })).statusCode).toBe(404)
    const bad = await post(hanoi, `/${id}/reports`, { progress: 140, summary: 'x' })
    expect(bad.statusCode).toBe(400)
    expect((await get(hanoi, `/${id}`)).json().reports).toHaveLength(1)
  })

  it('an extension is asked by the lead agency and decided by the assigner only', async () => {
    const id = await assigned({ deadline: day(10) })
    const asked = await post(hanoi, `/${id}/extensions`, {
      requestedDeadline: day(40),
      reason: 'Chờ hướng dẫn của Bộ',
    })
    expect(asked.statusCode, asked.body).toBe(201)
    const extensionId = asked.json().extensions[0].id
    const twice = await post(hanoi, `/${id}/extensions`, { requestedDeadline: day(50), reason: 'Lần nữa' })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('EXTENSION_PENDING')
    const self = await post(hanoiLeader, `/${id}/extensions/${extensionId}/decision`, { decision: 'granted' })
    expect(self.statusCode).toBe(403)
    expect(self.json().error.code).toBe('NOT_ASSIGNER')
    const granted = await post(government, `/${id}/extensions/${extensionId}/decision`, {
      decision: 'granted',
      note: 'Đồng ý',
    })
    expect(granted.statusCode, granted.body).toBe(200)
    expect(granted.json()).toMatchObject({ deadline: day(40), originalDeadline: day(10) })
    expect(granted.json().extensions[0]).toMatchObject({ status: 'granted', decisionNote: 'Đồng ý' })
    const again = await post(government, `/${id}/extensions/${extensionId}/decision`, { decision: 'refused' })
    expect(again.json().error.code).toBe('EXTENSION_DECIDED')
  })

  it('the assigner evaluates a completed task as the dates say, which closes it', async () => {
    const id = await assigned()
    const early = await post(government, `/${id}/evaluation`, { evaluation: 'on_time' })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('TASK_NOT_COMPLETED')
    expect((await post(hanoi, `/${id}/completion`, { completedOn: day(-1) })).statusCode).toBe(200)
    const wrong = await post(government, `/${id}/evaluation`, { evaluation: 'late' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.code).toBe('EVALUATION_CONTRADICTS_DATES')
    const byLead = await post(hanoiLeader, `/${id}/evaluation`, { evaluation: 'on_time' })
    expect(byLead.json().error.code).toBe('NOT_ASSIGNER')
    const evaluated = await post(government, `/${id}/evaluation`, {
      evaluation: 'on_time',
      note: 'Hoàn thành tốt',
    })
    expect(evaluated.statusCode, evaluated.body).toBe(200)
    expect(evaluated.json()).toMatchObject({ state: 'evaluated', evaluation: 'on_time', progress: 100 })
    const closed = await post(hanoi, `/${id}/reports`, { progress: 100, summary: 'Thêm' })
    expect(closed.statusCode).toBe(409)
    expect(closed.json().error.code).toBe('TASK_CLOSED')
  })

  it('a task past its deadline and not completed is overdue, listed as such and counted for its lead agency', async () => {
    const id = await assigned({
      documentDate: day(-90),
      deadline: day(-3),
      leadAgencyId: 'X00004',
      cooperatingAgencyIds: [],
    })
    const overdue = await get(hanoiLeader, '?state=overdue&pageSize=200')
    expect(overdue.statusCode).toBe(200)
    const item = overdue.json().items.find((i: { id: string }) => i.id === id)
    expect(item).toMatchObject({ state: 'overdue', tracked: false, lead: { id: 'X00004' } })
    expect(overdue.json().items.every((i: { state: string }) => i.state === 'overdue')).toBe(true)
    const counts = await taskCountsByAgency(t.db, new Date())
    expect(counts.find((c) => c.agencyId === 'X00004')?.counts).toMatchObject({
      'tasks.assigned': 1,
      'tasks.overdue': 1,
      'tasks.tracked': 0,
    })
  })
})

describe('ops.tasks on the programme dashboard', () => {
  it('counts the tasks led in a province: tracked ones over assigned ones, with the tasks behind the figure', async () => {
    const refresh = async () =>
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/metrics/refresh', headers: bearer(government) }))
          .statusCode,
      ).toBe(200)
    const figure = async () => {
      await refresh()
      const response = await t.app.inject({
        url: '/api/v1/metrics/programme?scope=H79',
        headers: bearer(government),
      })
      expect(response.statusCode, response.body).toBe(200)
      return response.json().targets.find((f: { id: string }) => f.id === 'ops.tasks')
    }
    expect(await figure()).toMatchObject({ value: null, status: 'not_measured' })
    const lead = { leadAgencyId: 'H79', cooperatingAgencyIds: [] }
    const reported = await assigned({ ...lead, documentNumber: '201/TB-VPCP' })
    await assigned({ ...lead, documentNumber: '202/TB-VPCP' })
    // Past its deadline with progress reported but no evaluation: not tracked to the end.
    const stale = await assigned({
      ...lead,
      documentNumber: '203/TB-VPCP',
      documentDate: day(-90),
      deadline: day(-60),
    })
    const hcmc = await t.token(
      (await createOfficial(t, 'H79', ['agency_admin'], 'tasks.hcmc')).username,
      FIXTURE_PASSWORD,
    )
    for (const id of [reported, stale])
      expect(
        (await post(hcmc, `/${id}/reports`, { progress: 30, summary: 'Đang triển khai' })).statusCode,
      ).toBe(201)
    const after = await figure()
    expect(after).toMatchObject({ numerator: 1, denominator: 3, status: 'behind' })
    expect(after.value).toBeCloseTo(1 / 3, 10)
    const records = await t.app.inject({ url: after.recordsUrl, headers: bearer(government) })
    expect(records.statusCode, records.body).toBe(200)
    expect(records.json()).toMatchObject({
      kind: 'task',
      total: 1,
      items: [{ id: '201/TB-VPCP', agencyId: 'H79', detail: 'in_progress' }],
    })
    // The nation counts the province's tasks too.
    const nation = await t.app.inject({
      url: '/api/v1/metrics/programme?scope=G00',
      headers: bearer(government),
    })
    expect(
      nation.json().targets.find((f: { id: string }) => f.id === 'ops.tasks').denominator,
    ).toBeGreaterThanOrEqual(3)
  })
})
