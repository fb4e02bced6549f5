import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('login with a session cookie', () => {
  it('logs a citizen in by username and shows their own account', async () => {
    const session = await t.login('demo.citizen')
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      username: 'demo.citizen',
      kind: 'citizen',
      person: { pin: '001090000001', fullName: 'Nguyễn Văn An' },
      csrfToken: session.csrfToken,
    })
  })

  it('accepts the 12-digit personal id number in place of the username', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '001090000001', password: 'demo' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().user.username).toBe('demo.citizen')
  })

  it('sets an http-only, same-site, signed session cookie', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'demo.officer', password: 'demo' },
    })
    const cookie = response.cookies.find((c) => c.name === 'sen_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    expect(cookie.path).toBe('/')
    // Signed: the value carries a signature after the token.
    expect(cookie.value).toMatch(/^[\w-]+\.[\w%+/=-]+$/)
  })

  it('refuses a wrong password with a message in the requested language', async () => {
    const vi = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'demo.citizen', password: 'wrong' },
    })
    expect(vi.statusCode).toBe(401)
    expect(vi.json().error).toEqual({
      code: 'AUTH_INVALID_CREDENTIALS',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    })
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
      payload: { username: 'nobody', password: 'wrong' },
    })
    expect(en.statusCode).toBe(401)
    expect(en.json().error.message).toBe('Wrong username or password.')
  })

  it('ends the session on logout; the cookie no longer works', async () => {
    const session = await t.login('demo.leader')
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session.headers,
    })
    expect(logout.statusCode).toBe(204)
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })
    expect(me.statusCode).toBe(401)
    expect(me.json().error.code).toBe('UNAUTHENTICATED')
  })
})

describe('bearer tokens for programs', () => {
  it('issues a token that authenticates without a cookie or CSRF token', async () => {
    const token = await t.token('demo.business')
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(token) })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      kind: 'business',
      organisation: { taxCode: '0101234567' },
      csrfToken: null,
    })
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })
    expect(logout.statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401)
  })

  it('rejects an unknown token', async () => {
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer('not-a-token') })
    expect(me.statusCode).toBe(401)
  })
})
