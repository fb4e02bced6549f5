import { X509Certificate } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { flipByte, SAMPLE } from '../../../../tests/helpers/signing'
import { ROOT_CA_NAME, renderResultPdf, signResultPdf } from './service'

let t: TestApp
let signed: Buffer
let leaderId: string
/** demo.leader's keys as the demo data left them, before any test asked for one. */
let seededKeys: { owner_type: string; serial: string }[]
const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows
beforeAll(async () => {
  t = await createTestApp()
  const [leader] = await rows<{ id: string }>(sql`select id from users where username = 'demo.leader'`)
  leaderId = leader!.id
  seededKeys = await rows(sql`select owner_type, serial from signing_keys where owner_id = ${leaderId}`)
  // A result as the approval signs it: demo.leader's personal signature, then the agency's.
  signed = await signResultPdf(t.db, {
    pdf: await renderResultPdf(SAMPLE),
    official: { userId: leaderId, displayName: 'Lê Văn Cường', agencyName: 'UBND phường Ba Đình' },
    agency: { id: 'H01.X00001', name: 'UBND phường Ba Đình' },
    subject: 'Kết quả hồ sơ',
    location: 'Hà Nội',
  })
})
afterAll(() => t.close())

const verify = (body: Buffer | string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/verify',
    headers: { 'content-type': 'application/pdf', ...headers },
    payload: body,
  })

describe('GET /api/v1/signing/root.pem', () => {
  it('serves the root certificate to anyone', async () => {
    const response = await t.app.inject({ url: '/api/v1/signing/root.pem' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/x-pem-file/)
    expect(new X509Certificate(response.body).subject).toContain(ROOT_CA_NAME)
  })
})

describe('GET /api/v1/signing/keys/me', () => {
  it('shows a leader the certificate issued with their account, naming the capacity they sign in', async () => {
    const token = await t.token('demo.leader')
    const response = await t.app.inject({ url: '/api/v1/signing/keys/me', headers: bearer(token) })
    expect(response.statusCode).toBe(200)
    const key = response.json()
    expect(key).toMatchObject({ ownerType: 'official', ownerId: leaderId, revoked: false })
    expect(key.subject).toMatch(
      /^CN=Lê Văn Cường, title=Lãnh đạo, UID=[0-9a-f-]{36}, O=UBND phường Ba Đình, C=VN$/,
    )
    // The demo data issued it with the account, before anyone asked.
    expect(seededKeys).toEqual([{ owner_type: 'official', serial: key.serial }])
    expect(key.serial).toMatch(/^[0-9a-f]{32}$/)
    expect(new Date(key.notAfter).getTime()).toBeGreaterThan(Date.now())
    const again = await t.app.inject({ url: '/api/v1/signing/keys/me', headers: bearer(token) })
    expect(again.json().id).toBe(key.id)
  })

  it('is for officials only', async () => {
    const citizen = await t.token('demo.citizen')
    expect(
      (await t.app.inject({ url: '/api/v1/signing/keys/me', headers: bearer(citizen) })).statusCode,
    ).toBe(403)
    expect((await t.app.inject({ url: '/api/v1/signing/keys/me' })).statusCode).toBe(401)
  })
})

describe('POST /api/v1/verify', () => {
  it('says a signed result is valid, in Vietnamese by default', async () => {
    const response = await verify(signed)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      status: 'valid',
      message: 'Chữ ký số hợp lệ: văn bản do những người ký nêu dưới đây ký và chưa bị thay đổi sau khi ký.',
      signer: { cn: 'UBND phường Ba Đình', ownerType: 'agency', ownerId: 'H01.X00001' },
      reason: 'Chữ ký số của cơ quan: Kết quả hồ sơ',
      subFilter: 'ETSI.CAdES.detached',
      signatures: 2,
      detail: null,
    })
  })

  it('lists both signers: the leader by name and title, then the agency seal', async () => {
    const { signers } = (await verify(signed)).json()
    expect(signers).toHaveLength(2)
    expect(signers[0]).toMatchObject({
      status: 'valid',
      signer: {
        cn: 'Lê Văn Cường',
        title: 'Lãnh đạo',
        ownerType: 'official',
        ownerId: leaderId,
        organisation: 'UBND phường Ba Đình',
      },
      reason: 'Phê duyệt: Kết quả hồ sơ',
      location: 'Hà Nội',
      coversWholeFile: false,
      detail: null,
    })
    expect(signers[1]).toMatchObject({
      status: 'valid',
      signer: { cn: 'UBND phường Ba Đình', title: null, ownerType: 'agency', ownerId: 'H01.X00001' },
      coversWholeFile: true,
    })
    expect(new Date(signers[0].signedAt).getTime()).toBeLessThanOrEqual(
      new Date(signers[1].signedAt).getTime(),
    )
  })

  it('says an altered PDF is altered, in English when asked', async () => {
    const response = await verify(flipByte(signed), { 'accept-language': 'en' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      status: 'altered',
      message: 'The document was changed after signing, or its signature is damaged: do not trust it.',
      signers: [
        { status: 'altered', signer: { cn: 'Lê Văn Cường' } },
        { status: 'altered', signer: { cn: 'UBND phường Ba Đình' } },
      ],
    })
  })

  it('refuses a body that is not a PDF with a clear 4xx', async () => {
    const notPdf = await verify(Buffer.from('hello, I am not a PDF'))
    expect(notPdf.statusCode).toBe(400)
    expect(notPdf.json().error).toEqual({
      code: 'NOT_A_PDF',
      message: 'Nội dung gửi lên không phải tệp PDF.',
    })

    const json = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { pdf: 'x' } })
    expect(json.statusCode).toBe(415)
    expect(json.json().error.code).toBe('PDF_EXPECTED')

    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'image/png', 'accept-language': 'en' },
      payload: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    })
    expect(other.statusCode).toBe(415)
    expect(other.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE')

    const empty = await verify(Buffer.alloc(0))
    expect(empty.statusCode).toBe(400)
  })

  it('accepts PDFs up to 10 MiB and refuses larger ones', async () => {
    const big = Buffer.concat([signed, Buffer.alloc(2 * 1024 * 1024, 0x20)])
    expect((await verify(big)).json().status).toBe('altered')
    const tooBig = await verify(Buffer.concat([signed, Buffer.alloc(10 * 1024 * 1024, 0x20)]))
    expect(tooBig.statusCode).toBe(413)
  })
})
