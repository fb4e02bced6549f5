// The officer → leader hand-over ("trình lãnh đạo"), each role's own queue, the applicant's name and the
// attached documents for the officials handling a dossier; and who may not.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'

let t: TestApp
let citizen: string
let officer: string
let leader: string
let act: ReturnType<typeof dossierClient>['act']
let upload: ReturnType<typeof dossierClient>['upload']
const fileBirth = (birthNotice?: string) => dossierClient(t).fileBirth(citizen, birthNotice)

const NOTE = 'Hồ sơ đủ điều kiện, kính trình lãnh đạo phê duyệt'

beforeAll(async () => {
  t = await createTestApp()
  ;({ act, upload } = dossierClient(t))
  citizen = await t.token('demo.citizen')
  officer = await t.token('demo.officer')
  leader = await t.token('demo.leader')
})
afterAll(() => t.close())

const detail = async (token: string, code: string) =>
  t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: bearer(token) })
const list = async (token: string, query: string) =>
  (await t.app.inject({ url: `/api/v1/dossiers?${query}&pageSize=200`, headers: bearer(token) })).json() as {
    items: { code: string; applicantName: string | null; stage: string | null }[]
    total: number
  }
const queues = async (token: string) =>
  (await t.app.inject({ url: '/api/v1/dossiers/queues', headers: bearer(token) })).json()

async function auditCount(action: string, entityId: string): Promise<number> {
  const result = await t.db.execute(
    sql`select count(*)::int as n from audit_events where action = ${action} and entity_id = ${entityId}`,
  )
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n
}

/** A birth registration accepted and taken up by the specialist (processing, 4). */
async function inProcessing(birthNotice?: string): Promise<string> {
  const code = await fileBirth(birthNotice)
  expect((await act(officer, code, { action: 'accept' })).statusCode).toBe(200)
  expect((await act(officer, code, { action: 'assign' })).statusCode).toBe(200)
  return code
}

describe('the hand-over to the leader (trình lãnh đạo)', () => {
  it('the specialist hands over with a note: still processing (4), in the leader’s queue, recorded and audited', async () => {
    const code = await inProcessing()
    expect((await detail(officer, code)).json().allowedActions).toContain('submit_to_leader')
    expect((await list(leader, 'queue=awaiting_approval')).items.map((d) => d.code)).not.toContain(code)
    const before = await queues(leader)

    const handedOver = await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect(handedOver.statusCode, handedOver.body).toBe(200)
    expect(handedOver.json()).toMatchObject({
      status: 'processing',
      statusCode: 4,
      stage: 'awaiting_approval',
    })

    const seen = (await detail(officer, code)).json()
    expect(seen.history.at(-1)).toMatchObject({
      action: 'submit_to_leader',
      actorRole: 'specialist',
      fromStatus: 'processing',
      toStatus: 'processing',
      note: NOTE,
    })
    expect(seen.allowedActions).not.toContain('submit_to_leader')
    expect(await auditCount('dossier.submit_to_leader', code)).toBe(1)

    // The leader's queue lists it, with its count; the specialist's no longer does.
    const waiting = await list(leader, 'queue=awaiting_approval')
    expect(waiting.items.map((d) => d.code)).toContain(code)
    expect(waiting.items.every((d) => d.stage === 'awaiting_approval')).toBe(true)
    expect((await queues(leader)).awaiting_approval).toBe(before.awaiting_approval + 1)
    expect((await list(officer, 'queue=to_process')).items.map((d) => d.code)).not.toContain(code)

    // The leader decides from there: approve and reject are offered now, not before.
    const forLeader = (await detail(leader, code)).json()
    expect(forLeader.allowedActions).toEqual(['approve', 'reject', 'return_to_specialist', 'stop'])
    const approved = await act(leader, code, { action: 'approve' })
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json()).toMatchObject({
      status: 'processed',
      statusCode: 9,
      stage: null,
      decisionSigned: true,
    })
    expect((await list(leader, 'queue=awaiting_approval')).items.map((d) => d.code)).not.toContain(code)
  })

  it('the applicant is not notified of it and does not read the officials’ note', async () => {
    const code = await inProcessing()
    const notices = async () =>
      (await t.app.inject({ url: '/api/v1/notifications?pageSize=100', headers: bearer(citizen) })).json()
        .items as { body: string; link: string }[]
    const before = (await notices()).filter((n) => n.link === `/dossiers/${code}`).length
    await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect((await notices()).filter((n) => n.link === `/dossiers/${code}`)).toHaveLength(before)
    const own = (await detail(citizen, code)).json()
    const entry = own.history.find((h: { action: string }) => h.action === 'submit_to_leader')
    expect(entry).toMatchObject({ toStatus: 'processing', note: null })
    expect(own.applicantName).toBeNull()
  })

  it('without a note: 400 REASON_REQUIRED, nothing changes', async () => {
    const code = await inProcessing()
    const before = (await detail(officer, code)).json()
    for (const body of [{ action: 'submit_to_leader' }, { action: 'submit_to_leader', note: '   ' }]) {
      const refused = await act(officer, code, body)
      expect(refused.statusCode).toBe(400)
      expect(refused.json().error).toMatchObject({ code: 'REASON_REQUIRED', field: 'note' })
    }
    const after = (await detail(officer, code)).json()
    expect(after.dossier).toEqual(before.dossier)
    expect(after.history).toEqual(before.history)
    expect(await auditCount('dossier.submit_to_leader', code)).toBe(0)
  })

  it('in the wrong state (accepted, not yet taken up) or a second time: 409, nothing changes', async () => {
    const code = await fileBirth()
    await act(officer, code, { action: 'accept' })
    const early = await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED')
    expect((await detail(officer, code)).json().dossier).toMatchObject({ status: 'accepted', stage: null })

    await act(officer, code, { action: 'assign' })
    await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    const before = (await detail(officer, code)).json()
    const twice = await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('WORKFLOW_STAGE_NOT_ALLOWED')
    expect(twice.json().error.message).toContain('Chờ phê duyệt')
    const after = (await detail(officer, code)).json()
    expect(after.history).toEqual(before.history)
    expect(await auditCount('dossier.submit_to_leader', code)).toBe(1)
  })

  it('the leader cannot approve or reject before the hand-over: 409, nothing signed', async () => {
    const code = await inProcessing()
    expect((await detail(leader, code)).json().allowedActions).toEqual(['stop'])
    for (const body of [{ action: 'approve' }, { action: 'reject', note: 'Không đủ điều kiện' }]) {
      const refused = await act(leader, code, body)
      expect(refused.statusCode).toBe(409)
      expect(refused.json().error.code).toBe('WORKFLOW_STAGE_NOT_ALLOWED')
    }
    expect((await detail(leader, code)).json().dossier).toMatchObject({
      status: 'processing',
      decisionSigned: false,
      resultDocumentId: null,
    })
  })

  it('only a specialist hands over: the leader gets 403', async () => {
    const code = await inProcessing()
    const leaderOnly = await createOfficial(t, 'X00004', ['leader'], 'leader-only')
    const token = await t.token(leaderOnly.username, FIXTURE_PASSWORD)
    expect((await act(token, code, { action: 'submit_to_leader', note: NOTE })).statusCode).toBe(403)
  })

  it('an official of another agency gets 404, a citizen 403; nothing changes', async () => {
    const code = await inProcessing()
    const stranger = await createOfficial(t, 'H48', ['reception', 'specialist', 'leader'], 'danang-handover')
    const strangerToken = await t.token(stranger.username, FIXTURE_PASSWORD)
    expect((await act(strangerToken, code, { action: 'submit_to_leader', note: NOTE })).statusCode).toBe(404)
    expect((await act(citizen, code, { action: 'submit_to_leader', note: NOTE })).statusCode).toBe(403)
    const other = await t.token('demo.business')
    expect((await act(other, code, { action: 'submit_to_leader', note: NOTE })).statusCode).toBe(404)
    await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect((await act(strangerToken, code, { action: 'approve' })).statusCode).toBe(404)
    expect((await act(strangerToken, code, { action: 'return_to_specialist', note: 'x' })).statusCode).toBe(
      404,
    )
    expect((await list(strangerToken, 'queue=awaiting_approval')).items.map((d) => d.code)).not.toContain(
      code,
    )
    expect((await detail(officer, code)).json().dossier).toMatchObject({ stage: 'awaiting_approval' })
    expect(await auditCount('dossier.submit_to_leader', code)).toBe(1)
  })
})

describe('the leader returns a dossier to the specialist (return_to_specialist)', () => {
  it('with a reason: back in the specialist’s queue, no stage, handed over again later', async () => {
    const code = await inProcessing()
    await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    const noReason = await act(leader, code, { action: 'return_to_specialist' })
    expect(noReason.statusCode).toBe(400)
    expect((await detail(leader, code)).json().dossier.stage).toBe('awaiting_approval')

    const returned = await act(leader, code, {
      action: 'return_to_specialist',
      note: 'Bổ sung ý kiến thẩm định',
    })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(returned.json()).toMatchObject({ status: 'processing', stage: null })
    expect((await list(officer, 'queue=to_process')).items.map((d) => d.code)).toContain(code)
    expect((await list(leader, 'queue=awaiting_approval')).items.map((d) => d.code)).not.toContain(code)
    expect(await auditCount('dossier.return_to_specialist', code)).toBe(1)
    expect((await act(officer, code, { action: 'submit_to_leader', note: NOTE })).statusCode).toBe(200)
  })

  it('only from the leader’s queue: 409 before the hand-over, 403 for the specialist', async () => {
    const code = await inProcessing()
    expect((await act(leader, code, { action: 'return_to_specialist', note: 'x' })).statusCode).toBe(409)
    await act(officer, code, { action: 'submit_to_leader', note: NOTE })
    expect((await act(officer, code, { action: 'return_to_specialist', note: 'x' })).statusCode).toBe(403)
  })
})

describe('each role’s own queue', () => {
  it('reception: new; specialist: accepted or processing not handed over; leader: awaiting approval', async () => {
    const fresh = await fileBirth()
    const accepted = await fileBirth()
    await act(officer, accepted, { action: 'accept' })
    const processing = await inProcessing()
    const handedOver = await inProcessing()
    await act(officer, handedOver, { action: 'submit_to_leader', note: NOTE })
    const returned = await inProcessing()
    await act(officer, returned, { action: 'submit_to_leader', note: NOTE })
    await act(leader, returned, { action: 'approve' })

    const codes = async (queue: string) => (await list(officer, `queue=${queue}`)).items.map((d) => d.code)
    const newQueue = await codes('new')
    expect(newQueue).toContain(fresh)
    expect(newQueue).not.toContain(accepted)
    const toProcess = await codes('to_process')
    expect(toProcess).toEqual(expect.arrayContaining([accepted, processing]))
    for (const code of [fresh, handedOver, returned]) expect(toProcess).not.toContain(code)
    const awaiting = await codes('awaiting_approval')
    expect(awaiting).toContain(handedOver)
    for (const code of [fresh, accepted, processing, returned]) expect(awaiting).not.toContain(code)

    const counts = await queues(officer)
    expect(Object.keys(counts)).toEqual([
      'new',
      'reception_overdue',
      'to_process',
      'awaiting_approval',
      'due_soon',
      'overdue',
      'waiting',
    ])
    expect(counts.to_process).toBe((await list(officer, 'queue=to_process')).total)
    expect(counts.awaiting_approval).toBe((await list(officer, 'queue=awaiting_approval')).total)
  })

  it('an unknown queue is a 400', async () => {
    const response = await t.app.inject({ url: '/api/v1/dossiers?queue=finished', headers: bearer(officer) })
    expect(response.statusCode).toBe(400)
  })
})

describe('a payment request on a free procedure', () => {
  it('is not offered, and the server refuses it (409 NO_FEE_DUE) without opening a payment', async () => {
    const code = await inProcessing() // birth registration: free
    expect((await detail(officer, code)).json().dossier.feeVnd).toBe(0)
    expect((await detail(officer, code)).json().allowedActions).not.toContain('request_payment')
    const refused = await act(officer, code, { action: 'request_payment' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('NO_FEE_DUE')
    expect((await detail(officer, code)).json().dossier.status).toBe('processing')
    const payment = await t.app.inject({ url: `/api/v1/dossiers/${code}/payment`, headers: bearer(officer) })
    expect(payment.statusCode).toBe(404)
  })

  it('is offered where a fee is due', async () => {
    const copies = await dossierClient(t).submit(citizen, {
      procedureCode: '2.000635',
      data: {
        applicant: { phone: '0912345678' },
        extractType: 'birth',
        subject: { fullName: 'Nguyễn Văn An' },
        copies: 1,
      },
      documents: [],
    })
    expect(copies.statusCode, copies.body).toBe(201)
    const { code } = copies.json()
    await act(officer, code, { action: 'accept' })
    expect((await detail(officer, code)).json().allowedActions).toContain('request_payment')
  })
})

describe('the applicant’s name for the officials handling the dossier', () => {
  it('is in the queue and on the dossier for officials of the agency; never for others', async () => {
    const code = await fileBirth()
    const item = (await list(officer, 'queue=new')).items.find((d) => d.code === code)
    expect(item?.applicantName).toBe('Nguyễn Văn An')
    expect((await detail(officer, code)).json().applicantName).toBe('Nguyễn Văn An')
    // The applicant's own list has no use for it.
    const own = (await list(citizen, 'page=1')).items.find((d) => d.code === code)
    expect(own?.applicantName).toBeNull()
    const stranger = await createOfficial(t, 'H48', ['reception'], 'danang-name')
    const token = await t.token(stranger.username, FIXTURE_PASSWORD)
    expect((await detail(token, code)).statusCode).toBe(404)
    expect((await list(token, 'page=1')).items.map((d) => d.code)).not.toContain(code)
  })
})

describe('the documents attached to a dossier, for the officials handling it', () => {
  it('are listed with their provenance, previewed inline and downloaded; each read audited', async () => {
    const birthNotice = await upload(citizen)
    const code = await fileBirth(birthNotice)
    const documents = (await detail(officer, code)).json().documents
    expect(documents).toEqual([
      expect.objectContaining({
        requirementId: 'birth-notice',
        walletDocumentId: birthNotice,
        provenance: 'upload',
        reused: false,
        title: 'Giấy chứng sinh',
        type: 'birth-notice',
        source: 'uploaded',
        mimeType: 'application/pdf',
        hasFile: true,
        status: 'valid',
      }),
    ])
    const url = `/api/v1/dossiers/${code}/documents/${birthNotice}`
    const preview = await t.app.inject({ url, headers: bearer(officer) })
    expect(preview.statusCode).toBe(200)
    expect(preview.headers['content-type']).toBe('application/pdf')
    expect(preview.headers['content-disposition']).toMatch(/^inline; filename="[A-Za-z0-9._-]+\.pdf"$/)
    expect(preview.headers['cache-control']).toBe('private, no-store')
    expect(preview.rawPayload.subarray(0, 4).toString()).toBe('%PDF')
    const download = await t.app.inject({ url: `${url}?download=true`, headers: bearer(officer) })
    expect(download.headers['content-disposition']).toMatch(/^attachment; /)
    expect(await auditCount('dossier.document_read', birthNotice)).toBe(2)
  })

  it('a document reused from the wallet says so', async () => {
    const birthNotice = await upload(citizen)
    await fileBirth(birthNotice)
    const second = await fileBirth(birthNotice)
    expect((await detail(officer, second)).json().documents[0]).toMatchObject({
      walletDocumentId: birthNotice,
      provenance: 'wallet',
      reused: true,
    })
  })

  it('another agency’s official gets 404, a citizen 403, a document of another dossier 404; nothing read', async () => {
    const birthNotice = await upload(citizen)
    const code = await fileBirth(birthNotice)
    const url = `/api/v1/dossiers/${code}/documents/${birthNotice}`
    const stranger = await createOfficial(t, 'H48', ['reception', 'specialist', 'leader'], 'danang-docs')
    const strangerToken = await t.token(stranger.username, FIXTURE_PASSWORD)
    expect((await t.app.inject({ url, headers: bearer(strangerToken) })).statusCode).toBe(404)
    expect((await t.app.inject({ url, headers: bearer(citizen) })).statusCode).toBe(403)
    expect((await t.app.inject({ url, headers: bearer(await t.token('demo.business')) })).statusCode).toBe(
      403,
    )
    expect((await t.app.inject({ url })).statusCode).toBe(401)
    // A document of the applicant's wallet that this dossier does not carry.
    const unattached = await upload(citizen)
    const other = await t.app.inject({
      url: `/api/v1/dossiers/${code}/documents/${unattached}`,
      headers: bearer(officer),
    })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('DOCUMENT_NOT_FOUND')
    const malformed = await t.app.inject({
      url: `/api/v1/dossiers/${code}/documents/x`,
      headers: bearer(officer),
    })
    expect(malformed.statusCode).toBe(400)
    expect(await auditCount('dossier.document_read', birthNotice)).toBe(0)
    expect(await auditCount('dossier.document_read', unattached)).toBe(0)
  })
})
