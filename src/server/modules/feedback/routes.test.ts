import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createCitizen, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { rowsOf } from '../../db/rows'

let t: TestApp
let client: ReturnType<typeof dossierClient>
let citizen: string
let officer: string
let leader: string
let stranger: string

beforeAll(async () => {
  t = await createTestApp()
  client = dossierClient(t)
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
  const other = await createCitizen(t, 'feedback.other')
  stranger = await t.token(other.username, FIXTURE_PASSWORD)
})
afterAll(() => t?.close())

/** demo.citizen's birth registration, carried to its result. */
async function decidedBirth(): Promise<string> {
  const code = await client.fileBirth(citizen)
  for (const [token, payload] of [
    [officer, { action: 'accept' }],
    [officer, { action: 'assign' }],
    [officer, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' }],
    [leader, { action: 'approve' }],
  ] as const) {
    const response = await client.act(token, code, payload)
    expect(response.statusCode, response.body).toBe(200)
  }
  return code
}

const rate = (token: string, code: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${code}/rating`, headers: bearer(token), payload })

const ratingOf = (token: string, code: string) =>
  t.app.inject({ url: `/api/v1/dossiers/${code}/rating`, headers: bearer(token) })

const ratingsKept = async (code: string) =>
  (
    await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from ratings where dossier_code = ${code}`,
    )
  )[0]!.n

describe('POST /api/v1/dossiers/:code/rating', () => {
  it('lets the applicant rate a decided dossier once; the applicant and its officials then see the rating', async () => {
    const code = await decidedBirth()
    const rated = await rate(citizen, code, { score: 'satisfied', comment: '  Nhanh và chu đáo  ' })
    expect(rated.statusCode, rated.body).toBe(201)
    expect(rated.json()).toEqual({
      dossierCode: code,
      score: 'satisfied',
      comment: 'Nhanh và chu đáo',
      createdAt: expect.any(String),
    })
    for (const token of [citizen, officer]) {
      const shown = await ratingOf(token, code)
      expect(shown.statusCode, shown.body).toBe(200)
      expect(shown.json()).toEqual({
        rating: { score: 'satisfied', comment: 'Nhanh và chu đáo', createdAt: rated.json().createdAt },
      })
    }
    const again = await rate(citizen, code, { score: 'dissatisfied' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_RATED')
    expect(await ratingsKept(code)).toBe(1)
  })

  it('refuses bad input with 400 and a localised message, and writes nothing', async () => {
    const code = await decidedBirth()
    for (const [payload, field] of [
      [{ score: 'great' }, 'score'],
      [{}, 'score'],
      [{ score: 'satisfied', comment: 'x'.repeat(1001) }, 'comment'],
      [{ score: 'satisfied', stars: 5 }, 'stars'],
    ] as [Record<string, unknown>, string][]) {
      const response = await rate(citizen, code, payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      // Vietnamese first: the message is Vietnamese unless the request asks for English.
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field })
      const english = await t.app.inject({
        method: 'POST',
        url: `/api/v1/dossiers/${code}/rating`,
        headers: { ...bearer(citizen), 'accept-language': 'en' },
        payload,
      })
      expect(english.json().error.message).not.toBe(response.json().error.message)
    }
    const badCode = await rate(citizen, 'not-a-code', { score: 'satisfied' })
    expect(badCode.statusCode).toBe(400)
    expect(await ratingsKept(code)).toBe(0)
    expect((await ratingOf(citizen, code)).json()).toEqual({ rating: null })
  })

  it("refuses someone else's dossier and an official's rating, and writes nothing", async () => {
    const code = await decidedBirth()
    const other = await rate(stranger, code, { score: 'dissatisfied' })
    expect(other.statusCode, other.body).toBe(404)
    expect((await ratingOf(stranger, code)).statusCode).toBe(404)
    const official = await rate(officer, code, { score: 'satisfied' })
    expect(official.statusCode).toBe(403)
    expect(await ratingsKept(code)).toBe(0)
  })

  it('refuses a rating before the result', async () => {
    const code = await client.fileBirth(citizen)
    const early = await rate(citizen, code, { score: 'satisfied' })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('NOT_YET_DECIDED')
    expect(await ratingsKept(code)).toBe(0)
  })
})

describe('GET /api/v1/ratings', () => {
  it("gives an official their agency's ratings with the count per score; a citizen gets 403", async () => {
    const code = await decidedBirth()
    expect((await rate(citizen, code, { score: 'acceptable' })).statusCode).toBe(201)
    const page = await t.app.inject({ url: '/api/v1/ratings?pageSize=200', headers: bearer(officer) })
    expect(page.statusCode, page.body).toBe(200)
    const body = page.json()
    expect(body.items).toContainEqual(
      expect.objectContaining({ dossierCode: code, score: 'acceptable', comment: null }),
    )
    expect(body.summary.total).toBe(
      body.summary.satisfied + body.summary.acceptable + body.summary.dissatisfied,
    )
    expect(body.summary.acceptable).toBeGreaterThanOrEqual(1)
    expect((await t.app.inject({ url: '/api/v1/ratings', headers: bearer(citizen) })).statusCode).toBe(403)
  })
})
