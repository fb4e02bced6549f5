import { generateKeyPairSync, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import Fastify, { type FastifyInstance } from 'fastify'
import { CompactSign } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { runCli } from '../../../cli/run'
import { rowsOf } from '../../db/rows'
import { ASSERTION_TYPE, bodyHash } from './client-auth'
import { ensureHostedSubsystemKey, exportExchangeLog, signAssertion } from './service'

let t: TestApp
let admin: string
let danangAdmin: string
/** The provider's backend: a sandbox tax system, a real HTTP server started by this test. */
let sandbox: FastifyInstance
let sandboxUrl: string
/** What the sandbox received, newest last. */
const received: Array<{ url: string; headers: Record<string, unknown>; body: unknown }> = []

const PROVIDER = 'VN/GOV/H01'
const PROVIDER_SUB = `${PROVIDER}/TAX-SANDBOX`
const STATUS = `${PROVIDER_SUB}/taxpayer-status`
const PEOPLE = `${PROVIDER_SUB}/residents`
const DOWN = `${PROVIDER_SUB}/down`
const CLIENT = 'VN/GOV/X00004/DOSSIERS'
const OTHER_CLIENT = 'VN/GOV/X00004/LICENSING'
/** The client's own key: it runs outside Sen, Sen's CA certified its public key. */
const clientKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
let clientChain: string[]
let clientKeyId: string

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url: `/api/v1/exchange${url}`, headers: bearer(token), payload })

async function created(token: string, url: string, payload: Record<string, unknown>) {
  const response = await api(token, 'POST', url, payload)
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

const pemToDer = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '')

async function assertion(
  claims: { iss: string; aud: string; jti: string; htm: string; htu: string; body?: Buffer | null },
  key = clientKey.privateKey,
) {
  const now = Math.floor(Date.now() / 1000)
  const payload = {
    iss: claims.iss,
    aud: claims.aud,
    jti: claims.jti,
    htm: claims.htm,
    htu: claims.htu,
    bh: bodyHash(claims.body ?? null),
    iat: now,
    exp: now + 60,
  }
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'RS256', typ: ASSERTION_TYPE, kid: clientKeyId, x5c: clientChain })
    .sign(key)
}

interface Call {
  service?: string
  path?: string
  method?: 'GET' | 'POST'
  issue?: string
  requestId?: string
  body?: Buffer
  /** Replace the assertion (a forgery), or leave it out. */
  assertion?: string | null
}

async function call(options: Call = {}) {
  const service = options.service ?? STATUS
  const path = options.path ?? '/taxpayers/0100109106/status'
  const method = options.method ?? 'GET'
  const requestId = options.requestId ?? randomUUID()
  const signed =
    options.assertion === undefined
      ? await assertion({
          iss: CLIENT,
          aud: service,
          jti: requestId,
          htm: method,
          htu: path,
          body: options.body,
        })
      : options.assertion
  const headers: Record<string, string> = {
    'x-road-client': CLIENT,
    'x-road-id': requestId,
    'x-road-userid': 'VN/officer-17',
  }
  if (signed) headers['x-road-client-assertion'] = signed
  if (options.issue) headers['x-road-issue'] = encodeURIComponent(options.issue)
  if (options.body) headers['content-type'] = 'application/json'
  const response = await t.app.inject({
    method,
    url: `/r1/${service}${path}`,
    headers,
    payload: options.body,
  })
  return { response, requestId }
}

async function grant(overrides: Record<string, unknown> = {}) {
  return created(admin, '/grants', {
    serviceId: STATUS,
    clientId: CLIENT,
    method: 'GET',
    pathPattern: '/taxpayers/*/status',
    purposes: ['Kiểm tra nghĩa vụ thuế khi cấp phép'],
    legalBasis: 'Nghị định 47/2020/NĐ-CP, Điều 15',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    ...overrides,
  })
}

/** `sen exchange verify-log <file> --root <Sen's root>`, run in this process. */
async function verifyLog(file: string) {
  const root = path.join(os.tmpdir(), `sen-root-${process.pid}.pem`)
  fs.writeFileSync(root, (await t.app.inject({ url: '/api/v1/signing/root.pem' })).body)
  let stdout = ''
  let stderr = ''
  const code = await runCli(['exchange', 'verify-log', file, '--root', root], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  })
  return { code, stdout, stderr }
}

const logOf = async (requestId: string) =>
  rowsOf<{ status: number; error_type: string | null; response_hash: string; grant_id: string | null }>(
    t.db,
    sql`select status, error_type, response_hash, grant_id from exchange_log where request_id = ${requestId}`,
  )

beforeAll(async () => {
  sandbox = Fastify()
  sandbox.get('/taxpayers/:code/status', async (request) => {
    received.push({ url: request.url, headers: request.headers, body: null })
    return { taxCode: (request.params as { code: string }).code, status: 'compliant', sandbox: true }
  })
  sandbox.get('/people/:pin', async (request) => {
    received.push({ url: request.url, headers: request.headers, body: null })
    return { pin: (request.params as { pin: string }).pin, fullName: 'Nguyễn Văn An' }
  })
  sandbox.post('/taxpayers/:code/declarations', async (request) => {
    received.push({ url: request.url, headers: request.headers, body: request.body })
    return { accepted: true }
  })
  await sandbox.listen({ port: 0, host: '127.0.0.1' })
  sandboxUrl = `http://127.0.0.1:${(sandbox.server.address() as AddressInfo).port}`
  // A port that answers nothing: a backend that is down.
  const gone = Fastify()
  await gone.listen({ port: 0, host: '127.0.0.1' })
  const downUrl = `http://127.0.0.1:${(gone.server.address() as AddressInfo).port}`
  await gone.close()

  t = await createTestApp()
  admin = await t.token('demo.admin')
  danangAdmin = await t.token(
    (await createOfficial(t, 'H48', ['agency_admin'], 'exchange.danang')).username,
    FIXTURE_PASSWORD,
  )

  await created(admin, '/members', { memberClass: 'GOV', memberCode: 'H01', name: 'UBND thành phố Hà Nội' })
  await created(admin, '/members', { memberClass: 'GOV', memberCode: 'X00004', name: 'UBND phường Ba Đình' })
  const system = await created(admin, '/systems', {
    memberId: PROVIDER,
    name: 'Hệ thống thuế (sandbox)',
    purpose: 'Tra cứu tình trạng nghĩa vụ thuế',
    securityLevel: 3,
  })
  await created(admin, '/subsystems', {
    memberId: PROVIDER,
    code: 'TAX-SANDBOX',
    name: 'Thuế (sandbox)',
    systemId: system.id,
  })
  for (const code of ['DOSSIERS', 'LICENSING'])
    await created(admin, '/subsystems', { memberId: 'VN/GOV/X00004', code, name: `Phân hệ ${code}` })
  const certificate = await created(admin, '/subsystems/certificates', {
    subsystemId: CLIENT,
    publicKeyPem: clientKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  })
  clientChain = certificate.chainPem.map(pemToDer)
  clientKeyId = certificate.keyId
  const openapi = { openapi: '3.0.3', info: { title: 'Sandbox', version: '1' }, paths: {} }
  const service = (code: string, backendUrl: string, personal: Record<string, unknown> = {}) =>
    created(admin, '/services', {
      subsystemId: PROVIDER_SUB,
      code,
      title: `Dịch vụ ${code}`,
      backendUrl,
      openapi,
      personalData: false,
      ...personal,
    })
  await service('taxpayer-status', sandboxUrl)
  await service('residents', sandboxUrl, { personalData: true, subjectPattern: '^/people/(\\d{12})$' })
  await service('down', downUrl)
})
afterAll(async () => {
  await t?.close()
  await sandbox?.close()
})

describe('the data-exchange gateway', () => {
  it('passes a granted call to the backend with the X-Road headers, and answers with its id and request hash', async () => {
    const granted = await grant()
    expect(granted).toMatchObject({ state: 'active', clientId: CLIENT, withdrawnAt: null })
    const before = received.length
    const { response, requestId } = await call({
      issue: 'Kiểm tra nghĩa vụ thuế khi cấp phép #H01.2026.000123',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({ taxCode: '0100109106', status: 'compliant', sandbox: true })
    expect(response.headers['x-road-id']).toBe(requestId)
    expect(response.headers['x-road-request-hash']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(received.length).toBe(before + 1)
    expect(received.at(-1)!.headers).toMatchObject({
      'x-road-client': CLIENT,
      'x-road-id': requestId,
      'x-road-userid': 'VN/officer-17',
    })
    const [logged] = await logOf(requestId)
    expect(logged).toMatchObject({ status: 200, error_type: null, grant_id: granted.id })
  })

  it('denies by default: another subsystem, another method or another path is refused as the client’s fault', async () => {
    const before = received.length
    const declaration = Buffer.from(JSON.stringify({ year: 2026 }))
    for (const attempt of [
      { path: '/taxpayers/0100109106/declarations', method: 'POST' as const, body: declaration },
      { path: '/taxpayers/0100109106/history' },
    ]) {
      const { response } = await call(attempt)
      expect(response.statusCode, response.body).toBe(403)
      expect(response.headers['x-road-error']).toBe('Client.AccessDenied')
      expect(response.json().type).toBe('Client.AccessDenied')
    }
    // A subsystem with no grant, Sen-hosted, signing with its own key (issued by Sen's CA for it).
    await ensureHostedSubsystemKey(t.db, OTHER_CLIENT)
    const requestId = randomUUID()
    const path = '/taxpayers/0100109106/status'
    const headers = (signed: string) => ({
      'x-road-client': OTHER_CLIENT,
      'x-road-id': requestId,
      'x-road-client-assertion': signed,
    })
    const claims = { clientId: OTHER_CLIENT, serviceId: STATUS, requestId, method: 'GET', path, body: null }
    const response = await t.app.inject({
      url: `/r1/${STATUS}${path}`,
      headers: headers(await signAssertion(t.db, claims)),
    })
    expect(response.statusCode, response.body).toBe(403)
    expect(response.headers['x-road-error']).toBe('Client.AccessDenied')
    // Nor may it pass as the granted client with its own certificate.
    const posing = await t.app.inject({
      url: `/r1/${STATUS}${path}`,
      headers: {
        ...headers(await signAssertion(t.db, claims)),
        'x-road-client': CLIENT,
        'x-road-id': randomUUID(),
      },
    })
    expect(posing.statusCode).toBe(401)
    expect(posing.headers['x-road-error']).toBe('Client.Unauthorized')
    expect(received.length).toBe(before)
  })

  it('a provider withdraws a grant: the next call is refused, and the grant stays on record', async () => {
    const only = await grant({ pathPattern: '/taxpayers/0109999999/status' })
    const path = '/taxpayers/0109999999/status'
    // Calls match the broad grant of the first test too: withdraw that one first.
    const all = await api(admin, 'GET', `/grants?clientId=${encodeURIComponent(CLIENT)}`)
    for (const g of all.json()) {
      if (g.state === 'active' && g.id !== only.id)
        await created(admin, `/grants/${g.id}/withdrawal`, { reason: 'Thay bằng quyền hẹp hơn' })
    }
    expect((await call({ path })).response.statusCode).toBe(200)

    const outsider = await api(danangAdmin, 'POST', `/grants/${only.id}/withdrawal`, {
      reason: 'Không phải của tôi',
    })
    expect(outsider.statusCode).toBe(403)
    const withdrawn = await created(admin, `/grants/${only.id}/withdrawal`, { reason: 'Hết nhu cầu tra cứu' })
    expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Hết nhu cầu tra cứu' })

    const { response } = await call({ path })
    expect(response.statusCode).toBe(403)
    expect(response.headers['x-road-error']).toBe('Client.AccessDenied')
    const again = await api(admin, 'POST', `/grants/${only.id}/withdrawal`, { reason: 'Lần nữa' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_WITHDRAWN')
    const listed = (await api(admin, 'GET', `/grants?serviceId=${encodeURIComponent(STATUS)}`)).json()
    expect(listed.find((g: { id: string }) => g.id === only.id)).toMatchObject({ state: 'withdrawn' })
  })

  it('an expired grant lets nothing through, and a grant cannot be made already expired', async () => {
    const path = '/taxpayers/0108888888/status'
    const soon = await grant({ pathPattern: path })
    expect((await call({ path })).response.statusCode).toBe(200)
    // Time passes: the grant's expiry is behind us.
    await t.db.execute(
      sql`update exchange_grants set expires_at = now() - interval '1 second' where id = ${soon.id}`,
    )
    const { response } = await call({ path })
    expect(response.statusCode).toBe(403)
    expect(response.json().type).toBe('Client.AccessDenied')
    const listed = (await api(admin, 'GET', `/grants?serviceId=${encodeURIComponent(STATUS)}`)).json()
    expect(listed.find((g: { id: string }) => g.id === soon.id).state).toBe('expired')

    const past = await api(admin, 'POST', '/grants', {
      serviceId: STATUS,
      clientId: CLIENT,
      method: 'GET',
      pathPattern: path,
      purposes: ['Kiểm tra'],
      legalBasis: 'Nghị định 47/2020/NĐ-CP',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    })
    expect(past.statusCode).toBe(400)
    expect(past.json().error.code).toBe('EXPIRY_IN_PAST')
  })

  it('refuses a forged assertion, an assertion for another request, and none at all, before the backend', async () => {
    const path = '/taxpayers/0107777777/status'
    await grant({ pathPattern: path })
    const before = received.length
    const requestId = randomUUID()
    const claims = { iss: CLIENT, aud: STATUS, jti: requestId, htm: 'GET', htu: path }
    // Signed with another key, under the client's real certificate chain.
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const forged = await assertion(claims, intruder.privateKey)
    // The client's genuine signature, but for another path.
    const elsewhere = await assertion({ ...claims, htu: '/taxpayers/0100109106/status' })
    for (const signed of [forged, elsewhere, null, 'not-a-jws']) {
      const { response } = await call({ path, requestId, assertion: signed })
      expect(response.statusCode, String(signed).slice(0, 20)).toBe(401)
      expect(response.headers['x-road-error']).toBe('Client.Unauthorized')
    }
    expect(received.length).toBe(before)
    expect((await call({ path, requestId })).response.statusCode).toBe(200)
  })

  it('refuses a replayed X-Road-Id without reaching the backend again', async () => {
    const path = '/taxpayers/0106666666/status'
    await grant({ pathPattern: path })
    const requestId = randomUUID()
    const first = await call({ path, requestId })
    expect(first.response.statusCode).toBe(200)
    const before = received.length
    const replay = await call({ path, requestId })
    expect(replay.response.statusCode).toBe(409)
    expect(replay.response.headers['x-road-error']).toBe('Client.ReplayedRequest')
    expect(received.length).toBe(before)
    expect(await logOf(requestId)).toHaveLength(1)
  })

  it('refuses a personal-data call without a purpose, or with one its grant does not allow', async () => {
    await grant({
      serviceId: PEOPLE,
      pathPattern: '/people/*',
      purposes: ['Giải quyết thủ tục đăng ký hộ tịch'],
    })
    const path = '/people/001090000001'
    const before = received.length
    const none = await call({ service: PEOPLE, path })
    expect(none.response.statusCode).toBe(403)
    expect(none.response.headers['x-road-error']).toBe('Client.PurposeRequired')
    const other = await call({ service: PEOPLE, path, issue: 'Tiếp thị' })
    expect(other.response.statusCode).toBe(403)
    expect(other.response.headers['x-road-error']).toBe('Client.PurposeNotAllowed')
    expect(received.length).toBe(before)
    // Refusals of a known client are on the log too, with their reason.
    expect((await logOf(none.requestId))[0]).toMatchObject({
      status: 403,
      error_type: 'Client.PurposeRequired',
    })

    const allowed = await call({
      service: PEOPLE,
      path,
      issue: 'Giải quyết thủ tục đăng ký hộ tịch #X00004.001',
    })
    expect(allowed.response.statusCode, allowed.response.body).toBe(200)
    const [row] = await rowsOf<{ subject: string }>(
      t.db,
      sql`select subject from exchange_log where request_id = ${allowed.requestId}`,
    )
    expect(row!.subject).toBe('001090000001')
  })

  it("the person's data tracker shows each read of their data: by the gateway and by the prefill of their filing", async () => {
    // demo.citizen (001090000001) was read through the gateway in the test above; now they file.
    const citizen = await t.token('demo.citizen')
    const code = await dossierClient(t).fileBirth(citizen)
    const response = await t.app.inject({ url: '/api/v1/exchange/my-reads', headers: bearer(citizen) })
    expect(response.statusCode, response.body).toBe(200)
    const reads = response.json()
    const viaGateway = reads.items.filter((r: { source: string }) => r.source === 'gateway')
    // Only the read that answered: the two refused calls read nothing.
    expect(viaGateway).toHaveLength(1)
    expect(viaGateway[0]).toMatchObject({
      agencyId: 'X00004',
      agencyName: 'UBND phường Ba Đình',
      system: 'Phân hệ DOSSIERS',
      service: 'Dịch vụ residents',
      purpose: 'Giải quyết thủ tục đăng ký hộ tịch',
      dossierCode: 'X00004.001',
      legalBasis: 'Nghị định 47/2020/NĐ-CP, Điều 15',
    })
    expect(viaGateway[0].grantId).toMatch(/^[0-9a-f-]{36}$/)
    const prefilled = reads.items.filter((r: { dossierCode: string | null }) => r.dossierCode === code)
    expect(prefilled.length).toBeGreaterThanOrEqual(1)
    expect(prefilled[0]).toMatchObject({ source: 'prefill', bySelf: true })
    expect(prefilled[0].purpose).toMatch(/1\.001193/)
    expect(reads.total).toBeGreaterThanOrEqual(reads.items.length)

    // Nobody else sees them: another person has their own (empty) tracker, officials have none.
    const other = await t.token((await createCitizen(t, 'exchange.tracker')).username, FIXTURE_PASSWORD)
    expect((await t.app.inject({ url: '/api/v1/exchange/my-reads', headers: bearer(other) })).json()).toEqual(
      {
        items: [],
        total: 0,
      },
    )
    const officer = await t.token('demo.officer')
    expect(
      (await t.app.inject({ url: '/api/v1/exchange/my-reads', headers: bearer(officer) })).statusCode,
    ).toBe(403)
  })

  it('answers Server.ServerProxy when the backend is down, and logs the exchange whole', async () => {
    await grant({ serviceId: DOWN, pathPattern: '/**' })
    const { response, requestId } = await call({ service: DOWN, path: '/taxpayers/0100109106/status' })
    expect(response.statusCode).toBe(502)
    expect(response.headers['x-road-error']).toBe('Server.ServerProxy.ServiceFailed')
    const rows = await logOf(requestId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 502, error_type: 'Server.ServerProxy.ServiceFailed' })
    expect(rows[0]!.response_hash).toMatch(/\S{43}/)
    // No entry anywhere lacks its outcome.
    const [half] = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from exchange_log where status = 0 or response_hash = ''`,
    )
    expect(half!.n).toBe(0)
  })

  it("holds a client to its grant's calls per minute: 429 with Retry-After, the backend spared", async () => {
    const path = '/taxpayers/0105555555/status'
    await grant({ pathPattern: path, ratePerMinute: 1 })
    expect((await call({ path })).response.statusCode).toBe(200)
    const before = received.length
    const { response } = await call({ path })
    expect(response.statusCode).toBe(429)
    expect(response.headers['x-road-error']).toBe('Client.RateLimited')
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(received.length).toBe(before)
  })

  it('only administrators register and grant, each within their jurisdiction', async () => {
    const officer = await t.token('demo.officer')
    expect((await api(officer, 'GET', '/services')).statusCode).toBe(403)
    expect((await t.app.inject({ url: '/api/v1/exchange/services' })).statusCode).toBe(401)
    const outside = await api(danangAdmin, 'POST', '/grants', {
      serviceId: STATUS,
      clientId: CLIENT,
      method: 'GET',
      pathPattern: '/taxpayers/*/status',
      purposes: ['Kiểm tra'],
      legalBasis: 'Nghị định 47/2020/NĐ-CP',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(outside.statusCode).toBe(403)
    const bad = await api(admin, 'POST', '/services', {
      subsystemId: PROVIDER_SUB,
      code: 'no-openapi',
      title: 'Không có OpenAPI',
      backendUrl: sandboxUrl,
      openapi: { swagger: '2.0' },
      personalData: false,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('BAD_OPENAPI')
  })

  it('the verifier finds a log entry altered after the fact', async () => {
    const exported = path.join(os.tmpdir(), `sen-exchange-${process.pid}.json`)
    fs.writeFileSync(exported, JSON.stringify(await exportExchangeLog(t.db)))
    const clean = await verifyLog(exported)
    expect(clean.stderr).toBe('')
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/^exchange log intact: \d+ entries, \d+ signed seals?/)
    fs.rmSync(exported)

    const intact = await api(admin, 'GET', '/log/verification')
    expect(intact.statusCode).toBe(200)
    expect(intact.json()).toMatchObject({ ok: true })
    expect(intact.json().entries).toBeGreaterThanOrEqual(10)
    expect(intact.json().seals).toBeGreaterThanOrEqual(1)

    const [victim] = await rowsOf<{ seq: number }>(
      t.db,
      sql`select seq from exchange_log where status = 200 order by seq limit 1 offset 1`,
    )
    await t.db.execute(
      sql`update exchange_log set path = '/taxpayers/0000000000/status' where seq = ${victim!.seq}`,
    )
    const report = (await api(admin, 'GET', '/log/verification')).json()
    expect(report.ok).toBe(false)
    expect(report.firstBroken).toEqual({ seq: Number(victim!.seq), reason: 'hash' })
    // Offline too: an export checked by `sen exchange verify-log` against Sen's root, no database.
    const tampered = path.join(os.tmpdir(), `sen-exchange-${process.pid}-tampered.json`)
    fs.writeFileSync(tampered, JSON.stringify(await exportExchangeLog(t.db)))
    const run = await verifyLog(tampered)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`broken at entry #${victim!.seq}`)
    fs.rmSync(tampered)
  })
})
