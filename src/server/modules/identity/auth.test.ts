import { and, eq, sql } from 'drizzle-orm'
import { generateSync } from 'otplib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, sessionCookie, type TestApp } from '../../../../tests/helpers/app'
import {
  createCitizen,
  createOfficial,
  FIXTURE_PASSWORD,
  snapshot,
  uniqueName,
} from '../../../../tests/helpers/fixtures'
import { auditEvents } from '../audit/schema'
import { users } from './schema'
import { countAgencies } from './service'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

let clients = 0
/** A login attempt from an address of its own (the login rate limit is per address). */
function attempt(
  username: string,
  password: string,
  extra: Record<string, unknown> = {},
  url = '/api/v1/auth/login',
) {
  clients++
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: `10.200.${clients >> 8}.${clients & 255}`,
    payload: { username, password, ...extra },
  })
}

async function auditActions(userId: string) {
  const rows = await t.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, 'user'), eq(auditEvents.entityId, userId)))
    .orderBy(auditEvents.seq)
  return rows.map((r) => r.action)
}

describe('POST /api/v1/auth/token', () => {
  it('issues a bearer token that expires in 24 hours', async () => {
    const response = await attempt('demo.officer', 'demo', {}, '/api/v1/auth/token')
    expect(response.statusCode).toBe(200)
    const { token, expiresAt } = response.json()
    expect(token).toMatch(/^[\w-]{40,}$/)
    const hours = (Date.parse(expiresAt) - Date.now()) / 3600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)
    // A token is not a cookie: the response sets none.
    expect(response.cookies).toHaveLength(0)
  })

  it('refuses a wrong password', async () => {
    const response = await attempt('demo.officer', 'wrong', {}, '/api/v1/auth/token')
    expect(response.statusCode).toBe(401)
    expect(response.json().error.code).toBe('AUTH_INVALID_CREDENTIALS')
  })

  it('does not accept a bearer token as a session cookie', async () => {
    const token = await t.token('demo.citizen')
    const signed = t.app.signCookie(token)
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `sen_session=${signed}` } })
    expect(me.statusCode).toBe(401)
  })
})

describe('POST /api/v1/auth/logout', () => {
  it('refuses anonymous callers with 401', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })
    expect(response.statusCode).toBe(401)
    expect(response.json().error.code).toBe('UNAUTHENTICATED')
  })

  it('clears the session cookie', async () => {
    const session = await t.login('demo.citizen')
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session.headers,
    })
    expect(response.statusCode).toBe(204)
    const cleared = response.cookies.find((c) => c.name === 'sen_session')!
    expect(cleared.value).toBe('')
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now())
  })

  it('ends only its own session: another session of the same account stays valid', async () => {
    const first = await t.login('demo.business')
    const second = await t.login('demo.business')
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: first.headers })
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(
      401,
    )
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: second.cookie } })).statusCode).toBe(
      200,
    )
  })
})

describe('GET /api/v1/me', () => {
  it('refuses anonymous callers with 401', async () => {
    const response = await t.app.inject({ url: '/api/v1/me' })
    expect(response.statusCode).toBe(401)
    expect(response.json().error).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Bạn cần đăng nhập để thực hiện thao tác này.',
    })
  })

  it('shows an official their agency and roles', async () => {
    const session = await t.login('demo.officer')
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      kind: 'official',
      roles: ['reception', 'specialist'],
      agency: { id: 'X00004', name: 'UBND phường Ba Đình' },
      totpEnabled: false,
    })
    expect(me.json()).not.toHaveProperty('passwordHash')
  })

  it('refuses a cookie whose signature was tampered with', async () => {
    const session = await t.login('demo.citizen')
    const [token] = session.cookie.slice('sen_session='.length).split('.')
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `sen_session=${token}.forged` } })
    expect(me.statusCode).toBe(401)
  })

  it('refuses an expired session', async () => {
    const citizen = await createCitizen(t, 'expiring')
    const session = await t.login(citizen.username, FIXTURE_PASSWORD)
    await t.db.execute(
      sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${citizen.id}`,
    )
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.statusCode).toBe(401)
  })

  it('refuses the sessions of a disabled account, and its logins', async () => {
    const official = await createOfficial(t, 'X00004', ['specialist'], 'disabled')
    const session = await t.login(official.username, FIXTURE_PASSWORD)
    await t.db.execute(sql`update users set active = false where id = ${official.id}`)
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(
      401,
    )
    const login = await attempt(official.username, FIXTURE_PASSWORD)
    expect(login.statusCode).toBe(401)
    expect(login.json().error.code).toBe('AUTH_INVALID_CREDENTIALS')
  })
})

describe('CSRF protection of cookie sessions', () => {
  it('refuses a logout without x-csrf-token, and the session stays valid', async () => {
    const session = await t.login('demo.leader')
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    })
    expect(logout.statusCode).toBe(403)
    expect(logout.json().error.code).toBe('CSRF_FAILED')
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(
      200,
    )
  })

  it('refuses a logout with a wrong x-csrf-token, in English when asked', async () => {
    const session = await t.login('demo.leader')
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken}x`, 'accept-language': 'en' },
    })
    expect(logout.statusCode).toBe(403)
    expect(logout.json().error).toEqual({
      code: 'CSRF_FAILED',
      message: 'The request lacks a valid anti-forgery token (x-csrf-token). Reload the page.',
    })
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(
      200,
    )
  })

  it('refuses POST /api/v1/users without x-csrf-token and creates no account', async () => {
    const admin = await t.login('demo.admin')
    const before = await snapshot(t)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie },
      payload: {
        username: uniqueName('csrf'),
        password: FIXTURE_PASSWORD,
        displayName: 'Không được tạo',
        agencyId: 'X00004',
        roles: ['reception'],
      },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('CSRF_FAILED')
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses the CSRF token of another session', async () => {
    const admin = await t.login('demo.admin')
    const other = await t.login('demo.admin')
    const before = await countAgencies(t.db)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: { cookie: admin.cookie, 'x-csrf-token': other.csrfToken },
      payload: { id: 'XCSRF1', parentId: 'H01', level: 'unit', name: 'Không được tạo' },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('CSRF_FAILED')
    expect(await countAgencies(t.db)).toBe(before)
  })

  it('asks no CSRF token of bearer requests', async () => {
    const token = await t.token('demo.admin')
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(token),
      payload: { id: 'XBEARER1', parentId: 'H01', level: 'unit', name: 'Tổ công tác số' },
    })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({ id: 'XBEARER1', parentId: 'H01' })
  })

  it('asks no CSRF token of reads', async () => {
    const session = await t.login('demo.citizen')
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(
      200,
    )
  })
})

describe('failed logins slow down their source, never lock the account', () => {
  /** A login attempt from a given address. */
  const from = (address: string, username: string, password: string, url = '/api/v1/auth/login') =>
    t.app.inject({ method: 'POST', url, remoteAddress: address, payload: { username, password } })

  it('an attacker at one address cannot keep the owner out: the right password from another goes through', async () => {
    const leader = await createOfficial(t, 'X00004', ['leader'], 'throttled')
    const answers: number[] = []
    for (let i = 0; i < 4; i++)
      answers.push((await from('10.210.0.1', leader.username, `guess-${i}`)).statusCode)
    expect(answers).toEqual([401, 401, 401, 401])
    // Three free failures; the fourth makes the attacker's address wait (1 s, then 2, 4…: see
    // login-throttle.test.ts): its next attempt is refused before the password is even checked.
    const refused = await from('10.210.0.1', leader.username, FIXTURE_PASSWORD)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('AUTH_THROTTLED')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(refused.json().error.message).toMatch(
      /^Đăng nhập sai nhiều lần từ địa chỉ này\. Vui lòng thử lại sau \d+ giây\.$/,
    )
    expect(refused.cookies).toHaveLength(0)

    // More guesses from a second address: the account has now failed 7 times (a lock-out at 5 would
    // have shut its owner out for 15 minutes).
    for (let i = 0; i < 3; i++) {
      expect((await from('10.210.0.9', leader.username, `more-${i}`)).statusCode).toBe(401)
    }

    // The owner, elsewhere, with the right password: in at once, by cookie and by token.
    const owner = await from('10.210.0.2', leader.username, FIXTURE_PASSWORD)
    expect(owner.statusCode, owner.body).toBe(200)
    expect(owner.cookies.some((c) => c.name === 'sen_session')).toBe(true)
    expect(
      (await from('10.210.0.3', leader.username, FIXTURE_PASSWORD, '/api/v1/auth/token')).statusCode,
    ).toBe(200)
  })

  it('guesses spread over many addresses meet the same wall: two guesses each, then one a day', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'spread')
    let checked = 0
    let lastWait = 0
    for (let source = 1; source <= 90; source++) {
      const address = `10.211.${source >> 8}.${source & 255}`
      for (let i = 0; i < 4; i++) {
        const response = await from(address, official.username, `guess-${source}-${i}`)
        if (response.statusCode === 401) checked++
        else {
          expect(response.statusCode).toBe(429)
          lastWait = Number(response.headers['retry-after'])
          break
        }
      }
    }
    // 10 failures while the account was quiet (3 free per address, the 4th makes it wait), then two
    // per address: 10 + 2 × 87 at most, of 360 tried.
    expect(checked).toBeLessThanOrEqual(10 + 2 * 87)
    const [account] = await t.db
      .select({ failures: users.failedLogins })
      .from(users)
      .where(eq(users.id, official.id))
    expect(account!.failures).toBe(checked)
    // Past 170 failures, a new address waits a day after its second failure.
    expect(lastWait).toBe(24 * 3600)
    const fresh = '10.211.200.1'
    expect((await from(fresh, official.username, 'one more')).statusCode).toBe(401)
    expect((await from(fresh, official.username, 'and another')).statusCode).toBe(401)
    const held = await from(fresh, official.username, 'a third')
    expect(held.statusCode).toBe(429)
    expect(held.headers['retry-after']).toBe(String(24 * 3600))
    expect(held.json().error.message).toBe(
      'Đăng nhập sai nhiều lần từ địa chỉ này. Vui lòng thử lại sau 24 giờ.',
    )

    // And still the owner, from an address that has not failed, gets in; the account's count restarts.
    expect((await from('10.211.201.1', official.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
    expect(await auditActions(official.id)).toContain('auth.login')
  }, 180_000)

  it('records each failure with the wait it set in the audit log', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'throttleaudit')
    for (let i = 0; i < 4; i++) await from('10.212.0.1', official.username, 'wrong')
    expect(await auditActions(official.id)).toEqual([
      'account.created',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
    ])
    const [last] = await t.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, official.id), eq(auditEvents.action, 'auth.login_failed')))
      .orderBy(sql`${auditEvents.seq} desc`)
      .limit(1)
    expect(last!.data).toMatchObject({ factor: 'password', accountFailures: 4, delaySeconds: 1 })
  })

  it('forgives earlier failures after a successful login', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'forgive')
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) {
        expect((await from('10.213.0.1', official.username, 'wrong')).statusCode).toBe(401)
      }
      expect((await from('10.213.0.1', official.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
    }
  })

  it('says how long to wait in English when asked', async () => {
    const official = await createOfficial(t, 'X00004', ['reception'], 'throttleen')
    for (let i = 0; i < 4; i++) await from('10.214.0.1', official.username, 'wrong')
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.214.0.1',
      headers: { 'accept-language': 'en' },
      payload: { username: official.username, password: FIXTURE_PASSWORD },
    })
    expect(response.statusCode).toBe(429)
    expect(response.json().error.message).toBe(
      'Too many failed logins from this address. Try again in 1 second.',
    )
  })
})

/** A 6-digit code that is valid for none of the time steps the server accepts around now. */
function wrongCode(secret: string) {
  const now = Math.floor(Date.now() / 1000)
  const accepted = new Set([-60, -30, 0, 30, 60].map((d) => generateSync({ secret, epoch: now + d })))
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0')
    if (!accepted.has(code)) return code
  }
}

describe('TOTP second factor for officials', () => {
  async function enrol(prefix: string) {
    const official = await createOfficial(t, 'X00004', ['specialist'], prefix)
    const session = await t.login(official.username, FIXTURE_PASSWORD)
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/setup',
      headers: session.headers,
    })
    expect(setup.statusCode).toBe(200)
    const { secret, otpauthUrl } = setup.json()
    return { official, session, secret: secret as string, otpauthUrl: otpauthUrl as string }
  }

  it('enrols an authenticator app: setup, then a code confirms it', async () => {
    const { official, session, secret, otpauthUrl } = await enrol('totp')
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    expect(otpauthUrl).toBe(`otpauth://totp/Sen:${official.username}?secret=${secret}&issuer=Sen`)
    // Not yet in force: the code has not confirmed it.
    expect((await attempt(official.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { code: generateSync({ secret }) },
    })
    expect(confirm.statusCode).toBe(204)
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.json().totpEnabled).toBe(true)
  })

  it('then asks every login for the code: missing → AUTH_TOTP_REQUIRED, wrong → AUTH_TOTP_INVALID, right → 200', async () => {
    const { official, session, secret } = await enrol('totplogin')
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { code: generateSync({ secret }) },
    })

    const missing = await attempt(official.username, FIXTURE_PASSWORD)
    expect(missing.statusCode).toBe(401)
    expect(missing.json().error).toMatchObject({ code: 'AUTH_TOTP_REQUIRED', field: 'totp' })
    expect(missing.cookies).toHaveLength(0)

    const wrong = await attempt(official.username, FIXTURE_PASSWORD, { totp: wrongCode(secret) })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().error).toMatchObject({ code: 'AUTH_TOTP_INVALID', field: 'totp' })
    expect(wrong.cookies).toHaveLength(0)

    // A wrong password is refused before the code is even looked at.
    const badPassword = await attempt(official.username, 'wrong', { totp: generateSync({ secret }) })
    expect(badPassword.json().error.code).toBe('AUTH_INVALID_CREDENTIALS')

    const right = await attempt(official.username, FIXTURE_PASSWORD, { totp: generateSync({ secret }) })
    expect(right.statusCode).toBe(200)
    expect(right.json().user.totpEnabled).toBe(true)
    sessionCookie(right)

    const token = await attempt(official.username, FIXTURE_PASSWORD, {}, '/api/v1/auth/token')
    expect(token.json().error.code).toBe('AUTH_TOTP_REQUIRED')
  })

  it('refuses a wrong confirmation code and leaves the second factor off', async () => {
    const { official, session, secret } = await enrol('totpwrong')
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { code: wrongCode(secret) },
    })
    expect(confirm.statusCode).toBe(400)
    expect(confirm.json().error.code).toBe('AUTH_TOTP_INVALID')
    expect((await attempt(official.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
  })

  it('refuses a confirmation without a setup first', async () => {
    const official = await createOfficial(t, 'X00004', ['specialist'], 'totpnosetup')
    const session = await t.login(official.username, FIXTURE_PASSWORD)
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { code: '123456' },
    })
    expect(confirm.statusCode).toBe(400)
    expect(confirm.json().error.code).toBe('AUTH_TOTP_INVALID')
  })

  it('is for officials: a citizen gets 403 at setup and at confirm', async () => {
    const session = await t.login('demo.citizen')
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/setup',
      headers: session.headers,
    })
    expect(setup.statusCode).toBe(403)
    expect(setup.json().error.code).toBe('FORBIDDEN')
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: session.headers,
      payload: { code: '123456' },
    })
    expect(confirm.statusCode).toBe(403)
  })

  it('is for officials: a business gets 403', async () => {
    const token = await t.token('demo.business')
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: bearer(token) })
    expect(setup.statusCode).toBe(403)
  })

  it('refuses anonymous callers with 401', async () => {
    for (const url of ['/api/v1/me/totp/setup', '/api/v1/me/totp/confirm']) {
      const response = await t.app.inject({ method: 'POST', url, payload: { code: '123456' } })
      expect(response.statusCode).toBe(401)
    }
  })
})

describe('session cookies', () => {
  it('a login always sets a new session, never the one presented (no session fixation)', async () => {
    // An attacker plants their own valid session in the victim's browser…
    const planted = await t.login('demo.business')
    const victim = await createCitizen(t, 'victim')
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.202.0.1',
      headers: planted.headers,
      payload: { username: victim.username, password: FIXTURE_PASSWORD },
    })
    expect(response.statusCode).toBe(200)
    const fresh = sessionCookie(response)
    expect(fresh).not.toBe(planted.cookie)
    expect(response.json().csrfToken).not.toBe(planted.csrfToken)
    // …which never becomes the victim's.
    const attackerView = await t.app.inject({ url: '/api/v1/me', headers: { cookie: planted.cookie } })
    expect(attackerView.json().username).toBe('demo.business')
    const victimView = await t.app.inject({ url: '/api/v1/me', headers: { cookie: fresh } })
    expect(victimView.json().username).toBe(victim.username)
  })

  it('two logins of one account get two different sessions', async () => {
    const a = await t.login('demo.citizen')
    const b = await t.login('demo.citizen')
    expect(a.cookie).not.toBe(b.cookie)
    expect(a.csrfToken).not.toBe(b.csrfToken)
  })

  it('is HttpOnly, SameSite=Lax, Path=/, for 12 hours, and not Secure outside production', async () => {
    const response = await attempt('demo.citizen', 'demo')
    const cookie = response.cookies.find((c) => c.name === 'sen_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 12 * 3600 })
    expect(cookie.secure).toBeFalsy()
  })

  it('is Secure in production', async () => {
    const production = await createTestApp({
      database: t.database,
      env: { NODE_ENV: 'production', SEN_COOKIE_SECRET: 'a-production-secret-of-enough-length' },
    })
    try {
      const response = await production.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'demo.citizen', password: 'demo' },
      })
      expect(response.statusCode).toBe(200)
      const cookie = response.cookies.find((c) => c.name === 'sen_session')!
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
    } finally {
      await production.close()
    }
  })
})

describe('audit of sign-ins', () => {
  it('records login and logout, and nothing for a read', async () => {
    const citizen = await createCitizen(t, 'audited')
    const session = await t.login(citizen.username, FIXTURE_PASSWORD)
    await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    expect(await auditActions(citizen.id)).toEqual(['account.created', 'auth.login', 'auth.logout'])
  })
})
