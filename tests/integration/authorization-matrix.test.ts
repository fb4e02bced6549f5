// The authorisation matrix (tests/authorization-matrix.ts) against the running server: every route
// as registered × every role. A route without an entry fails here, naming the route.
import diagnostics from 'node:diagnostics_channel'
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/server/db/rows'
import { signCallback } from '../../src/server/modules/dossiers/payments.service'
import {
  AUTHORIZATION_MATRIX,
  type MatrixFixtures,
  ROLES,
  type Role,
  WEB_APP_FILE,
} from '../authorization-matrix'
import { bearer, createTestApp, type TestApp } from '../helpers/app'
import { dossierClient, PDF } from '../helpers/dossiers'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../helpers/fixtures'

// Every route the server registers, from Fastify itself: a hook added as the instance is created,
// before any plugin registers a route. HEAD routes are Fastify's own copies of GET routes, with the
// same guard.
const registered: string[] = []
const collect = (message: unknown) => {
  const { fastify } = message as { fastify: FastifyInstance }
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') registered.push(`${method} ${route.url}`)
    }
  })
}
diagnostics.subscribe('fastify.initialization', collect)
const t: TestApp = await createTestApp()
diagnostics.unsubscribe('fastify.initialization', collect)
const routes = [...new Set(registered)]

/** The entry that covers a route: its own, or the one shared by the web app's files. */
function entryKeyOf(route: string): string | undefined {
  if (AUTHORIZATION_MATRIX[route]) return route
  const [method, url] = route.split(' ') as [string, string]
  const file = path.join(t.app.config.webDir, url)
  const isWebFile =
    method === 'GET' &&
    file.startsWith(t.app.config.webDir) &&
    fs.statSync(file, { throwIfNoEntry: false })?.isFile()
  return isWebFile ? WEB_APP_FILE : undefined
}
/** The routes to call: each with its own entry, and one of the web app's files for all of them. */
const checked = [...new Map(routes.filter(entryKeyOf).map((route) => [entryKeyOf(route), route])).entries()]

let fixtures: MatrixFixtures
/** A bearer token per role (anonymous: none). */
let tokens: Record<Exclude<Role, 'anonymous'>, string>
let usernames: Record<Exclude<Role, 'anonymous'>, { username: string; password: string }>

let made = 0
let clients = 0

beforeAll(async () => {
  const { upload, fileBirth, submit, act } = dossierClient(t)
  const [commune] = await rowsOf<{ id: string }>(
    t.db,
    sql`select id from agencies where path like '/G00/H48/%' and level = 'commune' order by id limit 1`,
  )
  const otherCitizen = await createCitizen(t, 'matrix.citizen')
  const otherOfficer = await createOfficial(t, commune!.id, ['reception', 'specialist'], 'matrix.danang')
  usernames = {
    citizen: { username: 'demo.citizen', password: 'demo' },
    otherCitizen: { username: otherCitizen.username, password: FIXTURE_PASSWORD },
    officer: { username: 'demo.officer', password: 'demo' },
    otherOfficer: { username: otherOfficer.username, password: FIXTURE_PASSWORD },
    leader: { username: 'demo.leader', password: 'demo' },
    admin: { username: 'demo.admin', password: 'demo' },
  }
  tokens = {} as typeof tokens
  for (const [role, { username, password }] of Object.entries(usernames)) {
    tokens[role as keyof typeof tokens] = await t.token(username, password)
  }

  // A decided birth registration (with its signed result), and a dossier waiting for its fee.
  const birthNotice = await upload(tokens.citizen)
  const decidedDossier = await fileBirth(tokens.citizen, birthNotice)
  await act(tokens.officer, decidedDossier, { action: 'accept' })
  await act(tokens.officer, decidedDossier, { action: 'assign' })
  await act(tokens.officer, decidedDossier, {
    action: 'submit_to_leader',
    note: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo',
  })
  expect((await act(tokens.leader, decidedDossier, { action: 'approve' })).statusCode).toBe(200)
  const copies = await submit(tokens.citizen, {
    procedureCode: '2.000635',
    data: {
      applicant: { phone: '0912345678' },
      extractType: 'birth',
      subject: { fullName: 'Nguyễn Văn An' },
    },
    documents: [],
  })
  expect(copies.statusCode, copies.body).toBe(201)
  const payingDossier = copies.json().code as string
  await act(tokens.officer, payingDossier, { action: 'accept' })
  expect((await act(tokens.officer, payingDossier, { action: 'request_payment' })).statusCode).toBe(200)

  fixtures = {
    decidedDossier,
    payingDossier,
    attachedDocument: birthNotice,
    walletDocument: await upload(tokens.citizen),
    resultDocument: (
      await t.app.inject({ url: `/api/v1/dossiers/${decidedDossier}`, headers: bearer(tokens.citizen) })
    ).json().dossier.resultDocumentId,
    officerId: (await t.app.inject({ url: '/api/v1/me', headers: bearer(tokens.officer) })).json().id,
    citizenPin: '001090000001',
    unique: () => `${process.pid}${++made}`,
    signedPaymentNotice() {
      const payload = JSON.stringify({
        paymentId: '00000000-0000-4000-8000-000000000000',
        providerRef: 'MATRIX-0001',
        amountVnd: 1000,
        status: 'paid',
      })
      return {
        payload,
        headers: {
          'content-type': 'application/json',
          'x-sen-signature': signCallback('test-payment-secret', payload),
        },
      }
    },
    pdf: PDF,
  }
}, 120_000)
afterAll(() => t.close())

describe('the authorisation matrix', () => {
  it('has an entry for every route the server registers', () => {
    const missing = routes.filter((route) => !entryKeyOf(route))
    expect(
      missing,
      `Routes without an entry in tests/authorization-matrix.ts (say who may call them):\n${missing.join('\n')}`,
    ).toEqual([])
  })

  it('names no route the server does not register', () => {
    const stale = Object.entries(AUTHORIZATION_MATRIX)
      .filter(([key, entry]) => !entry.optional && !routes.some((route) => entryKeyOf(route) === key))
      .map(([route]) => route)
    expect(
      stale,
      `Entries in tests/authorization-matrix.ts for routes that no longer exist:\n${stale.join('\n')}`,
    ).toEqual([])
  })
})

async function send(key: string, route: string, role: Role) {
  const entry = AUTHORIZATION_MATRIX[key]!
  const [method, pattern] = route.split(' ') as [InjectOptions['method'], string]
  const request = entry.request?.(fixtures) ?? { url: pattern }
  let credential: Record<string, string> = {}
  if (role !== 'anonymous') {
    const token = entry.endsSession
      ? await t.token(usernames[role].username, usernames[role].password)
      : tokens[role]
    credential = bearer(token)
  }
  clients++
  const headers = { ...credential, ...request.headers }
  let payload = request.payload
  if (payload && !Buffer.isBuffer(payload) && typeof payload !== 'string') {
    payload = JSON.stringify(payload)
    headers['content-type'] ??= 'application/json'
  }
  return t.app.inject({
    method,
    url: request.url,
    headers,
    payload,
    // Its own address per request: the login and verification rate limits are per address.
    remoteAddress: request.remoteAddress ?? `10.77.${(clients >> 8) & 255}.${clients & 255}`,
  })
}

describe.each(checked)('%s', (key, route) => {
  const entry = AUTHORIZATION_MATRIX[key!]!
  it.each(ROLES.map((role) => ({ role, allowed: entry.allow.includes(role) })))(
    '$role: allowed $allowed',
    async ({ role, allowed }) => {
      const response = await send(key!, route, role)
      const said = `${route} as ${role} → ${response.statusCode} ${response.body.slice(0, 300)}`
      expect(response.statusCode, said).toBeLessThan(500)
      const refusals = entry.hides && role !== 'anonymous' ? [401, 403, 404] : [401, 403]
      if (allowed) {
        expect(refusals, said).not.toContain(response.statusCode)
      } else {
        expect(refusals, said).toContain(response.statusCode)
        // Anonymous callers are asked to log in; signed-in ones are refused (or not told it exists).
        if (role === 'anonymous') expect(response.statusCode, said).toBe(401)
        else expect(response.statusCode, said).not.toBe(401)
      }
    },
  )
})
