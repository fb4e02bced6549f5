import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient, newborn } from '../../../../tests/helpers/dossiers'
import { createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { demoProcedureFiles } from '../../country/procedures'
import { rowsOf } from '../../db/rows'
import { submitDossier, takeAction } from '../dossiers/service'
import { principalOfAccount } from '../identity/service'
import { NO_DOSSIERS_HERE, NO_RECORDS_YET, targetDefinitions } from './definitions'
import { backfillMetrics } from './service'
import type { ProgrammeDashboard, ServiceIndex, TargetFigure } from './types'

let t: TestApp
let admin: string
let citizen: string
let officer: string
let leader: string
let client: ReturnType<typeof dossierClient>

beforeAll(async () => {
  t = await createTestApp()
  client = dossierClient(t)
  admin = await t.token('demo.admin')
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
})
afterAll(() => t.close())

async function programme(scope = 'G00', token = admin): Promise<ProgrammeDashboard> {
  const response = await t.app.inject({
    url: `/api/v1/metrics/programme?scope=${scope}`,
    headers: bearer(token),
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

async function refresh() {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/metrics/refresh',
    headers: bearer(admin),
  })
  expect(response.statusCode, response.body).toBe(200)
}

/** One target's figure, refreshed, in Ba Đình's province. */
async function figure(id: string, scope = 'H01'): Promise<TargetFigure> {
  await refresh()
  return (await programme(scope)).targets.find((f) => f.id === id)!
}

async function itemsOf(code: string) {
  const [items] = await rowsOf<{ total: number; reused: number }>(
    t.db,
    sql`select count(*)::int as total, count(*) filter (where reused)::int as reused from dossier_items where dossier_code = ${code}`,
  )
  return items!
}

/** Files demo.citizen's birth registration and takes it to a signed, approved result. */
async function approvedBirth(): Promise<{ code: string; resultDocumentId: string }> {
  const code = await client.fileBirth(citizen)
  let resultDocumentId = ''
  for (const [token, action] of [
    [officer, 'accept'],
    [officer, 'assign'],
    [officer, 'submit_to_leader'],
    [leader, 'approve'],
  ] as const) {
    const response = await client.act(token, code, {
      action,
      note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo',
    })
    expect(response.statusCode, response.body).toBe(200)
    resultDocumentId = response.json().resultDocumentId
  }
  return { code, resultDocumentId }
}

describe('the programme dashboard', () => {
  it('shows all 18 targets with their 2027 and 2030 thresholds and an honest "as of"', async () => {
    const dashboard = await programme()
    expect(dashboard.targets).toHaveLength(18)
    expect(dashboard.scope).toMatchObject({ id: 'G00', ancestors: [] })
    expect(Date.now() - Date.parse(dashboard.asOf)).toBeLessThan(24 * 3600_000)
    expect(dashboard.targets.find((f) => f.id === 'svc.satisfaction')).toMatchObject({
      target2027: 0.95,
      target2030: 0.99,
      decision: '2629/QĐ-TTg',
    })
    expect(dashboard.targets.find((f) => f.id === 'svc.proactive')).toMatchObject({
      target2027: null,
      target2030: 0.5,
    })
  })

  it('gives each target the status the data defines: met at the target, on track from the share the data sets', async () => {
    const dashboard = await programme()
    expect(dashboard.statusRule.onTrackFrom).toBe(0.8)
    expect(dashboard.statusRule.method).toContain('80%')
    for (const f of dashboard.targets) {
      const target = f.target2027 ?? f.target2030
      const expected =
        f.value === null
          ? 'not_measured'
          : target === null || f.value >= target
            ? 'met'
            : f.value >= 0.8 * target
              ? 'on_track'
              : 'behind'
      expect(f.status, f.id).toBe(expected)
    }
  })

  it('says "not measured yet" with what is missing, never 0, where Sen does not hold the data', async () => {
    const { targets } = await programme()
    // The live targets are those with counters named in the targets file; the others say what Sen lacks.
    const definitions = new Map(targetDefinitions().map((d) => [d.id, d]))
    for (const f of targets) {
      const definition = definitions.get(f.id)!
      if (definition.numerator) expect(f.value !== null || f.missing === NO_RECORDS_YET.vi, f.id).toBe(true)
      else
        expect([f.value, f.numerator, f.status, f.missing], f.id).toEqual([
          null,
          null,
          'not_measured',
          definition.missing!.vi,
        ])
    }
    for (const f of targets.filter((x) => x.value !== null))
      expect(f.value).toBeCloseTo(f.numerator! / f.denominator!, 10)
  })

  it('keeps daily snapshots, rebuilt from the records’ own dates: a trend and the change since last month', async () => {
    // A dossier filed and decided a month ago, through the services as the demo replays history.
    const principal = (await principalOfAccount(t.db, 'demo.citizen'))!
    const days = (n: number) => new Date(Date.now() - n * 86_400_000)
    const { dossier } = await submitDossier(
      t.db,
      principal,
      client.birthApplication(await client.upload(citizen)),
      undefined,
      {
        at: days(33),
      },
    )
    const options = { publicUrl: 'http://localhost', at: days(32) }
    for (const [username, action] of [
      ['demo.officer', 'accept'],
      ['demo.officer', 'assign'],
      ['demo.officer', 'submit_to_leader'],
      ['demo.leader', 'approve'],
    ] as const)
      await takeAction(
        t.db,
        (await principalOfAccount(t.db, username))!,
        dossier.code,
        { action, note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' },
        options,
      )
    expect(await backfillMetrics(t.db, 34)).toBe(34)
    await refresh()
    const decided = (await programme('X00004', leader)).targets.find((f) => f.id === 'ops.e_records')!
    expect(decided.trend).toHaveLength(35)
    expect(decided.trend.map((p) => p.day)).toEqual([...decided.trend.map((p) => p.day)].sort())
    // Before the first decision there was nothing to divide: no figure, not a zero.
    expect(decided.trend[0]!.value).toBeNull()
    expect(decided.trend.at(-1)!.value).toBe(decided.value)
    expect(decided.monthAgo).toBe(1)
  }, 120_000) // rebuilds 34 days of snapshots over every agency of the country: slow on a loaded machine

  it('speaks English when asked', async () => {
    const response = await t.app.inject({
      url: '/api/v1/metrics/programme',
      headers: { 'accept-language': 'en' },
    })
    expect(response.json().targets[0].method).toMatch(/^Procedures in force offered fully online/)
  })
})

describe('each live target follows the records behind it', () => {
  it('svc.once_only: a birth filed with registry prefill adds its items, all reused but the new upload', async () => {
    const before = await figure('svc.once_only')
    const code = await client.fileBirth(citizen)
    const items = await itemsOf(code)
    expect(items.total).toBeGreaterThan(2)
    expect(items.reused).toBe(items.total - 1) // the birth notice was uploaded just now: new to the state
    const after = await figure('svc.once_only')
    expect(after.numerator).toBe(before.numerator! + items.reused)
    expect(after.denominator).toBe(before.denominator! + items.total)
    expect(after.value).toBeCloseTo(after.numerator! / after.denominator!, 10)
  })

  it('data.digitised and ops.e_records: an approved dossier counts once decided, signed and issued electronically', async () => {
    const [digitised, signed] = [await figure('data.digitised'), await figure('ops.e_records')]
    const code = await client.fileBirth(citizen)
    expect((await figure('data.digitised')).denominator).toBe(digitised.denominator) // not decided yet
    for (const [token, action] of [
      [officer, 'accept'],
      [officer, 'assign'],
      [officer, 'submit_to_leader'],
      [leader, 'approve'],
    ] as const)
      await client.act(token, code, { action, note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    const [digitisedAfter, signedAfter] = [await figure('data.digitised'), await figure('ops.e_records')]
    expect([digitisedAfter.numerator, digitisedAfter.denominator]).toEqual([
      digitised.numerator! + 1,
      digitised.denominator! + 1,
    ])
    expect([signedAfter.numerator, signedAfter.denominator]).toEqual([
      signed.numerator! + 1,
      signed.denominator! + 1,
    ])
  })

  it('data.reused: the issued birth certificate counts when issued, and as reused once a second dossier uses it', async () => {
    const before = await figure('data.reused')
    const { resultDocumentId: certificate } = await approvedBirth()
    const issued = await figure('data.reused')
    expect([issued.numerator, issued.denominator]).toEqual([before.numerator, before.denominator! + 1])
    const childPin = (
      await t.app.inject({ url: `/api/v1/wallet/${certificate}`, headers: bearer(citizen) })
    ).json().data.childPin as string
    const card = await client.submit(citizen, {
      procedureCode: '9.000001',
      data: {
        child: { fullName: newborn.fullName, pin: childPin, birthDate: newborn.birthDate, gender: 'male' },
        clinic: 'Trạm y tế phường Ba Đình',
      },
      documents: [{ requirementId: 'birth-certificate', walletDocumentId: certificate }],
      consent: true,
    })
    expect(card.statusCode, card.body).toBe(201)
    const reused = await figure('data.reused')
    expect([reused.numerator, reused.denominator]).toEqual([issued.numerator! + 1, issued.denominator])
  })

  it('svc.satisfaction: a dissatisfied rating adds to the ratings, not to the satisfied', async () => {
    const { code } = await approvedBirth()
    const before = await figure('svc.satisfaction')
    const rated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/rating`,
      headers: bearer(citizen),
      payload: { score: 'dissatisfied' },
    })
    expect(rated.statusCode, rated.body).toBe(201)
    const after = await figure('svc.satisfaction')
    expect([after.numerator, after.denominator]).toEqual([before.numerator, before.denominator! + 1])
    expect(after.value).toBeCloseTo(before.numerator! / (before.denominator! + 1), 10)
  })

  it('svc.full_online: a new procedure offered only partly online adds to the eligible, not to the full', async () => {
    const before = await figure('svc.full_online', 'G00')
    const birth = demoProcedureFiles().find((f) => f.input.code === '1.001193')!.input
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures',
      headers: bearer(admin),
      payload: {
        ...structuredClone(birth),
        code: '1.999301',
        onlineLevel: 'partial',
        name: 'Thủ tục một phần',
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const after = await figure('svc.full_online', 'G00')
    expect([after.numerator, after.denominator]).toEqual([before.numerator, before.denominator! + 1])
  })

  it('lists the records behind a numerator: codes and dates, no personal data', async () => {
    const response = await t.app.inject({
      url: '/api/v1/metrics/programme/ops.e_records/records?scope=H01&pageSize=5',
      headers: bearer(admin),
    })
    expect(response.statusCode, response.body).toBe(200)
    const records = response.json()
    expect(records.kind).toBe('dossier')
    expect(records.total).toBe((await figure('ops.e_records')).numerator)
    expect(records.items[0].id).toMatch(/^[A-Z0-9.]+-\d{6}-\d{4}$/)
    expect(JSON.stringify(records)).not.toMatch(/001090000001|Nguyễn Văn An/)
  })
})

describe('drill-down and who sees what', () => {
  it('the public sees the nation, not a province; a leader sees their own commune only', async () => {
    expect((await t.app.inject({ url: '/api/v1/metrics/programme' })).statusCode).toBe(200)
    const province = await t.app.inject({ url: '/api/v1/metrics/programme?scope=H01' })
    expect(province.statusCode).toBe(401)
    expect((await programme('X00004', leader)).scope.ancestors.map((a) => a.id)).toEqual(['G00', 'H01'])
    const above = await t.app.inject({ url: '/api/v1/metrics/programme?scope=H01', headers: bearer(leader) })
    expect(above.statusCode).toBe(403)
    const officerView = await t.app.inject({
      url: '/api/v1/metrics/programme?scope=X00004',
      headers: bearer(officer),
    })
    expect(officerView.statusCode).toBe(403)
  })

  it('a province leader drills from the province to its communes, but not into another province', async () => {
    const account = await createOfficial(t, 'H01', ['leader'], 'hanoi.leader')
    const token = await t.token(account.username, FIXTURE_PASSWORD)
    const hanoi = await programme('H01', token)
    expect(hanoi.children.length).toBeGreaterThan(10)
    expect(hanoi.children.map((c) => c.id)).toContain('X00004')
    const other = await t.app.inject({ url: '/api/v1/metrics/programme?scope=H79', headers: bearer(token) })
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('OUTSIDE_JURISDICTION')
    const records = await t.app.inject({
      url: '/api/v1/metrics/programme/ops.e_records/records?scope=H79',
      headers: bearer(token),
    })
    expect(records.statusCode).toBe(403)
  })

  it('the nation’s figures are the sum of its provinces’ for what agencies hold', async () => {
    const nation = await programme('G00')
    const decided = nation.targets.find((f) => f.id === 'ops.e_records')!
    let sum = 0
    for (const child of nation.children) {
      const f = (await programme(child.id)).targets.find((x) => x.id === 'ops.e_records')!
      sum += f.denominator ?? 0
    }
    expect(sum).toBe(decided.denominator)
  })
})

describe('export', () => {
  it('as CSV with a header and one row per target, and as JSON', async () => {
    const csv = await t.app.inject({ url: '/api/v1/metrics/programme/export?format=csv' })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="sen-programme-G00-\d{4}-\d{2}-\d{2}\.csv"/,
    )
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('id,name,value,numerator,denominator,target2027,target2030,status,asOf,scope')
    expect(lines).toHaveLength(19)
    // Measured, but no task entered yet: nothing to divide, no value; a target Sen cannot measure has no counts either.
    expect(lines.find((l) => l.startsWith('ops.tasks,'))).toMatch(/,,0,0,1,1,not_measured,/)
    for (const unmeasured of targetDefinitions().filter((d) => !d.numerator))
      expect(lines.find((l) => l.startsWith(`${unmeasured.id},`))).toMatch(/,,,,[^,]*,[^,]*,not_measured,/)
    const json = await t.app.inject({ url: '/api/v1/metrics/programme/export?format=json' })
    expect(json.json().targets).toHaveLength(18)
  })

  it('refuses an unknown format or a malformed scope with a 400 naming the field', async () => {
    const format = await t.app.inject({ url: '/api/v1/metrics/programme/export?format=xlsx' })
    expect(format.statusCode).toBe(400)
    expect(format.json().error.field).toBe('format')
    const scope = await t.app.inject({ url: "/api/v1/metrics/programme?scope=G00'--" })
    expect(scope.statusCode).toBe(400)
    const unknown = await t.app.inject({ url: '/api/v1/metrics/programme?scope=H99', headers: bearer(admin) })
    expect(unknown.statusCode).toBe(404)
  })
})

describe('the service-quality index', () => {
  it('has five groups of 18, 20, 22, 22 and 18 points, their indicators adding up to each group', async () => {
    const response = await t.app.inject({ url: '/api/v1/metrics/service-index?scope=X00004' })
    expect(response.statusCode, response.body).toBe(200)
    const index: ServiceIndex = response.json()
    expect(index.groups.map((g) => [g.id, g.maxPoints])).toEqual([
      ['publicity', 18],
      ['progress', 20],
      ['online', 22],
      ['digitisation', 22],
      ['satisfaction', 18],
    ])
    for (const g of index.groups) {
      expect(g.indicators.reduce((s, i) => s + i.maxPoints, 0)).toBe(g.maxPoints)
      expect(g.points).toBeCloseTo(
        g.indicators.reduce((s, i) => s + (i.points ?? 0), 0),
        1,
      )
      for (const i of g.indicators) {
        if (i.points === null) expect(i.missing).toBeTruthy()
        else expect(i.points).toBeCloseTo(i.maxPoints * Math.min(1, i.value! / i.threshold), 1)
      }
    }
    expect(index.points).toBeGreaterThan(0)
    expect(index.points).toBeLessThanOrEqual(index.measuredMaxPoints)
    expect(index.measuredMaxPoints).toBeLessThan(100)
  })

  it('on-time processing follows the dossiers: its numerator and denominator are the agency’s decided dossiers', async () => {
    await refresh()
    const index: ServiceIndex = (
      await t.app.inject({ url: '/api/v1/metrics/service-index?scope=X00004' })
    ).json()
    const onTime = index.groups[1]!.indicators.find((i) => i.id === 'progress.on_time')!
    const commune = (await programme('X00004', leader)).targets.find((f) => f.id === 'ops.e_records')!
    expect(onTime.denominator).toBe(commune.denominator)
    const records = await t.app.inject({
      url: '/api/v1/metrics/service-index/progress.on_time/records?scope=X00004',
    })
    expect(records.json().total).toBe(onTime.numerator)
  })

  it('ranks the provinces, publicly', async () => {
    const response = await t.app.inject({ url: '/api/v1/metrics/service-index/ranking?level=province' })
    expect(response.statusCode).toBe(200)
    const { rows } = response.json()
    expect(rows).toHaveLength(34)
    expect(rows.map((r: { rank: number }) => r.rank)).toEqual(rows.map((_: unknown, i: number) => i + 1))
    // Hà Nội has the dossiers of these tests; a province without any comes after every one with some.
    expect(rows[0].id).toBe('H01')
    expect(rows.slice(1).every((r: { dossiers: number }) => r.dossiers === 0)).toBe(true)
  })

  it('measures nothing, and gives no points, where no dossier has been filed: a province without any scores "not measured"', async () => {
    await refresh()
    const { rows } = (
      await t.app.inject({ url: '/api/v1/metrics/service-index/ranking?level=province' })
    ).json() as { rows: { id: string; points: number; measuredMaxPoints: number; dossiers: number }[] }
    const empty = rows.filter((r) => r.dossiers === 0)
    expect(empty.length).toBeGreaterThan(0)
    for (const row of empty) expect(row, row.id).toMatchObject({ points: 0, measuredMaxPoints: 0 })
    const response = await t.app.inject({
      url: `/api/v1/metrics/service-index?scope=${empty[0]!.id}`,
      headers: { 'accept-language': 'en' },
    })
    const index: ServiceIndex = response.json()
    expect(index).toMatchObject({ points: 0, measuredMaxPoints: 0 })
    const catalogBased = ['publicity.complete', 'online.offered', 'online.used', 'online.payable']
    for (const indicator of index.groups.flatMap((g) => g.indicators)) {
      expect(indicator.points, indicator.id).toBeNull()
      expect(indicator.value, indicator.id).toBeNull()
      if (catalogBased.includes(indicator.id)) expect(indicator.missing).toBe(NO_DOSSIERS_HERE.en)
    }
    // Where dossiers are filed, the same indicators are measured from the catalog as before.
    const hanoi: ServiceIndex = (
      await t.app.inject({ url: '/api/v1/metrics/service-index?scope=H01' })
    ).json()
    const measured = hanoi.groups.flatMap((g) => g.indicators).filter((i) => catalogBased.includes(i.id))
    for (const indicator of measured) expect(indicator.value, indicator.id).not.toBeNull()
  })

  it('refuses an unknown indicator with a 404', async () => {
    const response = await t.app.inject({ url: '/api/v1/metrics/service-index/progress.nothing/records' })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('INDICATOR_NOT_FOUND')
  })
})

describe('refresh', () => {
  it('only a system administrator may force one; others get 403, anonymous 401, nothing changes', async () => {
    const auditEvents = async () => {
      return (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from audit_events`))[0]!.n
    }
    const before = await auditEvents()
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/metrics/refresh', headers: bearer(leader) }))
        .statusCode,
    ).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/metrics/refresh' })).statusCode).toBe(401)
    expect(await auditEvents()).toBe(before)
  })
})
