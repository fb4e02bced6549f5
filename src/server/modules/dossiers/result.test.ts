import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient, newborn } from '../../../../tests/helpers/dossiers'
import { pdfsig, pdftotext } from '../../../../tests/helpers/signing'

let t: TestApp
let citizen: string
let leader: string
let code: string
let resultPdf: Buffer
let documentId: string

beforeAll(async () => {
  t = await createTestApp()
  const { act, fileBirth } = dossierClient(t)
  citizen = await t.token('demo.citizen')
  const officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
  code = await fileBirth(citizen)
  await act(officer, code, { action: 'accept' })
  await act(officer, code, { action: 'assign' })
  await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
  const approved = await act(leader, code, { action: 'approve' })
  expect(approved.statusCode, approved.body).toBe(200)
  documentId = approved.json().resultDocumentId
  const file = await t.app.inject({ url: `/api/v1/wallet/${documentId}/file`, headers: bearer(citizen) })
  expect(file.statusCode).toBe(200)
  resultPdf = file.rawPayload
})
afterAll(() => t.close())

describe('the result of an approval', () => {
  it('carries the leader’s personal signature, then the agency’s, both valid for pdfsig', () => {
    const [first, second, more] = pdfsig(resultPdf)
      .split(/^Signature #\d+:$/m)
      .slice(1)
    expect(more).toBeUndefined()
    expect(first).toContain('Signer Certificate Common Name: Lê Văn Cường')
    expect(first).toContain('title=Lãnh đạo')
    expect(first).toContain('Signature Validation: Signature is Valid.')
    expect(second).toContain('Signer Certificate Common Name: UBND phường Ba Đình')
    expect(second).toContain('Signature Validation: Signature is Valid.')
    expect(second).toContain('Total document signed')
  })

  it('is listed with both signers by the signature check', async () => {
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: resultPdf,
    })
    expect(check.json()).toMatchObject({
      status: 'valid',
      signatures: 2,
      signers: [
        {
          status: 'valid',
          signer: { cn: 'Lê Văn Cường', title: 'Lãnh đạo', ownerType: 'official' },
          reason: `Phê duyệt: Kết quả hồ sơ ${code}`,
        },
        {
          status: 'valid',
          signer: { cn: 'UBND phường Ba Đình', ownerType: 'agency', ownerId: 'X00004' },
          reason: `Chữ ký số của cơ quan: Kết quả hồ sơ ${code}`,
        },
      ],
    })
  })

  it('prints its dates as dd/mm/yyyy and names who signed', () => {
    const text = pdftotext(resultPdf).replace(/\s+/g, ' ')
    const today = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date())
    expect(text).toContain(`Ngày cấp / Issued on: ${today}`)
    const [year, month, day] = newborn.birthDate.split('-')
    expect(text).toContain(`${day}/${month}/${year}`)
    expect(text).not.toContain(newborn.birthDate)
    expect(text).toContain('LÃNH ĐẠO (Đã ký số / Digitally signed) Lê Văn Cường')
  })

  it('records in the wallet document who signed, in order', async () => {
    const document = (
      await t.app.inject({ url: `/api/v1/wallet/${documentId}`, headers: bearer(citizen) })
    ).json()
    expect(document.data.signedBy).toEqual([
      { kind: 'official', name: 'Lê Văn Cường', title: 'Lãnh đạo', agency: 'UBND phường Ba Đình' },
      { kind: 'agency', name: 'UBND phường Ba Đình', id: 'X00004' },
    ])
  })
})
