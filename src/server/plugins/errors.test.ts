import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'
import { snapshot } from '../../../tests/helpers/fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ demo: false })
})
afterAll(() => t.close())

describe('unknown routes', () => {
  it('answer 404 ROUTE_NOT_FOUND as JSON under /api, in Vietnamese by default', async () => {
    const response = await t.app.inject({ url: '/api/v1/nowhere?x=1' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'Không có đường dẫn GET /api/v1/nowhere.' },
    })
  })

  it('answer in English when asked', async () => {
    const response = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/agencies/H01',
      headers: { 'accept-language': 'en' },
    })
    expect(response.statusCode).toBe(404)
    expect(response.json().error).toEqual({
      code: 'ROUTE_NOT_FOUND',
      message: 'There is no route DELETE /api/v1/agencies/H01.',
    })
  })

  it('answer 404 JSON to a method no route serves', async () => {
    const response = await t.app.inject({ method: 'PUT', url: '/healthz' })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('ROUTE_NOT_FOUND')
  })
})

describe('language of messages', () => {
  const languageOf = async (acceptLanguage: string) => {
    const response = await t.app.inject({ url: '/api/v1/me', headers: { 'accept-language': acceptLanguage } })
    const { message } = response.json().error
    return message === 'You need to log in to do this.'
      ? 'en'
      : message === 'Bạn cần đăng nhập để thực hiện thao tác này.'
        ? 'vi'
        : message
  }

  for (const [header, expected] of [
    ['en', 'en'],
    ['en-GB', 'en'],
    ['vi-VN', 'vi'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, vi;q=0.9', 'vi'],
    ['de', 'vi'],
    ['', 'vi'],
    ['*', 'vi'],
    [';;;,,q=abc', 'vi'],
  ] as const) {
    it(`Accept-Language "${header}" → ${expected}`, async () => {
      expect(await languageOf(header)).toBe(expected)
    })
  }
})

describe('text the database cannot store', () => {
  it('a NUL character is a 400 INVALID_CHARACTERS, not a 500, and changes nothing', async () => {
    const before = await snapshot(t)
    const vi = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'an\u0000ninh', password: 'x' },
    })
    expect(vi.statusCode).toBe(400)
    expect(vi.json().error).toEqual({
      code: 'INVALID_CHARACTERS',
      message: 'Nội dung gửi lên chứa ký tự không hợp lệ (ký tự NUL).',
    })
    const en = await t.app.inject({ url: '/api/v1/agencies?q=a%00b', headers: { 'accept-language': 'en' } })
    expect(en.statusCode).toBe(400)
    expect(en.json().error.message).toBe('The request contains a character that is not allowed (NUL).')
    expect(await snapshot(t)).toEqual(before)
  })
})
