import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../tests/helpers/db'
import type { Database, Db } from '../db'
import { rowsOf } from '../db/rows'
import { workingCalendar } from '../modules/calendar/service'
import { getProcedureVersion, nextState, statusCodeOf } from '../modules/catalog/service'
import { nextDossierCode } from '../modules/dossiers/codes'
import { generateDossiers } from './dossiers-bulk'
import { generatePopulation } from './population'

const NOW = new Date('2026-03-10T05:00:00Z')
const DOSSIERS = 600

async function seeded(): Promise<Database> {
  const database = await testDatabase()
  await generatePopulation(database.db, { people: 400, businesses: 0, seed: 1, provinces: ['01'] })
  return database
}

interface DossierRow {
  code: string
  procedure_id: string
  status: string
  status_code: number
  stage: string | null
  receiving_agency_id: string
  submitted_at: string
  decided_at: string | null
  result_document_id: string | null
  applicant_id: string
}

describe('generateDossiers (bulk dossiers for demos and benchmarks)', () => {
  let database: Database
  let db: Db
  let result: Awaited<ReturnType<typeof generateDossiers>>
  let dossiers: DossierRow[]

  beforeAll(async () => {
    database = await seeded()
    db = database.db
    result = await generateDossiers(db, { dossiers: DOSSIERS, seed: 5, now: NOW })
    dossiers = await rowsOf<DossierRow>(
      db,
      sql`select code, procedure_id, status, status_code, stage, receiving_agency_id, submitted_at::text,
                 decided_at::text, result_document_id, applicant_id from dossiers order by code`,
    )
  }, 120_000)
  afterAll(() => database?.close())

  it('creates the dossiers asked for, with their history, items, documents and ratings', async () => {
    expect(dossiers).toHaveLength(DOSSIERS)
    const [counts] = await rowsOf<Record<string, number>>(
      db,
      sql`select (select count(*)::int from dossier_actions) as actions,
                 (select count(*)::int from dossier_items) as items,
                 (select count(*)::int from document_uses) as uses,
                 (select count(*)::int from ratings) as ratings,
                 (select count(*)::int from wallet_documents where source = 'issued' and dossier_code is not null) as results`,
    )
    expect(counts).toMatchObject({
      actions: result.actions,
      items: result.items,
      uses: result.documentUses,
      ratings: result.ratings,
    })
    expect(result.ratings).toBeGreaterThan(0)
    expect(counts!.results).toBe(dossiers.filter((d) => d.result_document_id).length)
    expect(new Set(dossiers.map((d) => d.status)).size).toBe(10)
  })

  it('keeps the live code format, one code per dossier, dated the day it was filed', () => {
    const calendar = workingCalendar()
    expect(new Set(dossiers.map((d) => d.code)).size).toBe(DOSSIERS)
    for (const dossier of dossiers) {
      expect(dossier.code).toMatch(/^(X\d{5}|H\d{2})-\d{6}-\d{4}$/)
      const [agency, day] = dossier.code.split('-')
      expect(agency).toBe(dossier.receiving_agency_id)
      expect(day).toBe(calendar.localDay(new Date(dossier.submitted_at)).slice(2).replaceAll('-', ''))
      expect(new Date(dossier.submitted_at).getTime()).toBeLessThanOrEqual(NOW.getTime())
    }
  })

  it('records for every dossier a history the workflow allows, ending in its state', async () => {
    const actions = await rowsOf<{ dossier_code: string; action: string; to_status: string; at: string }>(
      db,
      sql`select dossier_code, action, to_status, at::text from dossier_actions order by dossier_code, id`,
    )
    const history = new Map<string, typeof actions>()
    for (const action of actions)
      history.set(action.dossier_code, [...(history.get(action.dossier_code) ?? []), action])
    for (const dossier of dossiers) {
      const procedure = await getProcedureVersion(db, dossier.procedure_id)
      const [submit, ...steps] = history.get(dossier.code)!
      expect(submit!.action).toBe('submit')
      let status = submit!.to_status
      let previous: string | null = null
      let stage: string | null = null
      let at = submit!.at
      for (const step of steps) {
        const next = nextState(procedure.workflow, step.action, status, previous, undefined, { stage })
        expect(step.to_status).toBe(next.to)
        expect(new Date(step.at).getTime()).toBeGreaterThanOrEqual(new Date(at).getTime())
        if (next.to !== status) previous = status
        status = next.to
        stage = next.stage
        at = step.at
      }
      expect(status).toBe(dossier.status)
      expect(dossier.stage).toBe(stage)
      expect(dossier.status_code).toBe(statusCodeOf(dossier.status))
      expect(dossier.decided_at !== null).toBe(steps.some((s) => ['approve', 'reject'].includes(s.action)))
    }
  })

  it('files each result in its applicant’s wallet', async () => {
    const results = await rowsOf<{ code: string; owner_id: string; dossier_code: string }>(
      db,
      sql`select w.code, w.owner_id, w.dossier_code from wallet_documents w
          join dossiers d on d.result_document_id = w.id`,
    )
    const approved = dossiers.filter((d) => d.result_document_id)
    expect(results).toHaveLength(approved.length)
    for (const result of results) expect(result.code).toBe(`${result.dossier_code}-KQ1`)
  })

  it('moves the daily sequences past the generated codes: the next live code is new', async () => {
    const last = dossiers.at(-1)!
    const code = await db.transaction((tx) =>
      nextDossierCode(tx, last.receiving_agency_id, new Date(last.submitted_at)),
    )
    expect(dossiers.some((d) => d.code === code)).toBe(false)
    const behind = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from dossiers d join dossier_sequences s
          on s.agency_id = d.receiving_agency_id and to_char(s.day, 'YYMMDD') = split_part(d.code, '-', 2)
          where split_part(d.code, '-', 3)::int > s.last`,
    )
    expect(behind[0]!.n).toBe(0)
  })

  it('refuses a second import into the same database, and changes nothing', async () => {
    await expect(generateDossiers(db, { dossiers: 10, seed: 5, now: NOW })).rejects.toThrow(/already/)
    const [count] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from dossiers`)
    expect(count!.n).toBe(DOSSIERS)
    const audit = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where action = 'dossiers.generated'`,
    )
    expect(audit[0]!.n).toBe(1)
  })

  it('gives the same dossiers for the same seed on the same data', async () => {
    const other = await seeded()
    try {
      await generateDossiers(other.db, { dossiers: DOSSIERS, seed: 5, now: NOW })
      const digest = (d: Db) =>
        rowsOf<{ h: string }>(
          d,
          sql`select md5(string_agg(code || status || submitted_at::text || applicant_id, ',' order by code)) as h
              from dossiers`,
        )
      expect(await digest(other.db)).toEqual(await digest(db))
    } finally {
      await other.close()
    }
  }, 120_000)
})
