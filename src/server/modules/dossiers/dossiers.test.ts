import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { testDbKind } from '../../../../tests/helpers/db'
import { dossierClient, newborn } from '../../../../tests/helpers/dossiers'
import { createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { rowsOf } from '../../db/rows'
import { signCallback } from './payments.service'

let t: TestApp
let citizen: string
let officer: string
let leader: string
let birthNotice: string

const birthForm = { child: newborn, receiveBy: 'online' }

async function count(table: string): Promise<number> {
  return (await rowsOf<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n
}

let upload: ReturnType<typeof dossierClient>['upload']
let submit: ReturnType<typeof dossierClient>['submit']
let act: ReturnType<typeof dossierClient>['act']
const birthApplication = () => dossierClient(t).birthApplication(birthNotice)
const fileBirth = () => dossierClient(t).fileBirth(citizen, birthNotice)

beforeAll(async () => {
  t = await createTestApp()
  ;({ upload, submit, act } = dossierClient(t))
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
  birthNotice = await upload(citizen)
})
afterAll(() => t.close())

describe('filing a birth registration online', () => {
  it('prefills both parents from the population registry and routes it to the commune', async () => {
    const response = await submit(citizen, birthApplication())
    expect(response.statusCode, response.body).toBe(201)
    const dossier = response.json()
    expect(dossier.code).toMatch(/^X00004-\d{6}-\d{4}$/)
    expect(dossier).toMatchObject({
      status: 'new',
      statusCode: 1,
      channel: 2,
      competentAgencyId: 'X00004',
      feeVnd: 0,
    })
    expect(dossier.data.father).toMatchObject({ fullName: 'Nguyễn Văn An', pin: '001090000001' })
    expect(dossier.data.mother.fullName).toBe('Trần Thị Mai')
    // Reception has 8 working hours; the result is due within the working day rules.
    expect(new Date(dossier.receptionDueAt).getTime()).toBeGreaterThan(
      new Date(dossier.submittedAt).getTime(),
    )
  })

  it('records each reused item: prefilled fields from the registry, the birth notice as a fresh upload', async () => {
    const code = await fileBirth()
    const items = await rowsOf<{ item: string; kind: string; reused: boolean; source: string }>(
      t.db,
      sql`select item, kind, reused, source from dossier_items where dossier_code = ${code} order by item`,
    )
    expect(items.filter((i) => i.kind === 'field' && i.reused).map((i) => i.item)).toContain(
      'father.fullName',
    )
    expect(items.find((i) => i.item === 'birth-notice')).toMatchObject({
      kind: 'document',
      source: `wallet:${birthNotice}`,
    })
  })

  it('shows the applicant, in their data tracker, each registry read behind their filing: routing and prefill', async () => {
    const code = await fileBirth()
    const log = (
      await t.app.inject({ url: '/api/v1/registry/me/access-log?pageSize=100', headers: bearer(citizen) })
    ).json()
    const reads = log.items.filter((entry: { dossierCode: string | null }) => entry.dossierCode === code)
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          attributes: ['communeCode', 'provinceCode'],
          purpose: expect.stringContaining('Xác định cơ quan tiếp nhận hồ sơ thủ tục 1.001193'),
          requestedBy: expect.stringMatching(/^user:/),
        }),
        expect.objectContaining({
          attributes: expect.arrayContaining(['fullName', 'pin']),
          purpose: expect.stringContaining('Điền sẵn hồ sơ thủ tục 1.001193'),
        }),
      ]),
    )
  })

  it('refuses a tampered prefilled value with 422 and files nothing', async () => {
    const before = await count('dossiers')
    const application = birthApplication()
    ;(application.data as Record<string, unknown>).father = { fullName: 'Người Khác' }
    const response = await submit(citizen, application)
    expect(response.statusCode).toBe(422)
    expect(response.json().error).toMatchObject({ code: 'PREFILL_TAMPERED', field: 'data.father.fullName' })
    expect(await count('dossiers')).toBe(before)
  })

  it('writes nothing anywhere for a refused submission, and takes no code: the next one follows on', async () => {
    const first = await submit(citizen, birthApplication())
    expect(first.statusCode).toBe(201)
    const tables = [
      'dossiers',
      'dossier_actions',
      'dossier_items',
      'registry_access_log',
      'document_uses',
      'notifications',
      'outbox',
      'domain_events',
      'audit_events',
    ]
    const before = await Promise.all(tables.map(count))
    const tampered = birthApplication()
    ;(tampered.data as Record<string, unknown>).father = { fullName: 'Người Khác' }
    const invalid = birthApplication()
    ;(invalid.data as { child: Record<string, unknown> }).child.birthDate = 'hôm qua'
    const refused = await Promise.all([
      submit(citizen, tampered),
      submit(citizen, invalid),
      submit(citizen, { ...birthApplication(), consent: false }),
      submit(citizen, { ...birthApplication(), documents: [] }),
    ])
    expect(refused.map((r) => [r.statusCode, r.json().error.code])).toEqual([
      [422, 'PREFILL_TAMPERED'],
      [400, 'FORM_INVALID'],
      [400, 'CONSENT_REQUIRED'],
      [400, 'DOCUMENT_REQUIRED'],
    ])
    expect(await Promise.all(tables.map(count))).toEqual(before)
    const next = await submit(citizen, birthApplication())
    expect(next.statusCode).toBe(201)
    const sequence = (code: string) => Number(code.slice(-4))
    expect(sequence(next.json().code)).toBe(sequence(first.json().code) + 1)
  })

  it('accepts prefilled values sent unchanged', async () => {
    const application = birthApplication()
    ;(application.data as Record<string, unknown>).father = { fullName: 'Nguyễn Văn An', pin: '001090000001' }
    expect((await submit(citizen, application)).statusCode).toBe(201)
  })

  it("asks for consent before reading the spouse's data", async () => {
    const before = await count('dossiers')
    const response = await submit(citizen, { ...birthApplication(), consent: false })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('CONSENT_REQUIRED')
    expect(await count('dossiers')).toBe(before)
  })

  it('names the missing required document', async () => {
    const response = await submit(citizen, { ...birthApplication(), documents: [] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toMatchObject({
      code: 'DOCUMENT_REQUIRED',
      field: 'documents.birth-notice',
    })
  })

  it("refuses someone else's wallet document", async () => {
    const business = await t.token('demo.business')
    const theirs = await upload(business)
    const before = await count('document_uses')
    const response = await submit(citizen, {
      ...birthApplication(),
      documents: [{ requirementId: 'birth-notice', walletDocumentId: theirs }],
    })
    // Not told that it exists: 404, as for a document id that is no one's.
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('DOCUMENT_NOT_FOUND')
    expect(await count('document_uses')).toBe(before)
  })

  it('validates the form against the procedure schema and names the field', async () => {
    const application = birthApplication()
    ;(application.data as { child: Record<string, unknown> }).child.birthDate = 'yesterday'
    const response = await submit(citizen, application)
    expect(response.statusCode).toBe(400)
    expect(response.json().error.field).toBe('data.child.birthDate')
  })

  it('returns the same dossier when a client retries with one Idempotency-Key', async () => {
    const before = await count('dossiers')
    const headers = { 'idempotency-key': 'retry-test-0001' }
    const [first, second] = [
      await submit(citizen, birthApplication(), headers),
      await submit(citizen, birthApplication(), headers),
    ]
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.json().code).toBe(first.json().code)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(await count('dossiers')).toBe(before + 1)
  })

  it('refuses an Idempotency-Key sent again with another body (422), and still replays it with the same one', async () => {
    const headers = { 'idempotency-key': 'retry-test-0002' }
    const first = await submit(citizen, birthApplication(), headers)
    expect(first.statusCode, first.body).toBe(201)
    const before = await count('dossiers')
    const other = birthApplication()
    other.data.child = { ...newborn, fullName: 'Nguyễn Minh Châu' }
    const reused = await submit(citizen, other, { ...headers, 'accept-language': 'en' })
    expect(reused.statusCode, reused.body).toBe(422)
    expect(reused.json().error).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message:
        'This Idempotency-Key was already used with a different request. Use a new key for a new application.',
      field: 'idempotency-key',
    })
    expect(await count('dossiers')).toBe(before)
    // The same body with its keys in another order is the same request.
    const { documents, consent, data, procedureCode } = birthApplication()
    const again = await submit(citizen, { consent, documents, data, procedureCode }, headers)
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json().code).toBe(first.json().code)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(await count('dossiers')).toBe(before)
  })

  it('lets only citizens and businesses file', async () => {
    const response = await submit(officer, birthApplication())
    expect(response.statusCode).toBe(403)
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: birthApplication(),
    })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('dossier codes under concurrency', () => {
  it('gives 200 simultaneous submissions to one agency 200 distinct, consecutive codes', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => submit(citizen, birthApplication())),
    )
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([])
    const codes = responses.map((r) => r.json().code as string)
    expect(new Set(codes).size).toBe(200)
    const numbers = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b)
    expect(numbers.at(-1)! - numbers[0]!).toBe(199)
  }, 180_000)
})

describe('processing, one test per action', () => {
  it('accept: reception moves a new dossier to accepted (2)', async () => {
    const code = await fileBirth()
    const response = await act(officer, code, { action: 'accept' })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ status: 'accepted', statusCode: 2 })
  })

  it('refuse: needs a reason, then not accepted (3)', async () => {
    const code = await fileBirth()
    const noReason = await act(officer, code, { action: 'refuse' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.code).toBe('REASON_REQUIRED')
    const response = await act(officer, code, { action: 'refuse', note: 'Giấy chứng sinh không đọc được' })
    expect(response.json()).toMatchObject({ status: 'not_accepted', statusCode: 3 })
  })

  it('assign: a specialist takes an accepted dossier into processing (4)', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    const response = await act(officer, code, { action: 'assign' })
    expect(response.json()).toMatchObject({ status: 'processing', statusCode: 4 })
    expect(response.json().assigneeId).not.toBeNull()
  })

  it('request_supplement and supplement: the clock stops, then restarts with the due date moved', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    const requested = await act(officer, code, {
      action: 'request_supplement',
      note: 'Bổ sung nơi sinh chi tiết',
    })
    expect(requested.json()).toMatchObject({ status: 'supplement_requested', statusCode: 5, paused: true })
    const supplemented = await act(citizen, code, {
      action: 'supplement',
      data: { child: { ...birthForm.child, birthPlace: 'Khoa Sản, Bệnh viện Phụ sản Hà Nội, 929 La Thành' } },
    })
    expect(supplemented.statusCode, supplemented.body).toBe(200)
    expect(supplemented.json()).toMatchObject({ status: 'accepted', statusCode: 2, paused: false })
    expect((supplemented.json().data.child as { birthPlace: string }).birthPlace).toContain('929 La Thành')
  })

  it('request_payment and pay: the fee (6) as the fee text computes it is paid through the sandbox bank', async () => {
    // A certified copy of 3 pages, twice: (2,000 + 2,000 + 1,000) × 2 (Circular 226/2016/TT-BTC).
    const original = await upload(citizen, 'original-document')
    const copies = await submit(citizen, {
      procedureCode: '2.000815',
      data: { applicant: { phone: '0912345678' }, documentTitle: 'Bằng tốt nghiệp', pages: 3, copies: 2 },
      documents: [{ requirementId: 'original', walletDocumentId: original }],
    })
    expect(copies.statusCode, copies.body).toBe(201)
    const { code, feeVnd } = copies.json()
    expect(feeVnd).toBe(10_000)
    await act(officer, code, { action: 'accept' })
    expect((await act(officer, code, { action: 'request_payment' })).json().statusCode).toBe(6)
    const payment = await t.app.inject({ url: `/api/v1/dossiers/${code}/payment`, headers: bearer(citizen) })
    expect(payment.json()).toMatchObject({ amountVnd: 10_000, status: 'pending' })
    expect(payment.json().qrPayload).toMatch(/^000201010212.*5405100005802VN.*6304[0-9A-F]{4}$/)
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sandbox/payments/${code}/pay`,
      headers: bearer(citizen),
    })
    expect(paid.statusCode, paid.body).toBe(200)
    const dossier = await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })
    expect(dossier.json().dossier).toMatchObject({ status: 'accepted', paid: true })
    const receipts = await t.app.inject({ url: '/api/v1/wallet?type=fee-receipt', headers: bearer(citizen) })
    expect(receipts.json().items.map((d: { dossierCode: string }) => d.dossierCode)).toContain(code)
  })

  it('pay: a forged payment notice is refused, a replayed genuine one changes nothing', async () => {
    const copies = await submit(citizen, {
      procedureCode: '2.000635',
      data: {
        applicant: { phone: '0912345678' },
        extractType: 'birth',
        subject: { fullName: 'Nguyễn Văn An' },
      },
      documents: [],
    })
    expect(copies.statusCode, copies.body).toBe(201)
    const { code } = copies.json()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'request_payment' })
    const payment = (
      await t.app.inject({ url: `/api/v1/dossiers/${code}/payment`, headers: bearer(citizen) })
    ).json()
    const body = JSON.stringify({
      paymentId: payment.id,
      providerRef: 'BANK-0001',
      amountVnd: 8000,
      status: 'paid',
    })
    const notice = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/callback',
        headers: { 'content-type': 'application/json', 'x-sen-signature': signature },
        payload: body,
      })
    const forged = await notice(signCallback('not-the-shared-secret', body))
    expect(forged.statusCode).toBe(401)
    expect(forged.json().error.code).toBe('PAYMENT_SIGNATURE_INVALID')
    const stale = await notice(
      signCallback('test-payment-secret', body, Math.floor(Date.now() / 1000) - 3600),
    )
    expect(stale.statusCode).toBe(401)
    const unpaid = await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })
    expect(unpaid.json().dossier?.paid, unpaid.body).toBe(false)
    const genuine = await notice(signCallback('test-payment-secret', body))
    expect(genuine.json()).toEqual({ status: 'paid', duplicate: false })
    const replay = await notice(signCallback('test-payment-secret', body))
    expect(replay.json()).toEqual({ status: 'paid', duplicate: true })
    const history = (await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })).json()
      .history
    expect(history.filter((h: { action: string }) => h.action === 'pay')).toHaveLength(1)
  })

  it('pay: a signed notice whose providerRef another payment holds is a 409 at every retry, changes nothing and is kept for an operator', async () => {
    /** A certificate copy whose fee is requested: its pending payment. */
    const awaitingFee = async () => {
      const filed = await submit(citizen, {
        procedureCode: '2.000635',
        data: {
          applicant: { phone: '0912345678' },
          extractType: 'birth',
          subject: { fullName: 'Nguyễn Văn An' },
        },
        documents: [],
      })
      const { code } = filed.json()
      await act(officer, code, { action: 'accept' })
      await act(officer, code, { action: 'request_payment' })
      const payment = await t.app.inject({
        url: `/api/v1/dossiers/${code}/payment`,
        headers: bearer(citizen),
      })
      return { code, payment: payment.json() as { id: string; amountVnd: number } }
    }
    const notice = (paymentId: string, amountVnd: number, lang = 'vi') => {
      const body = JSON.stringify({ paymentId, providerRef: 'BANK-REUSED-01', amountVnd, status: 'paid' })
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/callback',
        headers: {
          'content-type': 'application/json',
          'x-sen-signature': signCallback('test-payment-secret', body),
          'accept-language': lang,
        },
        payload: body,
      })
    }
    const first = await awaitingFee()
    const second = await awaitingFee()
    expect((await notice(first.payment.id, first.payment.amountVnd)).json()).toEqual({
      status: 'paid',
      duplicate: false,
    })
    const receipts = await count('wallet_documents')
    for (const lang of ['vi', 'en']) {
      const refused = await notice(second.payment.id, second.payment.amountVnd, lang)
      expect(refused.statusCode, refused.body).toBe(409)
      expect(refused.json().error).toMatchObject({ code: 'PAYMENT_REFERENCE_USED', field: 'providerRef' })
    }
    expect((await notice(second.payment.id, second.payment.amountVnd, 'en')).json().error.message).toBe(
      'This transaction reference (providerRef) already belongs to another payment. The notice has been recorded for an operator to reconcile.',
    )
    // Nothing of the second payment moved: no receipt, still pending, the dossier unpaid.
    expect(await count('wallet_documents')).toBe(receipts)
    const pending = await t.app.inject({
      url: `/api/v1/dossiers/${second.code}/payment`,
      headers: bearer(citizen),
    })
    expect(pending.json().status).toBe('pending')
    const unpaid = await t.app.inject({ url: `/api/v1/dossiers/${second.code}`, headers: bearer(citizen) })
    expect(unpaid.json().dossier.paid).toBe(false)
    // One record for the operator, however many retries; citizens and officers do not see it.
    const admin = await t.token('demo.admin')
    const listed = await t.app.inject({ url: '/api/v1/payments/notice-conflicts', headers: bearer(admin) })
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json().items).toEqual([
      {
        paymentId: second.payment.id,
        dossierCode: second.code,
        providerRef: 'BANK-REUSED-01',
        heldByPaymentId: first.payment.id,
        heldByDossierCode: first.code,
        noticeStatus: 'paid',
        amountVnd: second.payment.amountVnd,
        notices: 3,
        firstAt: expect.any(String),
        lastAt: expect.any(String),
      },
    ])
    for (const who of [citizen, officer]) {
      const refused = await t.app.inject({ url: '/api/v1/payments/notice-conflicts', headers: bearer(who) })
      expect(refused.statusCode).toBe(403)
    }
  })

  it('approve: the leader signs the decision; the signed result lands in the wallet; return_result (10)', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    const approved = await act(leader, code, { action: 'approve' })
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'processed', statusCode: 9, decisionSigned: true })
    const resultId = approved.json().resultDocumentId as string
    const wallet = await t.app.inject({
      url: '/api/v1/wallet?type=birth-certificate',
      headers: bearer(citizen),
    })
    expect(wallet.json().items.map((d: { id: string; code: string }) => [d.id, d.code])).toContainEqual([
      resultId,
      `${code}-KQ1`,
    ])
    const pdf = await t.app.inject({ url: `/api/v1/dossiers/${code}/result.pdf`, headers: bearer(citizen) })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const returned = await act(officer, code, { action: 'return_result' })
    expect(returned.json()).toMatchObject({ status: 'returned', statusCode: 10 })
  })

  it('reject: a signed decision with a reason; processed (9) without a result document', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    const rejected = await act(leader, code, { action: 'reject', note: 'Trẻ đã được đăng ký khai sinh' })
    expect(rejected.json()).toMatchObject({
      status: 'processed',
      decisionSigned: true,
      resultDocumentId: null,
    })
  })

  it('stop: the leader stops processing with a reason (8)', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    const stopped = await act(leader, code, { action: 'stop', note: 'Người yêu cầu đề nghị dừng' })
    expect(stopped.json()).toMatchObject({ status: 'stopped', statusCode: 8 })
  })

  it('withdraw: the applicant withdraws before a decision (7)', async () => {
    const code = await fileBirth()
    const withdrawn = await act(citizen, code, { action: 'withdraw' })
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', statusCode: 7 })
    expect((await act(officer, code, { action: 'accept' })).statusCode).toBe(409)
  })

  it('keeps an append-only history of every action with who and why', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'request_supplement', note: 'Thiếu thông tin' })
    const detail = await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })
    expect(detail.json().history.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'accept',
      'request_supplement',
    ])
    expect(detail.json().history[2]).toMatchObject({ actorRole: 'reception', note: 'Thiếu thông tin' })
    expect(detail.json().allowedActions).toEqual(['supplement', 'withdraw'])
  })
})

describe('status lookup by code', () => {
  const status = (token: string, code: string) =>
    t.app.inject({ url: `/api/v1/dossiers/${code}/status`, headers: bearer(token) })

  it('shows the applicant and the officials where the dossier stands, as it moves', async () => {
    const code = await fileBirth()
    const filed = await status(citizen, code)
    expect(filed.statusCode, filed.body).toBe(200)
    expect(filed.json()).toMatchObject({
      code,
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      status: 'new',
      statusCode: 1,
      paused: false,
      late: false,
      decidedAt: null,
      resultIssued: false,
    })
    const full = await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(citizen) })
    expect(filed.json().dueAt).toBe(full.json().dossier.dueAt)

    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'request_supplement', note: 'Bổ sung nơi sinh' })
    expect((await status(officer, code)).json()).toMatchObject({
      status: 'supplement_requested',
      statusCode: 5,
      paused: true,
    })
  })

  it('shows a decided dossier with its signed result', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    expect((await act(leader, code, { action: 'approve' })).statusCode).toBe(200)
    const decided = (await status(citizen, code)).json()
    expect(decided).toMatchObject({ statusCode: 9, resultIssued: true, late: false })
    expect(Date.parse(decided.decidedAt)).not.toBeNaN()
  })

  it('answers 404 to another citizen and to an official of another province, 400 to a malformed code', async () => {
    const code = await fileBirth()
    expect((await status(await t.token('demo.business'), code)).statusCode).toBe(404)
    const stranger = await createOfficial(t, 'H48', ['reception'], 'danang-status')
    expect((await status(await t.token(stranger.username, FIXTURE_PASSWORD), code)).statusCode).toBe(404)
    const malformed = await status(citizen, 'X00004-2611-1')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.message).toContain('code')
    expect((await t.app.inject({ url: `/api/v1/dossiers/${code}/status` })).statusCode).toBe(401)
  })
})

describe('who may act', () => {
  it('a citizen cannot accept their own dossier', async () => {
    const code = await fileBirth()
    const response = await act(citizen, code, { action: 'accept' })
    expect(response.statusCode).toBe(403)
  })

  it('reception cannot approve; the leader cannot accept', async () => {
    const code = await fileBirth()
    expect((await act(leader, code, { action: 'accept' })).statusCode).toBe(403)
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    expect((await act(officer, code, { action: 'approve' })).statusCode).toBe(403)
  })

  it('an official of another province neither sees nor acts on the dossier (404)', async () => {
    const code = await fileBirth()
    const stranger = await createOfficial(t, 'H48', ['reception', 'specialist', 'leader'], 'danang')
    const token = await t.token(stranger.username, FIXTURE_PASSWORD)
    expect((await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(token) })).statusCode).toBe(
      404,
    )
    expect((await act(token, code, { action: 'accept' })).statusCode).toBe(404)
  })

  it("a provincial official of Hà Nội sees the commune's queue", async () => {
    const provincial = await createOfficial(t, 'H01', ['specialist'], 'hanoi')
    const token = await t.token(provincial.username, FIXTURE_PASSWORD)
    const list = await t.app.inject({ url: '/api/v1/dossiers?queue=new', headers: bearer(token) })
    expect(list.statusCode).toBe(200)
    expect(list.json().total).toBeGreaterThan(0)
  })

  it('another citizen cannot read the dossier (404) and sees none in their list', async () => {
    const code = await fileBirth()
    const other = await t.token('demo.business')
    expect((await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(other) })).statusCode).toBe(
      404,
    )
    const mine = await t.app.inject({ url: '/api/v1/dossiers', headers: bearer(other) })
    expect(mine.json().items.map((d: { code: string }) => d.code)).not.toContain(code)
  })
})

describe('the wallet’s check of an attached document, in the filing’s transaction', () => {
  it.runIf(testDbKind === 'postgres')(
    'refuses a filing whose document is revoked while it files: 409 DOCUMENT_REVOKED, nothing written (PostgreSQL)',
    async () => {
      const document = await upload(citizen)
      const before = await count('dossiers')
      let commitRevocation!: () => void
      const revocationMayCommit = new Promise<void>((resolve) => {
        commitRevocation = resolve
      })
      let revoked!: () => void
      const revokedNotCommitted = new Promise<void>((resolve) => {
        revoked = resolve
      })
      const revocation = t.db.transaction(async (tx) => {
        // As an operator revokes a document issued in error (Sen has no route for it yet).
        await tx.execute(
          sql`update wallet_documents set status = 'revoked', revoked_at = now() where id = ${document}`,
        )
        revoked()
        await revocationMayCommit
      })
      await revokedNotCommitted
      // The filing reads the document as valid (the revocation is not committed), then waits on it.
      const filing = submit(citizen, dossierClient(t).birthApplication(document))
      for (let i = 0; i < 200; i++) {
        const waiting = await t.db.execute(sql`select count(*)::int as n from pg_locks where not granted`)
        if ((waiting as unknown as { rows: { n: number }[] }).rows[0]!.n > 0) break
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      commitRevocation()
      await revocation
      const response = await filing
      expect(response.statusCode, response.body).toBe(409)
      expect(response.json().error.code).toBe('DOCUMENT_REVOKED')
      expect(await count('dossiers')).toBe(before)
    },
  )
})
