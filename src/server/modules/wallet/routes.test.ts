import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createCitizen, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { addDocument } from './service'

let t: TestApp
let issued: string
const HOLDER = 'Nguyễn Văn An'

beforeAll(async () => {
  t = await createTestApp()
  issued = await t.db.transaction((tx) =>
    addDocument(tx, null, {
      owner: { type: 'person', id: '001090000001' },
      code: 'KS-TEST-0001',
      type: 'birth-certificate',
      title: 'Giấy khai sinh',
      source: 'issued',
      data: { holderName: HOLDER, dateOfBirth: '1990-01-01', pin: '001090000001' },
      jws: 'header.payload.signature',
    }),
  )
})
afterAll(() => t.close())

const verify = (id: string) => t.app.inject({ url: `/api/v1/verify/${id}` })

describe('GET /api/v1/verify/:documentId', () => {
  it("tells anyone whether a document is genuine, with its holder's name masked and nothing more", async () => {
    const response = await verify(issued) // no session: anyone with the QR code
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(
      [
        'code',
        'fileSha256',
        'hasSignedFile',
        'holderName',
        'id',
        'issuedAt',
        'issuerAgencyId',
        'revokedAt',
        'signedDataSha256',
        'status',
        'title',
        'type',
      ].sort(),
    )
    expect(body).toMatchObject({
      id: issued,
      code: 'KS-TEST-0001',
      status: 'valid',
      revokedAt: null,
      holderName: 'Nguyễn V. A.',
      signedDataSha256: createHash('sha256').update('header.payload.signature').digest('hex'),
      fileSha256: null,
      hasSignedFile: false,
    })
    expect(response.body).not.toContain('header.payload.signature')
    expect(response.body).not.toContain('1990-01-01')
    expect(response.body).not.toContain('001090000001')
  })

  it('answers 404 for a document that does not exist and 400 for an id that is not one', async () => {
    const missing = await verify(randomUUID())
    expect(missing.statusCode).toBe(404)
    const malformed = await verify("1' or '1'='1")
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'documentId' })
  })
})

describe("another holder's document", () => {
  it('answers 404 exactly as a document that does not exist, for the document and for its file', async () => {
    const other = await createCitizen(t, 'wallet.other')
    const headers = bearer(await t.token(other.username, FIXTURE_PASSWORD))
    const citizen = bearer(await t.token('demo.citizen'))
    const theirs = await dossierClient(t).upload(await t.token('demo.citizen'))
    for (const path of ['', '/file']) {
      const mine = await t.app.inject({ url: `/api/v1/wallet/${theirs}${path}`, headers: citizen })
      expect(mine.statusCode).toBe(200)
      const foreign = await t.app.inject({ url: `/api/v1/wallet/${theirs}${path}`, headers })
      const missing = await t.app.inject({ url: `/api/v1/wallet/${randomUUID()}${path}`, headers })
      expect(foreign.statusCode, foreign.body).toBe(404)
      expect(foreign.json()).toEqual(missing.json())
      expect(foreign.json().error.code).toBe('DOCUMENT_NOT_FOUND')
    }
  })
})
