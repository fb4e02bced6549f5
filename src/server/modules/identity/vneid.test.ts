import { and, desc, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, sessionCookie, type TestApp } from '../../../../tests/helpers/app'
import { snapshot } from '../../../../tests/helpers/fixtures'
import {
  forged,
  loginAtProvider,
  postCallback,
  resignedWith,
  startTestVneid,
} from '../../../../tests/helpers/vneid'
import type { VneidSandbox } from '../../sandbox/vneid'
import { auditEvents } from '../audit/schema'
import { people, users } from './schema'

let t: TestApp
let sandbox: VneidSandbox
beforeAll(async () => {
  const vneid = await startTestVneid()
  sandbox = vneid.sandbox
  t = await createTestApp({ env: vneid.env })
})
afterAll(async () => {
  await t.close()
  await sandbox.close()
})
afterEach(() => {
  sandbox.tamper = null
})

const me = (cookie: string) => t.app.inject({ url: '/api/v1/me', headers: { cookie } })

async function accountsOf(pin: string) {
  return t.db
    .select({ id: users.id, username: users.username, kind: users.kind })
    .from(users)
    .innerJoin(people, eq(users.personId, people.id))
    .where(eq(people.pin, pin))
}

describe('login with the national identity provider (VNeID)', () => {
  it('says it is offered, and sends the browser to the provider with PKCE, state and nonce', async () => {
    const methods = await t.app.inject({ url: '/api/v1/auth/methods' })
    expect(methods.json()).toEqual({ password: true, vneid: true })
    const start = await t.app.inject({ url: '/api/v1/auth/vneid/start?returnTo=/ho-so' })
    expect(start.statusCode).toBe(302)
    const target = new URL(String(start.headers.location))
    expect(target.origin).toBe(sandbox.issuer)
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: 'sen',
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/login/vneid',
      code_challenge_method: 'S256',
      scope: 'openid profile phone vneid',
    })
    expect(target.searchParams.get('state')).toBeTruthy()
    expect(target.searchParams.get('nonce')).toBeTruthy()
    const cookie = start.cookies.find((c) => c.name === 'sen_vneid')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/vneid' })
  })

  it('logs a citizen into their own account at the level of their e-identity, and audits it', async () => {
    const answer = await loginAtProvider(t, { preset: '0' }, '/ho-so')
    const response = await postCallback(t, answer)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      user: { username: 'demo.citizen', kind: 'citizen', person: { pin: '001090000001' } },
      returnTo: '/ho-so',
      assurance: 2,
    })
    const session = await me(sessionCookie(response))
    expect(session.json()).toMatchObject({
      username: 'demo.citizen',
      login: { method: 'vneid', assurance: 2 },
    })
    const [event] = await t.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.entityId, response.json().user.id)))
      .orderBy(desc(auditEvents.seq))
      .limit(1)
    expect(event!.data).toMatchObject({ kind: 'cookie', method: 'vneid', assurance: 2 })
    expect(await accountsOf('001090000001')).toHaveLength(1)
  })

  it('opens an account at a first login and links every later one to it, never a second', async () => {
    const first = await postCallback(t, await loginAtProvider(t, { preset: '1' }))
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({
      user: { kind: 'citizen', displayName: 'Trần Thị Mai', person: { pin: '048195000777' } },
      assurance: 1,
    })
    const again = await postCallback(t, await loginAtProvider(t, { preset: '1' }))
    expect(again.json().user.id).toBe(first.json().user.id)
    expect(await accountsOf('048195000777')).toEqual([
      { id: first.json().user.id, username: 'vneid.048195000777', kind: 'citizen' },
    ])
  })

  it('opens no password login for an account made by VNeID', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'vneid.048195000777', password: '' },
    })
    expect(login.statusCode).toBe(400)
    const guess = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'vneid.048195000777', password: 'anything' },
    })
    expect(guess.statusCode).toBe(401)
    expect(guess.json().error.code).toBe('AUTH_INVALID_CREDENTIALS')
  })

  it('takes a person typed in at the provider, with the level given there', async () => {
    const response = await postCallback(
      t,
      await loginAtProvider(t, {
        preset: 'custom',
        pin: '079300001234',
        fullName: 'Lê Thị Hồng',
        birthDate: '2000-01-02',
        gender: 'female',
        level: '1',
      }),
    )
    expect(response.json()).toMatchObject({
      user: { displayName: 'Lê Thị Hồng', person: { pin: '079300001234', birthDate: '2000-01-02' } },
      assurance: 1,
    })
  })

  it("logs a business's representative into the business's one account", async () => {
    const response = await postCallback(t, await loginAtProvider(t, { preset: '2' }))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      user: { username: 'demo.business', kind: 'business', organisation: { taxCode: '0101234567' } },
      assurance: 2,
    })
    const [event] = await t.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.entityId, response.json().user.id)))
      .orderBy(desc(auditEvents.seq))
      .limit(1)
    expect(event!.data).toMatchObject({ method: 'vneid', representativePin: '001090000001' })
  })
})

describe('a procedure that asks by law for a level-2 e-identity (criminal-record certificate)', () => {
  const request = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers,
      payload: {
        procedureCode: '3.000333',
        data: { applicant: { phone: '0912000001' }, certificateType: '1', purpose: 'Xin việc', copies: 1 },
        documents: [],
        // The form reads the parents' names from the registry: the applicant agrees to it.
        consent: true,
      },
    })
  const vneidSession = async (preset: string) => {
    const response = await postCallback(t, await loginAtProvider(t, { preset }))
    const cookie = sessionCookie(response)
    return { cookie, 'x-csrf-token': response.json().csrfToken as string }
  }

  it('says so in the catalog, with its basis', async () => {
    const detail = await t.app.inject({ url: '/api/v1/procedures/3.000333' })
    expect(detail.json().assurance).toMatchObject({ level: 2 })
    expect((await t.app.inject({ url: '/api/v1/procedures/1.001193' })).json().assurance).toBeNull()
  })

  it('refuses a password login and a level-1 one with 403 ASSURANCE_TOO_LOW, filing nothing', async () => {
    const withPassword = (await t.login('demo.citizen')).headers
    const atLevelOne = await vneidSession('1')
    const before = await snapshot(t)
    const password = await request(withPassword)
    expect(password.statusCode).toBe(403)
    expect(password.json().error.code).toBe('ASSURANCE_TOO_LOW')
    const levelOne = await request(atLevelOne)
    expect(levelOne.statusCode).toBe(403)
    expect(levelOne.json().error.message).toContain('mức 2')
    expect(await snapshot(t)).toEqual(before)
  })

  it('files it for the same person logged in with VNeID at level 2', async () => {
    const filed = await request(await vneidSession('0'))
    expect(filed.statusCode, filed.body).toBe(201)
    expect(filed.json()).toMatchObject({ procedureCode: '3.000333' })
  })
})

describe('answers Sen does not take', () => {
  async function refused(response: Awaited<ReturnType<typeof postCallback>>, status: number, code: string) {
    expect(response.statusCode).toBe(status)
    expect(response.json().error.code).toBe(code)
    expect(response.cookies.find((c) => c.name === 'sen_session')).toBeUndefined()
  }

  it('a replayed callback: 400, and no second session', async () => {
    const answer = await loginAtProvider(t)
    expect((await postCallback(t, answer)).statusCode).toBe(200)
    const before = await snapshot(t)
    await refused(await postCallback(t, answer), 400, 'VNEID_LOGIN_USED_OR_EXPIRED')
    expect(await snapshot(t)).toEqual(before)
  })

  it("an answer to another browser's login: 400", async () => {
    const mine = await loginAtProvider(t)
    const theirs = await loginAtProvider(t)
    const before = await snapshot(t)
    await refused(await postCallback(t, theirs, mine.stateCookie), 400, 'VNEID_STATE_MISMATCH')
    await refused(await postCallback(t, theirs, ''), 400, 'VNEID_STATE_MISMATCH')
    expect(await snapshot(t)).toEqual(before)
  })

  it('a forged ID token (signed by a key not the provider’s): 401, nothing written', async () => {
    sandbox.tamper = forged()
    const answer = await loginAtProvider(t, { preset: '1' })
    const before = await snapshot(t)
    const response = await postCallback(t, answer)
    await refused(response, 401, 'VNEID_TOKEN_INVALID')
    expect(response.json().error.message).toContain('chữ ký không hợp lệ')
    expect(await snapshot(t)).toEqual(before)
  })

  it('an ID token issued to another application (wrong audience): 401', async () => {
    sandbox.tamper = resignedWith({ aud: 'another-client' })
    const answer = await loginAtProvider(t)
    const before = await snapshot(t)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/vneid/callback',
      headers: { cookie: answer.stateCookie, 'accept-language': 'en' },
      payload: answer.params,
    })
    await refused(response, 401, 'VNEID_TOKEN_INVALID')
    expect(response.json().error.message).toBe(
      'The ID token is not accepted: issued to another application. Log in again.',
    )
    expect(await snapshot(t)).toEqual(before)
  })

  it('an ID token of another login (wrong nonce, e.g. a replayed token): 401', async () => {
    sandbox.tamper = resignedWith({ nonce: 'the-nonce-of-another-login' })
    const answer = await loginAtProvider(t)
    const before = await snapshot(t)
    const response = await postCallback(t, answer)
    await refused(response, 401, 'VNEID_TOKEN_INVALID')
    expect(response.json().error.message).toContain('không thuộc phiên đăng nhập này')
    expect(await snapshot(t)).toEqual(before)
  })

  it('an expired ID token: 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600
    sandbox.tamper = resignedWith({ iat: past - 600, exp: past })
    await refused(await postCallback(t, await loginAtProvider(t)), 401, 'VNEID_TOKEN_INVALID')
  })

  it('the provider refusing the login: 400', async () => {
    const answer = await loginAtProvider(t)
    const response = await postCallback(t, {
      ...answer,
      params: { state: answer.params.state!, error: 'access_denied', iss: answer.params.iss! },
    })
    await refused(response, 400, 'VNEID_DENIED')
  })

  it('a return path to another site: 400 before leaving', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const start = await t.app.inject({
        url: `/api/v1/auth/vneid/start?returnTo=${encodeURIComponent(returnTo)}`,
      })
      expect(start.statusCode, returnTo).toBe(400)
    }
  })
})

describe('a server without a national identity provider', () => {
  it('offers only the password, and says VNeID is not connected', async () => {
    const plain = await createTestApp({ database: t.database })
    try {
      expect((await plain.app.inject({ url: '/api/v1/auth/methods' })).json()).toEqual({
        password: true,
        vneid: false,
      })
      const start = await plain.app.inject({ url: '/api/v1/auth/vneid/start' })
      expect(start.statusCode).toBe(404)
      expect(start.json().error.code).toBe('VNEID_NOT_CONFIGURED')
    } finally {
      await plain.close()
    }
  })
})
