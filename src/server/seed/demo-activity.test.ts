import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'
import { rowsOf } from '../db/rows'
import { taskCountsByAgency } from '../modules/governance/service'
import { backfillMetrics, refreshMetrics } from '../modules/metrics/service'
import { loadDemoActivity } from './demo-activity'
import { loadDemoGovernance } from './demo-governance'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  await loadDemoActivity(t.db, { dossiers: 60, publicUrl: 'http://localhost:3000' })
  await loadDemoGovernance(t.db)
  await backfillMetrics(t.db, 45)
}, 180_000)
afterAll(() => t.close())

describe('the demo activity of a first start', () => {
  it('files dossiers in most states, at several communes, with signed results, late ones and ratings', async () => {
    const [figures] = await rowsOf<{
      states: number
      agencies: number
      results: number
      late: number
      ratings: number
    }>(
      t.db,
      sql`select
      (select count(distinct status_code)::int from dossiers) as states,
      (select count(distinct competent_agency_id)::int from dossiers) as agencies,
      (select count(*)::int from dossiers where result_document_id is not null and decision_signed) as results,
      (select count(*)::int from dossiers where decided_at > due_at) as late,
      (select count(*)::int from ratings) as ratings`,
    )
    expect(figures!.states).toBeGreaterThanOrEqual(7)
    expect(figures!.agencies).toBeGreaterThanOrEqual(3)
    expect(figures!.results).toBeGreaterThan(10)
    expect(figures!.late).toBeGreaterThan(0)
    expect(figures!.ratings).toBeGreaterThan(5)
  })

  it('dates reuse and ratings when they happened, so that the programme trends have a history', async () => {
    const response = await t.app.inject({ url: '/api/v1/metrics/programme?scope=G00' })
    expect(response.statusCode).toBe(200)
    const targets = response.json().targets as {
      id: string
      trend: { day: string; value: number | null }[]
    }[]
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)
    for (const id of ['svc.once_only', 'svc.satisfaction', 'data.reused']) {
      const measured = targets
        .find((target) => target.id === id)!
        .trend.filter((point) => point.value !== null)
      expect(measured.length, id).toBeGreaterThan(7)
      expect(measured[0]!.day < weekAgo, `${id} first measured on ${measured[0]!.day}`).toBe(true)
    }
  })

  it('enters the governance records through their services, uneven across provinces and ministries', async () => {
    const response = await t.app.inject({ url: '/api/v1/metrics/programme?scope=G00' })
    const tasks = response.json().targets.find((target: { id: string }) => target.id === 'ops.tasks')
    expect(tasks.denominator).toBeGreaterThan(40)
    expect(tasks.value).toBeGreaterThan(0.1)
    expect(tasks.value).toBeLessThan(0.9)
    const shares = (await taskCountsByAgency(t.db, new Date())).map(
      ({ counts }) => counts['tasks.tracked']! / counts['tasks.assigned']!,
    )
    expect(new Set(shares.map((s) => s.toFixed(2))).size).toBeGreaterThan(4)
    expect(shares.some((s) => s === 0) && shares.some((s) => s === 1)).toBe(true)
    // Periodic reports: most owed reports sent, some late, some missing.
    const reporting = response.json().targets.find((target: { id: string }) => target.id === 'ops.reporting')
    expect(reporting.denominator).toBe(9 + 34 + 34) // the quarterly (ministries, provinces) and the yearly one
    expect(reporting.value).toBeGreaterThan(0.2)
    expect(reporting.value).toBeLessThan(0.95)
  })

  it('connects the registries, the wallet and a sandbox tax system through the gateway: gov.systems_connected is live', async () => {
    const [log] = await rowsOf<{ answered: number; services: number }>(
      t.db,
      sql`select (select count(*)::int from exchange_log where status = 200) as answered,
        (select count(distinct service_id)::int from exchange_log where status = 200) as services`,
    )
    expect(log!.answered).toBeGreaterThanOrEqual(10)
    expect(log!.services).toBe(4)
    await refreshMetrics(t.db)
    const response = await t.app.inject({ url: '/api/v1/metrics/programme?scope=G00' })
    const target = response
      .json()
      .targets.find((target: { id: string }) => target.id === 'gov.systems_connected')
    // Five of six registered systems exchanged data (Hà Nội's document system is not connected yet).
    expect(target.value).toBeCloseTo(5 / 6, 5)
    // demo.citizen sees the gateway's reads of their data in their tracker.
    const citizen = await t.token('demo.citizen')
    const reads = await t.app.inject({
      url: '/api/v1/exchange/my-reads',
      headers: { authorization: `Bearer ${citizen}` },
    })
    expect(reads.json().items.filter((r: { source: string }) => r.source === 'gateway')).toHaveLength(2)
  })
})
