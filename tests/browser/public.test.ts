// What a newcomer sees before logging in: the home page in Vietnamese, then in English (remembered
// across a reload), the login page of a demo server, a wrong password, and a page that does not exist.
import { describe, expect, it } from 'vitest'
import {
  eventually,
  expectHeading,
  expectNoSeriousA11yViolations,
  htmlLang,
  setUpBrowserSuite,
  switchLanguage,
} from './helpers/browser'
import { loginForm } from './helpers/login'

const suite = setUpBrowserSuite()

describe('a newcomer on the home page', () => {
  it('sees Vietnamese by default, switches to English, keeps it after a reload, and switches back', async () => {
    const { page } = suite
    await page.goto('/')

    // Vietnamese first, whatever the browser's own language.
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    expect(await htmlLang(page)).toBe('vi')
    expect(await page.title()).toBe('Sen — Dịch vụ công')
    await page.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' }).waitFor()
    const featured = page.getByRole('region', { name: 'Dịch vụ tiêu biểu' })
    await featured.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).waitFor()
    const services = featured.getByRole('listitem')
    expect(await services.count()).toBeGreaterThanOrEqual(3)
    for (const service of await services.all()) expect(await service.getByRole('link').count()).toBe(1)
    // A header with the demo badge and a way to log in.
    const header = page.getByRole('banner')
    await header.getByText('Bản dùng thử', { exact: true }).waitFor()
    await header.getByRole('link', { name: 'Đăng nhập', exact: true }).waitFor()
    // The assistant answers a question typed without diacritics with the procedures' pages.
    const assistant = page.getByRole('region', { name: 'Hỏi trợ lý dịch vụ công' })
    await assistant.getByRole('textbox', { name: 'Câu hỏi của bạn' }).fill('con toi moi sinh lam giay gi')
    await assistant.getByRole('button', { name: 'Hỏi' }).click()
    await assistant
      .getByRole('list', { name: 'Thủ tục được dẫn' })
      .getByRole('link', { name: 'Đăng ký khai sinh', exact: true })
      .waitFor()
    await expectNoSeriousA11yViolations(page, 'the home page in Vietnamese')

    await switchLanguage(page, 'en')
    await expectHeading(page, 'Sen public service portal')
    await eventually(() => page.title()).toBe('Sen — Public services')
    await page.getByRole('searchbox', { name: 'Search administrative procedures' }).waitFor()
    await page
      .getByRole('region', { name: 'Featured services' })
      .getByRole('link', { name: 'Birth registration', exact: true })
      .waitFor()
    await header.getByRole('link', { name: 'Log in', exact: true }).waitFor()
    expect(await page.getByText('Cổng dịch vụ công Sen').count()).toBe(0)
    await expectNoSeriousA11yViolations(page, 'the home page in English')

    // The choice is remembered.
    await page.reload()
    await expectHeading(page, 'Sen public service portal')
    expect(await htmlLang(page)).toBe('en')
    expect(await page.evaluate(() => localStorage.getItem('sen.lang'))).toBe('en')

    await switchLanguage(page, 'vi')
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    await page.getByRole('region', { name: 'Dịch vụ tiêu biểu' }).waitFor()
    await page.reload()
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    expect(await htmlLang(page)).toBe('vi')
  })

  it('gets from the home page to the login page, which offers the demo accounts', async () => {
    const { page } = suite
    await page.goto('/')
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    await page.getByRole('banner').getByRole('link', { name: 'Đăng nhập', exact: true }).click()
    await expectHeading(page, 'Đăng nhập')
    expect(new URL(page.url()).pathname).toBe('/login')

    const form = loginForm(page, 'vi')
    await form.username.waitFor()
    await form.password.waitFor()
    // The server runs with demo data, so the page says which accounts to try.
    const demo = page.getByRole('complementary', { name: 'Tài khoản dùng thử' })
    await demo.waitFor()
    for (const username of ['demo.citizen', 'demo.business', 'demo.officer', 'demo.leader', 'demo.admin']) {
      await demo.getByText(username, { exact: true }).waitFor()
    }
    await expectNoSeriousA11yViolations(page, 'the login page')

    await switchLanguage(page, 'en')
    await expectHeading(page, 'Log in')
    await page.getByRole('complementary', { name: 'Demo accounts' }).waitFor()
    await expectNoSeriousA11yViolations(page, 'the login page in English')
  })
})

describe('a wrong password', () => {
  it("shows the server's message in an alert, in Vietnamese and then in English", async () => {
    const { page } = suite
    await page.goto('/login')
    await expectHeading(page, 'Đăng nhập')
    expect(await page.getByRole('alert').count()).toBe(0)

    const vi = loginForm(page, 'vi')
    await vi.username.fill('demo.citizen')
    await vi.password.fill('not-the-password')
    await vi.submit.click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    await eventually(() => alert.textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.')
    expect(await alert.textContent()).toContain('Không đăng nhập được')
    expect(new URL(page.url()).pathname).toBe('/login')
    await expectNoSeriousA11yViolations(page, 'the login page with a wrong password')

    await switchLanguage(page, 'en')
    await expectHeading(page, 'Log in')
    const en = loginForm(page, 'en')
    // What was typed is still there; submitting again asks the server in English.
    expect(await en.username.inputValue()).toBe('demo.citizen')
    await en.password.fill('still-not-the-password')
    await en.submit.click()
    await eventually(() => alert.textContent()).toContain('Wrong username or password.')
    expect(await alert.textContent()).toContain('Could not log in')
    expect(await alert.textContent()).not.toContain('không đúng')
    expect(new URL(page.url()).pathname).toBe('/login')
    await expectNoSeriousA11yViolations(page, 'the login page with a wrong password, in English')
  })
})

describe('a page that does not exist', () => {
  it('shows the 404 page, in both languages', async () => {
    const { page } = suite
    const response = await page.goto('/no/such/page')
    // The server answers index.html for any path; the app itself says "not found".
    expect(response?.status()).toBe(200)
    await expectHeading(page, 'Không tìm thấy trang')
    await page.getByText('Trang bạn tìm không tồn tại hoặc đã được chuyển sang địa chỉ khác.').waitFor()
    await page.getByRole('main').getByRole('link', { name: 'Về trang chủ' }).waitFor()
    await eventually(() => page.title()).toBe('Không tìm thấy trang — Sen')
    await expectNoSeriousA11yViolations(page, 'the 404 page')

    await switchLanguage(page, 'en')
    await expectHeading(page, 'Page not found')
    await expectNoSeriousA11yViolations(page, 'the 404 page in English')

    await page.getByRole('main').getByRole('link', { name: 'Back to the home page' }).click()
    await expectHeading(page, 'Sen public service portal')
    expect(new URL(page.url()).pathname).toBe('/')
  })
})

describe('the accessibility check itself', () => {
  it('fails on a page with serious violations, naming each rule and element', async () => {
    const { page } = suite
    await page.setContent(
      '<!doctype html><html lang="vi"><head><title>Trang thử</title></head><body><main><h1>Trang thử</h1>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">' +
        '<button id="no-name"></button>' +
        '<p style="color:#bbb;background:#fff">chữ quá nhạt</p></main></body></html>',
    )
    const error = await expectNoSeriousA11yViolations(page, 'a page made to fail').then(
      () => null,
      (caught: unknown) => caught as Error,
    )
    expect(error?.message).toMatch(
      /^axe found 3 serious or critical accessibility violation\(s\) on a page made to fail/,
    )
    expect(error?.message).toContain('image-alt (critical)')
    expect(error?.message).toContain('"#no-alt"')
    expect(error?.message).toContain('button-name (critical)')
    expect(error?.message).toContain('color-contrast (serious)')
  })
})
