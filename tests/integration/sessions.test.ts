// Sessions under attack: fixation, forged requests (CSRF), password guessing, and the cookie itself.
// What src/server/modules/identity/{auth,login}.test.ts already show is not repeated here: a valid
// session planted before login, a wrong or another session's CSRF token on logout and on creating
// users and agencies, the throttling of failed logins by source and account, HttpOnly/SameSite/Path/Secure in
// production.
import { sql } from 'drizzle-orm'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/server/db/rows'
import { bearer, createTestApp, type Session, sessionCookie, type TestApp } from '../helpers/app'
import { createCitizen, createOfficial, FIXTURE_PASSWORD, uniqueName } from '../helpers/fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

let clients = 0
/** A request from an address of its own: the login rate limit (20 a minute) is per address. */
function send(options: InjectOptions) {
  clients++
  return t.app.inject({ remoteAddress: `10.66.${(clients >> 8) & 255}.${clients & 255}`, ...options })
}
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  send({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username, password } })

const sessionsOf = async (userId: string) =>
  Number(
    (
      await rowsOf<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from sessions where user_id = ${userId}`,
      )
    )[0]!.n,
  )

/** Rows in every table: what a refused request must leave as it was. */
async function tableSizes() {
  const tables = await rowsOf<{ table_name: string }>(
    t.db,
    sql`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  const sizes: Record<string, number> = {}
  for (const { table_name: table } of tables) {
    const [row] = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    )
    sizes[table] = Number(row!.n)
  }
  return sizes
}

/** The raw session token inside a signed cookie header (`sen_session=<token>.<signature>`). */
const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice('sen_session='.length)).split('.')[0]!

describe('session fixation', () => {
  it('an id planted before login is never the session in use after it', async () => {
    const victim = await createCitizen(t, 'fixation')
    // An attacker cannot sign a cookie, but may plant one: an id of their choosing, signed or not.
    const planted = 'attacker-chosen-session-id-000000000000000000'
    for (const cookie of [`sen_session=${planted}`, `sen_session=${planted}.bogus-signature`]) {
      const response = await login(victim.username, FIXTURE_PASSWORD, { cookie })
      expect(response.statusCode).toBe(200)
      const issued = sessionCookie(response)
      expect(tokenOf(issued)).not.toBe(planted)
      // The planted id is still no session, even signed with the server's own secret.
      const signedPlant = `sen_session=${t.app.signCookie(planted)}`
      expect((await send({ url: '/api/v1/me', headers: { cookie: signedPlant } })).statusCode).toBe(401)
      expect((await send({ url: '/api/v1/me', headers: { cookie: issued } })).json().username).toBe(
        victim.username,
      )
    }
  })

  it("a login replaces the browser's cookie even when it already holds a session of the same account", async () => {
    const citizen = await createCitizen(t, 'relogin')
    const first = await login(citizen.username, FIXTURE_PASSWORD)
    // The page sends its CSRF token with every POST, this one included.
    const again = await login(citizen.username, FIXTURE_PASSWORD, {
      cookie: sessionCookie(first),
      'x-csrf-token': first.json().csrfToken,
    })
    expect(again.statusCode).toBe(200)
    expect(tokenOf(sessionCookie(again))).not.toBe(tokenOf(sessionCookie(first)))
    expect(again.json().csrfToken).not.toBe(first.json().csrfToken)
  })

  it('the server stores no session token, only its hash: a stolen database yields no cookie', async () => {
    const citizen = await createCitizen(t, 'hashed')
    const session = await t.login(citizen.username, FIXTURE_PASSWORD)
    const ids = await rowsOf<{ id: string }>(t.db, sql`select id from sessions where user_id = ${citizen.id}`)
    expect(ids).toHaveLength(1)
    expect(ids[0]!.id).not.toBe(tokenOf(session.cookie))
    const fromDatabase = `sen_session=${t.app.signCookie(ids[0]!.id)}`
    expect((await send({ url: '/api/v1/me', headers: { cookie: fromDatabase } })).statusCode).toBe(401)
  })
})

describe('logout', () => {
  it('ends the session on the server: the replayed cookie and CSRF token are refused, for reads and writes', async () => {
    const citizen = await createCitizen(t, 'replay')
    const session = await t.login(citizen.username, FIXTURE_PASSWORD)
    expect(await sessionsOf(citizen.id)).toBe(1)
    const logout = await send({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    expect(logout.statusCode).toBe(204)
    expect(await sessionsOf(citizen.id)).toBe(0)

    const before = await tableSizes()
    const read = await send({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(read.statusCode).toBe(401)
    const write = await send({
      method: 'PUT',
      url: '/api/v1/drafts/1.001193',
      headers: session.headers,
      payload: { data: { child: { fullName: 'Không được lưu' } }, documents: [] },
    })
    expect(write.statusCode).toBe(401)
    expect(write.json().error.code).toBe('UNAUTHENTICATED')
    const again = await send({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    expect(again.statusCode).toBe(401)
    expect(await tableSizes()).toEqual(before)
  })

  it('clears the cookie with the attributes it was set with', async () => {
    const session = await t.login('demo.citizen')
    const logout = await send({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    const cleared = logout.cookies.find((c) => c.name === 'sen_session')!
    expect(cleared).toMatchObject({ value: '', path: '/' })
  })
})

describe('CSRF protection on every state-changing route', () => {
  let citizen: Session
  let official: Session
  let admin: Session
  let stateChanging: { method: string; url: string }[]
  beforeAll(async () => {
    citizen = await t.login('demo.citizen')
    official = await t.login('demo.officer')
    admin = await t.login('demo.admin')
    const doc = (await send({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    stateChanging = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get')
        .map((m) => ({
          method: m.toUpperCase(),
          // Any value fits the guard: it acts before the route looks at its parameters.
          url: path.replace(/\{\w+\}/g, 'X00004-260101-0001'),
        })),
    )
    expect(stateChanging.length).toBeGreaterThan(15)
  })

  const PUBLIC_POSTS =
    /\/auth\/(login|token)$|\/payments\/callback$|\/verify$|\/assistant\/(ask|precheck)$|^\/api\/(3\/)?action\/|^\/r1\//
  it('refuses a cookie session without x-csrf-token: 403 CSRF_FAILED, nothing changes', async () => {
    const before = await tableSizes()
    for (const { method, url } of stateChanging) {
      // Login and token routes are public: they ask no session, so no CSRF token either; nor do the
      // public reads sent by POST (the assistant, CKAN's actions) and the gateway (signed assertions).
      if (PUBLIC_POSTS.test(url)) continue
      for (const session of [citizen, official, admin]) {
        const response = await send({
          method: method as InjectOptions['method'],
          url,
          headers: { cookie: session.cookie },
          payload: {},
        })
        expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(403)
        expect(response.json().error.code, `${method} ${url}`).toBe('CSRF_FAILED')
      }
    }
    expect(await tableSizes()).toEqual(before)
  })

  it("refuses another session's token, even one of the same account, and a token with no session", async () => {
    const sameAccount = await t.login('demo.admin')
    const before = await tableSizes()
    for (const { method, url } of stateChanging) {
      if (PUBLIC_POSTS.test(url)) continue
      for (const headers of [
        { cookie: admin.cookie, 'x-csrf-token': citizen.csrfToken },
        { cookie: admin.cookie, 'x-csrf-token': sameAccount.csrfToken },
        { cookie: admin.cookie, 'x-csrf-token': '' },
      ]) {
        const response = await send({ method: method as InjectOptions['method'], url, headers, payload: {} })
        expect(response.statusCode, `${method} ${url}`).toBe(403)
        expect(response.json().error.code).toBe('CSRF_FAILED')
      }
    }
    expect(await tableSizes()).toEqual(before)
  })

  it('asks no CSRF token of bearer tokens on any route', async () => {
    const tokens = [await t.token('demo.citizen'), await t.token('demo.officer'), await t.token('demo.admin')]
    for (const { method, url } of stateChanging) {
      if (url.endsWith('/auth/logout')) continue
      for (const token of tokens) {
        const response = await send({
          method: method as InjectOptions['method'],
          url,
          headers: { ...bearer(token), 'content-type': 'application/json' },
          payload: '{',
        })
        expect(response.body, `${method} ${url}`).not.toContain('CSRF_FAILED')
      }
    }
  })

  it('a cross-site form post (no JSON, no token) changes nothing', async () => {
    const before = await tableSizes()
    const response = await send({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=${uniqueName('forged')}&password=${FIXTURE_PASSWORD}&displayName=X&agencyId=X00004&roles=reception`,
    })
    expect(response.statusCode).toBe(403)
    expect(await tableSizes()).toEqual(before)
  })
})

describe('password guessing: throttled by source, never locked', () => {
  /** What an attacker at one address sees of a sequence of attempts: status, code and message of each. */
  async function attempts(username: string, passwords: string[], address: string, lang = 'en') {
    const seen: string[] = []
    for (const password of passwords) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: address,
        headers: { 'accept-language': lang },
        payload: { username, password },
      })
      seen.push(
        `${response.statusCode} ${response.json().error?.code} ${response.json().error?.message} ${response.headers['retry-after'] ?? ''}`,
      )
    }
    return seen
  }
  const fiveWrong = ['w1', 'w2', 'w3', 'w4', 'w5']

  it('does not tell whether the account exists: an unknown name is answered exactly as a real one', async () => {
    const real = await createCitizen(t, 'guessed')
    const realAnswers = await attempts(real.username, fiveWrong, '10.68.0.1')
    const unknownAnswers = await attempts(uniqueName('nobody'), fiveWrong, '10.68.0.2')
    expect(realAnswers.slice(0, 4)).toEqual(
      Array(4).fill('401 AUTH_INVALID_CREDENTIALS Wrong username or password. '),
    )
    expect(realAnswers[4]).toBe(
      '429 AUTH_THROTTLED Too many failed logins from this address. Try again in 1 second. 1',
    )
    expect(unknownAnswers).toEqual(realAnswers)
  })

  it('answers a disabled account as an unknown one, throttling included', async () => {
    const disabled = await createOfficial(t, 'X00004', ['reception'], 'disabledlock')
    await t.db.execute(sql`update users set active = false where id = ${disabled.id}`)
    expect(await attempts(disabled.username, fiveWrong, '10.68.0.3')).toEqual(
      await attempts(uniqueName('nobody'), fiveWrong, '10.68.0.4'),
    )
  })

  it('counts failures by username and by id number for one account; the owner elsewhere gets in by either', async () => {
    const citizen = await createCitizen(t, 'throttled')
    const pin = (
      await rowsOf<{ pin: string }>(
        t.db,
        sql`select p.pin from users u join people p on p.id = u.person_id where u.id = ${citizen.id}`,
      )
    )[0]!.pin
    const attacker = '10.68.1.1'
    const guess = (name: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: attacker,
        payload: { username: name, password },
      })
    // Failures through the username and through the personal id number count for the one account.
    for (const name of [citizen.username, pin, citizen.username, pin]) {
      expect((await guess(name, 'wrong')).statusCode).toBe(401)
    }
    for (const name of [citizen.username, pin]) {
      const right = await guess(name, FIXTURE_PASSWORD)
      expect(right.statusCode).toBe(429)
      expect(right.cookies).toHaveLength(0)
    }
    expect(await sessionsOf(citizen.id)).toBe(0)
    // From any other address the right password opens a session at once, by username or id number.
    expect((await login(citizen.username, FIXTURE_PASSWORD)).statusCode).toBe(200)
    expect((await login(pin, FIXTURE_PASSWORD)).statusCode).toBe(200)
    expect(await sessionsOf(citizen.id)).toBe(2)
  })

  it('sessions opened before the guessing keep working', async () => {
    const citizen = await createCitizen(t, 'throttledsession')
    const session = await t.login(citizen.username, FIXTURE_PASSWORD)
    for (let i = 0; i < 5; i++) await login(citizen.username, 'wrong')
    expect((await send({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(200)
  })
})

describe('the session cookie', () => {
  it('is Secure when Sen is served over HTTPS (SEN_PUBLIC_URL), even outside production', async () => {
    const https = await createTestApp({
      database: t.database,
      env: { SEN_PUBLIC_URL: 'https://dichvucong.example.vn' },
    })
    try {
      const response = await https.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.67.0.1',
        payload: { username: 'demo.citizen', password: 'demo' },
      })
      const cookie = response.cookies.find((c) => c.name === 'sen_session')!
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
    } finally {
      await https.close()
    }
  })

  it('is signed: the bare session token, without its signature, is refused', async () => {
    const session = await t.login('demo.citizen')
    expect((await send({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(200)
    const bare = `sen_session=${tokenOf(session.cookie)}`
    expect((await send({ url: '/api/v1/me', headers: { cookie: bare } })).statusCode).toBe(401)
    // Nor is it a bearer token: cookies and tokens are kept apart.
    expect((await send({ url: '/api/v1/me', headers: bearer(tokenOf(session.cookie)) })).statusCode).toBe(401)
  })

  it('carries no domain (it stays with the host that set it) and no token in a readable place', async () => {
    const response = await login('demo.citizen', 'demo')
    const cookie = response.cookies.find((c) => c.name === 'sen_session')!
    expect(cookie.domain).toBeUndefined()
    // The CSRF token is in the body for the page's script, never in a cookie a script could be tricked into sending.
    expect(response.cookies.map((c) => c.name)).toEqual(['sen_session'])
    expect(response.json().csrfToken).not.toBe(tokenOf(sessionCookie(response)))
  })
})
