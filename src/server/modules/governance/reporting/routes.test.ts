import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../../tests/helpers/app'
import { dossierClient } from '../../../../../tests/helpers/dossiers'
import { createOfficial, FIXTURE_PASSWORD } from '../../../../../tests/helpers/fixtures'
import { rowsOf } from '../../../db/rows'
import { workingCalendar } from '../../calendar/service'
import { addDays, periodOf, previousPeriod } from './periods'

let t: TestApp
let government: string
let hanoi: string
let hanoiLeader: string
let danang: string

const today = () => workingCalendar().localDay(new Date())
const thisQuarter = () => periodOf('quarterly', today())
const lastQuarter = () => previousPeriod('quarterly', thisQuarter())
const thisMonth = () => periodOf('monthly', today())
const lastMonth = () => previousPeriod('monthly', thisMonth())

beforeAll(async () => {
  t = await createTestApp()
  government = await t.token('demo.admin')
  const as = async (agencyId: string, roles: Parameters<typeof createOfficial>[2], prefix: string) =>
    t.token((await createOfficial(t, agencyId, roles, prefix)).username, FIXTURE_PASSWORD)
  hanoi = await as('H01', ['agency_admin'], 'reporting.hanoi')
  hanoiLeader = await as('H01', ['leader'], 'reporting.hanoi.leader')
  danang = await as('H48', ['agency_admin'], 'reporting.danang')
})
afterAll(() => t?.close())

/** A quarterly regime the provinces report to the Government office, due the day its quarter ends. */
const provincesRegime = (overrides: Record<string, unknown> = {}) => ({
  code: 'BC-CCHC-Q',
  name: 'Báo cáo công tác cải cách hành chính hằng quý',
  legalBasis: 'Thông tư 01/2020/TT-BNV; Nghị định 09/2019/NĐ-CP',
  period: 'quarterly',
  recipientAgencyId: 'G00',
  reporterLevels: ['province'],
  deadlineDays: 0,
  startsOn: addDays(today(), -400),
  indicators: [
    {
      code: 'received',
      name: 'Số hồ sơ tiếp nhận',
      type: 'integer',
      unit: 'hồ sơ',
      source: 'dossiers.received',
    },
    {
      code: 'decided',
      name: 'Số hồ sơ đã giải quyết',
      type: 'integer',
      unit: 'hồ sơ',
      source: 'dossiers.decided',
    },
    { code: 'satisfaction', name: 'Tỷ lệ hài lòng', type: 'percent', unit: '%' },
    { code: 'inspected', name: 'Đã tự kiểm tra', type: 'boolean', required: false },
    { code: 'notes', name: 'Khó khăn, vướng mắc', type: 'text', required: false },
  ],
  ...overrides,
})

const post = (token: string, url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/governance/reporting/regimes${url}`,
    headers: { ...bearer(token), 'accept-language': 'vi' },
    payload,
  })
const get = (token: string, url = '') =>
  t.app.inject({ url: `/api/v1/governance/reporting/regimes${url}`, headers: bearer(token) })

const rows = async () =>
  (
    await rowsOf<{ n: number }>(
      t.db,
      sql`select (select count(*) from gov_report_regimes) + (select count(*) from gov_report_submissions) as n`,
    )
  )[0]!.n

let regimeId = ''

describe('reporting regimes', () => {
  it('the Government office registers a regime; every province owes its report, each sees only its own', async () => {
    const created = await post(government, '', provincesRegime())
    expect(created.statusCode, created.body).toBe(201)
    regimeId = created.json().id
    expect(created.json()).toMatchObject({
      code: 'BC-CCHC-Q',
      recipient: { id: 'G00' },
      latestDue: { period: lastQuarter(), expected: 34, submitted: 0, missing: 34 },
    })
    const list = await get(hanoiLeader)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items).toHaveLength(1)
    expect(list.json().summary).toMatchObject({ regimes: 1, expected: 1, missing: 1 })
    const detail = await get(hanoi, `/${regimeId}`)
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json().reporters.map((r: { agency: { id: string } }) => r.agency.id)).toEqual(['H01'])
    expect(detail.json().can.submit).toBe(true)
    expect((await get(danang, `/${regimeId}?agencyId=H01`)).statusCode).toBe(403)
  })

  it('refuses bad regimes with a 4xx and a code, and writes nothing', async () => {
    const before = await rows()
    const indicators = provincesRegime().indicators
    for (const [token, payload, status, code] of [
      [
        government,
        provincesRegime({ code: 'X1', indicators: [indicators[0], indicators[0]] }),
        400,
        'INDICATOR_DUPLICATE',
      ],
      [
        government,
        provincesRegime({ code: 'X2', indicators: [{ ...indicators[2], source: 'dossiers.received' }] }),
        400,
        'SOURCE_TYPE_MISMATCH',
      ],
      [government, provincesRegime({ code: 'X3', recipientAgencyId: 'X00004' }), 400, 'NO_REPORTERS'],
      [government, provincesRegime({ code: 'X4', period: 'weekly' }), 400, 'VALIDATION_FAILED'],
      [government, provincesRegime(), 409, 'REGIME_CODE_TAKEN'],
      [
        danang,
        provincesRegime({ code: 'X5', recipientAgencyId: 'H01', reporterLevels: ['commune'] }),
        403,
        'OUTSIDE_JURISDICTION',
      ],
      [
        hanoiLeader,
        provincesRegime({ code: 'X6', recipientAgencyId: 'H01', reporterLevels: ['commune'] }),
        403,
        'FORBIDDEN',
      ],
    ] as const) {
      const response = await post(token, '', payload)
      expect(response.statusCode, `${payload.code}: ${response.body}`).toBe(status)
      expect(response.json().error.code).toBe(code)
      expect(response.json().error.message).toMatch(/\S/)
    }
    expect(await rows()).toBe(before)
  })

  it('checks every value of a submission against its indicator, and the period and reporter, writing nothing on a refusal', async () => {
    const before = await rows()
    const good = { received: 120, decided: 100, satisfaction: 92.5 }
    for (const [token, body, status, code] of [
      [
        hanoi,
        { agencyId: 'H01', period: lastQuarter(), values: { ...good, extra: 1 } },
        400,
        'UNKNOWN_INDICATOR',
      ],
      [
        hanoi,
        { agencyId: 'H01', period: lastQuarter(), values: { received: 1, decided: 1 } },
        400,
        'VALUE_REQUIRED',
      ],
      [
        hanoi,
        { agencyId: 'H01', period: lastQuarter(), values: { ...good, satisfaction: 140 } },
        400,
        'VALUE_INVALID',
      ],
      [
        hanoi,
        { agencyId: 'H01', period: lastQuarter(), values: { ...good, received: 2.5 } },
        400,
        'VALUE_INVALID',
      ],
      [
        hanoi,
        { agencyId: 'H01', period: lastQuarter(), values: { ...good, inspected: 'có' } },
        400,
        'VALUE_INVALID',
      ],
      [hanoi, { agencyId: 'H01', period: lastMonth(), values: good }, 400, 'PERIOD_INVALID'],
      [hanoi, { agencyId: 'H01', period: thisQuarter(), values: good }, 409, 'PERIOD_NOT_ENDED'],
      [hanoi, { agencyId: 'H01', period: '2020-Q1', values: good }, 400, 'PERIOD_BEFORE_REGIME'],
      [hanoi, { agencyId: 'X00004', period: lastQuarter(), values: good }, 400, 'NOT_A_REPORTER'],
      [danang, { agencyId: 'H01', period: lastQuarter(), values: good }, 403, 'OUTSIDE_JURISDICTION'],
    ] as const) {
      const response = await post(token, `/${regimeId}/submissions`, body)
      expect(response.statusCode, `${code}: ${response.body}`).toBe(status)
      expect(response.json().error.code).toBe(code)
    }
    expect(await rows()).toBe(before)
  })

  it('a province submits, prefilled from Sen’s own dossiers; late after the due day; once per period', async () => {
    const client = dossierClient(t)
    const prefill = async () => {
      const response = await get(hanoi, `/${regimeId}/prefill?agencyId=H01&period=${thisQuarter()}`)
      expect(response.statusCode, response.body).toBe(200)
      return response.json().values
    }
    const before = await prefill()
    await client.fileBirth(await t.token('demo.citizen'))
    // The birth was filed at Ba Đình, a commune of Hà Nội: the province's report counts it.
    expect(await prefill()).toEqual({ received: before.received + 1, decided: before.decided })

    const sent = await post(hanoi, `/${regimeId}/submissions`, {
      agencyId: 'H01',
      period: lastQuarter(),
      values: { received: 120, decided: 100, satisfaction: 90, notes: '  Thiếu kinh phí số hóa  ' },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(sent.json()).toMatchObject({
      late: true,
      values: { received: 120, notes: 'Thiếu kinh phí số hóa', inspected: null },
    })
    const twice = await post(hanoi, `/${regimeId}/submissions`, {
      agencyId: 'H01',
      period: lastQuarter(),
      values: { received: 1, decided: 1, satisfaction: 1 },
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('SUBMISSION_EXISTS')
    const [audit] = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'governance.report_submitted' and entity_id = ${sent.json().id}`,
    )
    expect(audit!.n).toBe(1)
  })

  it('adds the values up the agency tree: a province sees its communes’ total, the nation every province’s', async () => {
    const created = await post(hanoi, '', {
      code: 'BC-HT-HN',
      name: 'Báo cáo thống kê hộ tịch hằng tháng',
      legalBasis: 'Thông tư 03/2023/TT-BTP',
      period: 'monthly',
      recipientAgencyId: 'H01',
      reporterLevels: ['commune'],
      // Due 40 days after the month, from last month on: its reports are awaited, none missing yet.
      deadlineDays: 40,
      startsOn: `${lastMonth()}-01`,
      indicators: [
        { code: 'births', name: 'Số khai sinh', type: 'integer', unit: 'trường hợp' },
        { code: 'digitised', name: 'Tỷ lệ sổ hộ tịch đã số hóa', type: 'percent', unit: '%' },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id
    for (const [agencyId, births, digitised] of [
      ['X00004', 12, 80],
      ['X00008', 30, 40],
    ] as const) {
      const response = await post(hanoi, `/${id}/submissions`, {
        agencyId,
        period: lastMonth(),
        values: { births, digitised },
      })
      expect(response.statusCode, response.body).toBe(201)
      expect(response.json().late).toBe(false)
    }
    const province = (await get(hanoiLeader, `/${id}?period=${lastMonth()}`)).json()
    expect(province.aggregate).toEqual([
      { code: 'births', value: 42, reporters: 2, how: 'sum' },
      { code: 'digitised', value: 60, reporters: 2, how: 'mean' },
    ])
    const states = new Map(
      province.reporters.map((r: { agency: { id: string }; state: string }) => [r.agency.id, r.state]),
    )
    expect(states.get('X00004')).toBe('submitted')
    expect(states.get('X00070')).toBe('awaited')
    const commune = (await get(government, `/${id}?agencyId=X00004&period=${lastMonth()}`)).json()
    expect(commune.aggregate[0]).toMatchObject({ value: 12, reporters: 1 })

    const nation = (await get(government, `/${regimeId}?period=${lastQuarter()}`)).json()
    expect(nation.reporters).toHaveLength(34)
    expect(nation.aggregate[0]).toEqual({ code: 'received', value: 120, reporters: 1, how: 'sum' })
    expect(nation.reporters.filter((r: { state: string }) => r.state === 'missing')).toHaveLength(33)
  })

  it('ops.reporting on the dashboard: the reports owed for the latest due periods, and those sent on Sen', async () => {
    const figure = async (scope: string) => {
      const refreshed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/metrics/refresh',
        headers: bearer(government),
      })
      expect(refreshed.statusCode).toBe(200)
      const response = await t.app.inject({
        url: `/api/v1/metrics/programme?scope=${scope}`,
        headers: bearer(government),
      })
      return response.json().targets.find((f: { id: string }) => f.id === 'ops.reporting')
    }
    expect(await figure('H48')).toMatchObject({ numerator: 0, denominator: 1, value: 0 })
    const sent = await post(danang, `/${regimeId}/submissions`, {
      agencyId: 'H48',
      period: lastQuarter(),
      values: { received: 40, decided: 38, satisfaction: 97 },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    const after = await figure('H48')
    expect(after).toMatchObject({ numerator: 1, denominator: 1, value: 1, status: 'met' })
    const records = await t.app.inject({ url: after.recordsUrl, headers: bearer(government) })
    expect(records.json()).toMatchObject({
      kind: 'submission',
      total: 1,
      items: [{ id: `BC-CCHC-Q · ${lastQuarter()}`, agencyId: 'H48', detail: 'late' }],
    })
    // The nation: 34 provinces owe the quarterly report, two sent it.
    expect(await figure('G00')).toMatchObject({ numerator: 2, denominator: 34 })
  })
})
