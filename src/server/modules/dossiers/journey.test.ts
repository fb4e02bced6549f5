import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient, newborn } from '../../../../tests/helpers/dossiers'
import { rowsOf } from '../../db/rows'
import { verifyAuditChain } from '../audit/service'
import { principalOfAccount } from '../identity/service'
import { getPerson } from '../registry/service'
import { submitDossier } from './service'

let t: TestApp
let citizen: string
let officer: string
let leader: string

const child = newborn

let act: ReturnType<typeof dossierClient>['act']
let upload: ReturnType<typeof dossierClient>['upload']
const fileBirth = () => dossierClient(t).fileBirth(citizen)

beforeAll(async () => {
  t = await createTestApp()
  ;({ act, upload } = dossierClient(t))
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
})
afterAll(() => t.close())

describe('a birth from registration to the health-insurance card', () => {
  it('registers the child with a new personal id number, then reuses the birth certificate without uploading it', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    const approved = await act(leader, code, { action: 'approve' })
    expect(approved.statusCode, approved.body).toBe(200)
    const certificate = (
      await t.app.inject({
        url: `/api/v1/wallet/${approved.json().resultDocumentId}`,
        headers: bearer(citizen),
      })
    ).json()
    expect(certificate).toMatchObject({ type: 'birth-certificate', code: `${code}-KQ1`, source: 'issued' })
    const childPin = certificate.data.childPin as string
    // Born in Hà Nội (01), a boy of the 2000s (2), in 2026, first of his prefix.
    expect(childPin).toMatch(/^001226\d{6}$/)
    const record = await getPerson(t.db, childPin)
    expect(record?.data).toMatchObject({
      fullName: child.fullName,
      fatherPin: '001090000001',
      motherPin: '001190000002',
    })

    const card = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: bearer(citizen),
      payload: {
        procedureCode: '9.000001',
        data: {
          child: { fullName: child.fullName, pin: childPin, birthDate: child.birthDate, gender: 'male' },
          clinic: 'Trạm y tế phường Ba Đình',
        },
        documents: [{ requirementId: 'birth-certificate', walletDocumentId: certificate.id }],
        consent: true,
      },
    })
    expect(card.statusCode, card.body).toBe(201)
    const [item] = await rowsOf<{ reused: boolean; source: string }>(
      t.db,
      sql`select reused, source from dossier_items where dossier_code = ${card.json().code} and kind = 'document'`,
    )
    expect(item).toEqual({ reused: true, source: `wallet:${certificate.id}` })
    const uses = (
      await t.app.inject({ url: `/api/v1/wallet/${certificate.id}`, headers: bearer(citizen) })
    ).json().uses
    expect(uses).toBe(1)
  })
})

describe('notices to the applicant', () => {
  it('tells the applicant in the app and by e-mail (outbox, same transaction) at each state change', async () => {
    const before = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from outbox where recipient = 'an.nguyen@example.vn'`,
    )
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'request_supplement', note: 'Bổ sung giấy chứng sinh bản rõ nét' })
    const inbox = (await t.app.inject({ url: '/api/v1/notifications', headers: bearer(citizen) })).json()
    const mine = inbox.items
      .filter((n: { title: string }) => n.title.includes(code))
      .map((n: { title: string }) => n.title)
    expect(mine).toEqual([
      `Hồ sơ ${code} cần bổ sung`,
      `Hồ sơ ${code} đã được tiếp nhận`,
      `Đã nộp hồ sơ ${code}`,
    ])
    const after = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from outbox where recipient = 'an.nguyen@example.vn'`,
    )
    expect(after[0]!.n - before[0]!.n).toBe(3)
  })

  it('sends the apology notice with a new appointment for a late dossier', async () => {
    const principal = (await principalOfAccount(t.db, 'demo.citizen'))!
    const birthNotice = await upload(citizen)
    // Filed ten days ago (as the demo replays history), so the same-day appointment has passed.
    const { dossier } = await submitDossier(
      t.db,
      principal,
      {
        procedureCode: '1.001193',
        data: { child },
        documents: [{ requirementId: 'birth-notice', walletDocumentId: birthNotice }],
        consent: true,
      },
      undefined,
      { at: new Date(Date.now() - 10 * 86_400_000) },
    )
    await act(officer, dossier.code, { action: 'accept' })
    const early = await act(officer, dossier.code, {
      action: 'apologise',
      note: 'x',
      newDueAt: '2020-01-01T00:00:00Z',
    })
    expect(early.statusCode).toBe(400)
    const newDueAt = new Date(Date.now() + 3 * 86_400_000).toISOString()
    const apology = await act(officer, dossier.code, {
      action: 'apologise',
      note: 'Cần xác minh thêm nơi sinh',
      newDueAt,
    })
    expect(apology.statusCode, apology.body).toBe(200)
    expect(new Date(apology.json().dueAt).getTime()).toBeGreaterThan(Date.now())
    const inbox = (await t.app.inject({ url: '/api/v1/notifications', headers: bearer(citizen) })).json()
    const notice = inbox.items.find(
      (n: { title: string }) => n.title.startsWith('Thư xin lỗi') && n.title.includes(dossier.code),
    )
    expect(notice.body).toContain('Cần xác minh thêm nơi sinh')
  })

  it('refuses an apology for a dossier that is not late', async () => {
    const code = await fileBirth()
    const response = await act(officer, code, {
      action: 'apologise',
      note: 'x',
      newDueAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(response.statusCode).toBe(409)
  })
})

describe('deadlines in working days', () => {
  it('appoints a 3-working-day procedure filed the Friday before Tết 2026 on 25 February', async () => {
    const principal = (await principalOfAccount(t.db, 'demo.citizen'))!
    const { dossier } = await submitDossier(
      t.db,
      principal,
      {
        procedureCode: '1.004873',
        data: { applicant: { phone: '0912345678' }, purpose: 'other' },
        documents: [],
      },
      undefined,
      { at: new Date('2026-02-13T10:00:00+07:00') },
    )
    expect(dossier.code).toMatch(/^X00004-260213-\d{4}$/)
    expect(dossier.dueAt).toBe('2026-02-25T10:00:00.000Z')
    // Reception's 8 working hours run from Friday 10:00 to Monday 23 February 10:00.
    expect(dossier.receptionDueAt).toBe('2026-02-23T03:00:00.000Z')
  })
})

describe('drafts and prefill', () => {
  it('saves a draft on the server and resumes it from another session', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/drafts/1.001193',
      headers: bearer(citizen),
      payload: { data: { child: { fullName: 'Bé Na' } }, documents: [] },
    })
    expect(saved.statusCode).toBe(200)
    const otherDevice = await t.token('demo.citizen')
    const resumed = await t.app.inject({ url: '/api/v1/drafts/1.001193', headers: bearer(otherDevice) })
    expect(resumed.json().data).toEqual({ child: { fullName: 'Bé Na' } })
    expect(resumed.json().documents).toEqual([])
  })

  it('answers null, not 404, where there is no draft: opening an application is no error', async () => {
    const business = await t.token('demo.business')
    const none = await t.app.inject({ url: '/api/v1/drafts/1.001193', headers: bearer(business) })
    expect(none.statusCode).toBe(200)
    expect(none.headers['content-type']).toMatch(/^application\/json/)
    expect(none.json()).toBeNull()
  })

  it('shows what the registries prefill, logging the read with its purpose', async () => {
    // Before consent only the applicant's own data fills in.
    const withoutConsent = (
      await t.app.inject({ url: '/api/v1/prefill/1.001193', headers: bearer(citizen) })
    ).json()
    expect(withoutConsent.needsConsent).toBe(true)
    const early = Object.fromEntries(
      withoutConsent.fields.map((f: { path: string; value: string }) => [f.path, f.value]),
    )
    expect(early).toEqual({
      'father.fullName': 'Nguyễn Văn An',
      'father.pin': '001090000001',
      'father.birthDate': '1990-05-12',
      'father.ethnicity': 'Kinh',
      'father.nationality': 'Việt Nam',
      'father.address': expect.any(String),
    })
    const prefill = await t.app.inject({
      url: '/api/v1/prefill/1.001193?consent=true',
      headers: bearer(citizen),
    })
    const fields = Object.fromEntries(
      prefill.json().fields.map((f: { path: string; value: string }) => [f.path, f.value]),
    )
    expect(fields['father.fullName']).toBe('Nguyễn Văn An')
    expect(fields['mother.fullName']).toBe('Trần Thị Mai')
    const log = (
      await t.app.inject({ url: '/api/v1/registry/me/access-log', headers: bearer(citizen) })
    ).json()
    expect(log.items[0].purpose).toContain('1.001193')
  })
})

describe('rating the service', () => {
  it('lets the applicant rate once, after the result, and the agency see it', async () => {
    const code = await fileBirth()
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/rating`,
      headers: bearer(citizen),
      payload: { score: 'satisfied' },
    })
    expect(early.statusCode).toBe(409)
    await act(officer, code, { action: 'accept' })
    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo' })
    await act(leader, code, { action: 'approve' })
    const rated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/rating`,
      headers: bearer(citizen),
      payload: { score: 'satisfied', comment: 'Nhanh gọn, không phải đi lại' },
    })
    expect(rated.statusCode).toBe(201)
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/rating`,
      headers: bearer(citizen),
      payload: { score: 'dissatisfied' },
    })
    expect(again.statusCode).toBe(409)
    const byOfficer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/rating`,
      headers: bearer(officer),
      payload: { score: 'satisfied' },
    })
    expect(byOfficer.statusCode).toBe(403)
    const ratings = (await t.app.inject({ url: '/api/v1/ratings', headers: bearer(leader) })).json()
    expect(ratings.items.find((r: { dossierCode: string }) => r.dossierCode === code)).toMatchObject({
      score: 'satisfied',
    })
  })
})

describe('audit', () => {
  it('keeps the whole chain intact through all of the above', async () => {
    const report = await verifyAuditChain(t.db)
    expect(report.ok).toBe(true)
    expect(report.checked).toBeGreaterThan(20)
  })
})
