import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../tests/helpers/app'
import { dossierClient } from '../../../tests/helpers/dossiers'
import { rowsOf } from '../db/rows'
import { MAX_JSON_DEPTH } from './json-body'

let t: TestApp
let citizen: string
let birthNotice: string

beforeAll(async () => {
  t = await createTestApp()
  citizen = await t.token('demo.citizen')
  birthNotice = await dossierClient(t).upload(citizen)
})
afterAll(() => t.close())

/** What a refused request must leave as it was. */
async function written() {
  const [counts] = await rowsOf<Record<string, number>>(
    t.db,
    sql`select
    (select count(*)::int from dossiers) as dossiers,
    (select count(*)::int from drafts) as drafts,
    (select count(*)::int from audit_events) as audit,
    (select count(*)::int from registry_access_log) as "registryReads",
    (select count(*)::int from notifications) as notices`,
  )
  return counts
}

/** `{"a":{"a":…1…}}`, `levels` objects deep, as text (JSON.stringify itself would overflow on deep ones). */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

const send = (method: 'POST' | 'PUT', url: string, payload: string, lang = 'vi') =>
  t.app.inject({
    method,
    url,
    headers: { ...bearer(citizen), 'content-type': 'application/json', 'accept-language': lang },
    payload,
  })

/** The birth registration with `extra` as raw JSON text inside its form data. */
const applicationWith = (extra: string) => {
  const application = JSON.stringify(dossierClient(t).birthApplication(birthNotice))
  return application.replace('"data":{', `"data":{"extra":${extra},`)
}

describe('JSON nested deeper than any form', () => {
  it('a submission 3,000 levels deep (15 KB) is a 400 JSON_TOO_DEEP, and nothing is written', async () => {
    const before = await written()
    const body = applicationWith(nested(3000))
    expect(body.length).toBeLessThan(20_000)
    const response = await send('POST', '/api/v1/dossiers', body)
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json()).toEqual({
      error: {
        code: 'JSON_TOO_DEEP',
        message: `Nội dung gửi lên lồng nhau quá sâu (tối đa ${MAX_JSON_DEPTH} cấp).`,
      },
    })
    expect(await written()).toEqual(before)
  })

  it('a draft 3,000 levels deep is refused alike (in English when asked), and no draft is saved', async () => {
    const before = await written()
    const response = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      `{"data":${nested(3000)},"documents":[]}`,
      'en',
    )
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json().error).toEqual({
      code: 'JSON_TOO_DEEP',
      message: `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
    })
    expect(await written()).toEqual(before)
  })

  it(`takes a body ${MAX_JSON_DEPTH} levels deep and refuses one level more, on every route (arrays count too)`, async () => {
    // The body's own object is the first level, `data` the second.
    const deepest = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      `{"data":${nested(MAX_JSON_DEPTH - 1)},"documents":[]}`,
    )
    expect(deepest.statusCode, deepest.body).toBe(200)
    const over = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      `{"data":${nested(MAX_JSON_DEPTH)},"documents":[]}`,
    )
    expect(over.json().error.code).toBe('JSON_TOO_DEEP')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":${'['.repeat(100)}${']'.repeat(100)},"password":"x"}`,
    })
    expect(login.statusCode).toBe(400)
    expect(login.json().error.code).toBe('JSON_TOO_DEEP')
  })
})

describe('a lone surrogate (half of a UTF-16 pair, not a character)', () => {
  it('in a draft is a 400 INVALID_CHARACTERS naming the field, and no draft is saved', async () => {
    await t.app.inject({ method: 'DELETE', url: '/api/v1/drafts/1.001193', headers: bearer(citizen) })
    const before = await written()
    const response = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      '{"data":{"note":"ab\\ud800"},"documents":[]}',
    )
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json()).toEqual({
      error: {
        code: 'INVALID_CHARACTERS',
        message:
          'Nội dung gửi lên chứa ký tự không hợp lệ (nửa cặp surrogate UTF-16 đứng riêng, không phải ký tự Unicode).',
        field: 'data.note',
      },
    })
    const inKey = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      '{"data":{"\\udfffx":"a"},"documents":[]}',
      'en',
    )
    expect(inKey.statusCode).toBe(400)
    expect(inKey.json().error).toEqual({
      code: 'INVALID_CHARACTERS',
      message:
        'The request contains a character that is not allowed (a lone UTF-16 surrogate, which is not a Unicode character).',
      field: 'data',
    })
    expect(await written()).toEqual(before)
  })

  it('in a submission is refused alike, and nothing is written', async () => {
    const before = await written()
    const response = await send(
      'POST',
      '/api/v1/dossiers',
      applicationWith('"x"').replace(
        '"fullName":"Nguyễn Minh Khang"',
        '"fullName":"Nguyễn Minh Khang\\ud800"',
      ),
    )
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json().error).toMatchObject({ code: 'INVALID_CHARACTERS', field: 'data.child.fullName' })
    expect(await written()).toEqual(before)
  })

  it('a whole pair (an emoji) is text like any other, kept as sent', async () => {
    const response = await send(
      'PUT',
      '/api/v1/drafts/1.001193',
      '{"data":{"note":"Sen \\ud83d\\ude00"},"documents":[]}',
    )
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().data).toEqual({ note: 'Sen 😀' })
  })
})
