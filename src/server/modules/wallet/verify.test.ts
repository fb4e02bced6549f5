// The public document check (GET /api/v1/verify/:documentId) on every kind of document a wallet holds:
// the result of every procedure of the catalog, fee receipts, digitised records and uploads. Anyone
// may learn whether a document is genuine and in force, never the personal data it certifies; that
// (the signed data) only its holder and the officials over its issuing agency.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { auditEvents } from '../audit/schema'
import { getProcedure, listProcedures, type Procedure } from '../catalog/service'
import { issueResult } from '../dossiers/result.service'
import { verifyJws } from '../signing/service'
import { addDocument } from './service'

let t: TestApp
const HOLDER_PIN = '001090000001'
const HOLDER_NAME = 'Nguyễn Văn An'
/** The only fields anyone may read: none of them carries personal data but the masked name. */
const PUBLIC_FIELDS = [
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
].sort()

const verify = (id: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/v1/verify/${id}`, headers })
const signedData = (id: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/v1/verify/${id}/signed-data`, headers })

/**
 * Everything an answer tells, readably: its text, and each dot-separated part of each of its strings
 * decoded from base64url (a JWS's payload is its data in base64url).
 */
function everythingSaid(body: string): string {
  const strings: string[] = []
  JSON.parse(body, (_key, value) => {
    if (typeof value === 'string') strings.push(value)
    return value
  })
  const decoded = strings
    .flatMap((s) => s.split('.'))
    .map((part) => Buffer.from(part, 'base64url').toString())
  return [body, ...decoded].join('\n')
}

/**
 * Form data for a procedure in which every field the applicant or the registries fill holds a
 * marker of its own ("PD-7"), so that any of them showing in an answer is seen; dates are the
 * holder's birth date.
 */
function markedData(schema: Record<string, unknown>, markers: string[]): Record<string, unknown> {
  const fill = (node: Record<string, unknown>): unknown => {
    if (node.type === 'object' || node.properties) {
      const value: Record<string, unknown> = {}
      for (const [key, property] of Object.entries((node.properties ?? {}) as Record<string, never>))
        value[key] = fill(property)
      return value
    }
    if (Array.isArray(node.oneOf)) return (node.oneOf[0] as { const: unknown }).const
    if (Array.isArray(node.enum)) return node.enum[0]
    if (node.type === 'boolean') return true
    if (node.type === 'integer' || node.type === 'number') return Number(node.minimum ?? 1)
    if (node.type === 'array') return [fill((node.items ?? { type: 'string' }) as Record<string, unknown>)]
    if (node.format === 'date') return '1990-01-01'
    const marker = `PD-${markers.length + 1}`
    markers.push(marker)
    return marker
  }
  const named = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        // A name as names are, so that masking it hides its marker: "Trần Thị PD-7" → "Trần T. P.".
        key === 'fullName' && typeof inner === 'string' ? [key, `Trần Thị ${inner}`] : [key, named(inner)],
      ),
    )
  }
  return named(fill(schema)) as Record<string, unknown>
}

/** One result of each procedure of the catalog, issued to demo.citizen by the competent agency. */
const results: { procedure: Procedure; id: string; markers: string[] }[] = []
let tokens: Record<
  'citizen' | 'otherCitizen' | 'officer' | 'leader' | 'admin' | 'province' | 'elsewhere',
  string
>

beforeAll(async () => {
  t = await createTestApp()
  const otherCitizen = await createCitizen(t, 'verify.citizen')
  const provinceOfficer = await createOfficial(t, 'H01', ['specialist'], 'verify.hanoi')
  const elsewhere = await createOfficial(t, 'H48', ['reception', 'specialist', 'leader'], 'verify.danang')
  tokens = {
    citizen: await t.token('demo.citizen'),
    otherCitizen: await t.token(otherCitizen.username, FIXTURE_PASSWORD),
    officer: await t.token('demo.officer'),
    leader: await t.token('demo.leader'),
    admin: await t.token('demo.admin'),
    province: await t.token(provinceOfficer.username, FIXTURE_PASSWORD),
    elsewhere: await t.token(elsewhere.username, FIXTURE_PASSWORD),
  }
  const actorId = (await t.app.inject({ url: '/api/v1/me', headers: bearer(tokens.leader) })).json().id
  const { items } = await listProcedures(t.db, { page: 1, pageSize: 200 })
  let serial = 0
  for (const summary of items) {
    const procedure = await getProcedure(t.db, summary.code)
    const markers: string[] = []
    const data = markedData(procedure.form.schema, markers)
    const agency = procedure.agencyLevels[0] === 'commune' ? 'X00004' : 'H01'
    const code = `${agency}-261207-${String(9000 + ++serial)}`
    const id = await t.db.transaction((tx) =>
      issueResult(
        tx,
        {
          code,
          competentAgencyId: agency,
          receivingAgencyId: agency,
          applicantType: 1,
          applicantId: HOLDER_PIN,
          data,
        } as Parameters<typeof issueResult>[1],
        procedure,
        {
          publicUrl: t.app.config.publicUrl,
          applicantName: HOLDER_NAME,
          // demo.leader approves: the result carries their signature, then the agency's.
          official: { userId: actorId, displayName: 'Lê Văn Cường', agencyName: 'UBND', title: 'Lãnh đạo' },
          at: new Date(),
        },
      ),
    )
    results.push({ procedure, id, markers })
  }
}, 300_000)
afterAll(() => t.close())

describe('GET /api/v1/verify/:documentId on the result of every procedure', () => {
  it('covers the whole catalog', () => {
    expect(results.length).toBeGreaterThanOrEqual(25)
    expect(new Set(results.map((r) => r.procedure.resultType)).size).toBeGreaterThanOrEqual(20)
  })

  it('tells anyone it is genuine and in force, with its digests, and no personal data but a masked name', async () => {
    for (const { procedure, id, markers } of results) {
      const response = await verify(id)
      const said = `${procedure.code} (${procedure.resultType}): ${response.body.slice(0, 400)}`
      expect(response.statusCode, said).toBe(200)
      const body = response.json()
      expect(Object.keys(body).sort(), said).toEqual(PUBLIC_FIELDS)
      expect(body, said).toMatchObject({
        id,
        type: procedure.resultType,
        title: procedure.resultName,
        status: 'valid',
        hasSignedFile: true,
      })
      expect(['X00004', 'H01']).toContain(body.issuerAgencyId)
      expect(body.code, said).toMatch(/-KQ1$/)
      // Whose document: the child for a birth certificate, else the applicant; masked either way.
      expect(body.holderName, said).toMatch(/^\S+( \S\.)+$/)

      // The signed data its holder has: the digest is its, and none of what it certifies shows here.
      const held = await signedData(id, bearer(tokens.citizen))
      expect(held.statusCode, held.body).toBe(200)
      const jws = held.json().signedData as string
      expect(body.signedDataSha256).toBe(createHash('sha256').update(jws).digest('hex'))
      const { childPin } = decodeJwt(jws) as { childPin?: string }
      const told = everythingSaid(response.body)
      for (const personal of [
        ...markers,
        HOLDER_NAME,
        HOLDER_PIN,
        '1990-01-01',
        ...(childPin ? [childPin] : []),
      ]) {
        expect(told, `${said}\nshows ${personal}`).not.toContain(personal)
      }

      // The other digest is the signed PDF's.
      const file = await t.app.inject({ url: `/api/v1/wallet/${id}/file`, headers: bearer(tokens.citizen) })
      expect(file.statusCode).toBe(200)
      expect(body.fileSha256).toBe(createHash('sha256').update(file.rawPayload).digest('hex'))
    }
  })

  it('gives the holder the full signed data, valid and carrying every field of the dossier', async () => {
    for (const { procedure, id, markers } of results) {
      const response = await signedData(id, bearer(tokens.citizen))
      expect(response.statusCode, procedure.code).toBe(200)
      expect(response.headers['cache-control']).toBe('private, no-store')
      const jws = response.json().signedData as string
      const verification = await verifyJws(t.db, jws)
      expect(verification.valid, procedure.code).toBe(true)
      const payload = JSON.stringify(decodeJwt(jws))
      for (const marker of markers) expect(payload, `${procedure.code} ${marker}`).toContain(marker)
    }
  })

  it('prints on the PDF and in its QR code only the page and the address of the public check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-verify-'))
    try {
      for (const { procedure, id, markers } of results.slice(0, 3)) {
        const file = await t.app.inject({ url: `/api/v1/wallet/${id}/file`, headers: bearer(tokens.citizen) })
        const pdf = path.join(dir, `${id}.pdf`)
        fs.writeFileSync(pdf, file.rawPayload)
        const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', pdf], { encoding: 'utf8' })
        for (const personal of [...markers, HOLDER_PIN]) expect(info, procedure.code).not.toContain(personal)
        // The QR code and the one link hold the public check's address: the document's id, nothing else.
        const links = [...file.rawPayload.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1])
        expect(links).toEqual([`${t.app.config.publicUrl}/verify/${id}`])
        const page = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
        expect(page).toContain(`${t.app.config.publicUrl}/verify/${id}`)
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('GET /api/v1/verify/:documentId/signed-data', () => {
  it('is for the holder and the officials over the issuing agency or above it; 404 for anyone else', async () => {
    const { id } = results.find((r) => r.procedure.resultType === 'birth-certificate')!
    for (const who of ['citizen', 'officer', 'leader', 'province', 'admin'] as const) {
      const response = await signedData(id, bearer(tokens[who]))
      expect(response.statusCode, `${who}: ${response.body}`).toBe(200)
      expect(response.json().signedData).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    }
    for (const who of ['otherCitizen', 'elsewhere'] as const) {
      const response = await signedData(id, bearer(tokens[who]))
      expect(response.statusCode, who).toBe(404)
      expect(response.json().error.code).toBe('DOCUMENT_NOT_FOUND')
      expect(response.body).not.toContain('.ey')
    }
    expect((await signedData(id)).statusCode).toBe(401)
  })

  it("records an official's reading in the audit log, the holder's own reading not", async () => {
    const { id } = results.find((r) => r.procedure.resultType === 'passport')!
    const readings = async () =>
      (
        await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'wallet.signed_data_read'), eq(auditEvents.entityId, id)))
      ).length
    expect(await readings()).toBe(0)
    await signedData(id, bearer(tokens.citizen))
    expect(await readings()).toBe(0)
    expect((await signedData(id, bearer(tokens.province))).statusCode).toBe(200)
    expect(await readings()).toBe(1)
    // demo.officer works at a commune: below the province that issued the passport, not over it.
    expect((await signedData(id, bearer(tokens.officer))).statusCode).toBe(404)
    expect(await readings()).toBe(1)
  })
})

describe('GET /api/v1/verify/:documentId on the other kinds of wallet documents', () => {
  it('a fee receipt: genuine, its issuer and dates, nothing of the payment', async () => {
    const { submit, act } = dossierClient(t)
    const filed = await submit(tokens.citizen, {
      procedureCode: '2.000635',
      data: { applicant: { phone: '0912345678' }, extractType: 'birth', subject: { fullName: HOLDER_NAME } },
      documents: [],
    })
    expect(filed.statusCode, filed.body).toBe(201)
    const code = filed.json().code as string
    expect((await act(tokens.officer, code, { action: 'accept' })).statusCode).toBe(200)
    expect((await act(tokens.officer, code, { action: 'request_payment' })).statusCode).toBe(200)
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sandbox/payments/${code}/pay`,
      headers: bearer(tokens.citizen),
    })
    expect(paid.statusCode, paid.body).toBeLessThan(300)
    const payment = await t.app.inject({
      url: `/api/v1/dossiers/${code}/payment`,
      headers: bearer(tokens.citizen),
    })
    const receipt = payment.json().receiptDocumentId as string
    expect(receipt).toMatch(/^[0-9a-f-]{36}$/)

    const response = await verify(receipt)
    expect(response.statusCode, response.body).toBe(200)
    expect(Object.keys(response.json()).sort()).toEqual(PUBLIC_FIELDS)
    expect(response.json()).toMatchObject({
      type: 'fee-receipt',
      issuerAgencyId: 'X00004',
      status: 'valid',
      holderName: null,
      signedDataSha256: null,
      fileSha256: null,
    })
    expect(everythingSaid(response.body)).not.toContain('0912345678')
  })

  it('a digitised record: its holder masked, none of its data', async () => {
    const id = await t.db.transaction((tx) =>
      addDocument(tx, null, {
        owner: { type: 'person', id: HOLDER_PIN },
        type: 'diploma',
        title: 'Bằng tốt nghiệp trung học phổ thông',
        source: 'digitised',
        issuerAgencyId: 'X00004',
        data: { holderName: HOLDER_NAME, pin: HOLDER_PIN, birthDate: '1990-01-01', school: 'PD-school' },
      }),
    )
    const response = await verify(id)
    expect(response.statusCode).toBe(200)
    expect(Object.keys(response.json()).sort()).toEqual(PUBLIC_FIELDS)
    expect(response.json().holderName).toBe('Nguyễn V. A.')
    for (const personal of [HOLDER_NAME, HOLDER_PIN, '1990-01-01', 'PD-school'])
      expect(everythingSaid(response.body)).not.toContain(personal)
  })

  it('an upload: no one vouches for it, so there is nothing to check (404); its owner keeps it', async () => {
    const id = await dossierClient(t).upload(tokens.citizen)
    const response = await verify(id)
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('DOCUMENT_NOT_FOUND')
    const own = await signedData(id, bearer(tokens.citizen))
    expect(own.statusCode).toBe(200)
    expect(own.json()).toMatchObject({ id, signedData: null })
    expect((await signedData(id, bearer(tokens.officer))).statusCode).toBe(404)
  })
})
