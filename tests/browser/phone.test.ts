// Sen on a phone (390 × 844, an iPhone 12–15's CSS pixels): a header of one short row whose menu
// button unfolds the navigation and the settings, and the wallet's documents, every detail and action
// within the screen's width; axe on each.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  eventually,
  expectHeading,
  expectNoSeriousA11yViolations,
  setUpBrowserSuite,
} from './helpers/browser'
import { logIn } from './helpers/login'

const suite = setUpBrowserSuite()

const PHONE = { width: 390, height: 844 }
/** A brand row with its 32 px logo, the padding around it and the border: about 57 px. */
const MAX_HEADER_HEIGHT = 80

const header = (page: Page) => page.getByRole('banner')
const menuButton = (page: Page, name = 'Trình đơn') => header(page).getByRole('button', { name, exact: true })
const mainNavigation = (page: Page, name = 'Điều hướng chính') => page.getByRole('navigation', { name })
const headerHeight = async (page: Page) => (await header(page).boundingBox())?.height ?? Number.NaN

/** Nothing sticks out sideways: the page does not scroll horizontally. */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

/** The element lies within the screen's width (it can be seen without scrolling sideways). */
async function expectWithinWidth(what: string, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox()
  expect(box, `${what} is shown`).not.toBeNull()
  expect(box!.x, `${what} starts on the screen`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what} ends on the screen`).toBeLessThanOrEqual(PHONE.width)
}

describe('on a phone', () => {
  it('the header is one short row, and its menu button opens the navigation, which navigates', async () => {
    const { page } = suite
    await page.setViewportSize(PHONE)
    await page.goto('/')
    await expectHeading(page, 'Cổng dịch vụ công Sen')

    expect(await headerHeight(page), 'the header’s height, folded').toBeLessThanOrEqual(MAX_HEADER_HEIGHT)
    expect(await mainNavigation(page).isVisible(), 'the navigation is folded').toBe(false)
    await eventually(() => menuButton(page).getAttribute('aria-expanded')).toBe('false')
    expect(await horizontalOverflow(page)).toBe(0)
    await expectNoSeriousA11yViolations(page, 'the home page on a phone')

    await menuButton(page).click()
    await eventually(() => menuButton(page).getAttribute('aria-expanded')).toBe('true')
    const navigation = mainNavigation(page)
    await navigation.waitFor({ state: 'visible' })
    // One entry a line, each wide and tall enough to tap.
    const procedures = navigation.getByRole('link', { name: 'Thủ tục hành chính', exact: true })
    const box = await procedures.boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(40)
    expect(box!.width).toBeGreaterThan(PHONE.width / 2)
    // The settings come with it: the demo badge, the language and the way to log in.
    await header(page).getByText('Bản dùng thử', { exact: true }).waitFor()
    await header(page).getByRole('group', { name: 'Ngôn ngữ' }).waitFor()
    await header(page).getByRole('link', { name: 'Đăng nhập', exact: true }).waitFor()
    await expectNoSeriousA11yViolations(page, 'the open menu on a phone')

    // Escape folds it and gives the focus back to the button.
    await page.keyboard.press('Escape')
    await eventually(() => menuButton(page).getAttribute('aria-expanded')).toBe('false')
    expect(await menuButton(page).evaluate((button) => button === document.activeElement)).toBe(true)
    expect(await mainNavigation(page).isVisible()).toBe(false)

    // An entry chosen from the menu opens its page and folds the menu again.
    await menuButton(page).click()
    await procedures.click()
    await expectHeading(page, 'Thủ tục hành chính')
    expect(new URL(page.url()).pathname).toBe('/procedures')
    await eventually(() => menuButton(page).getAttribute('aria-expanded')).toBe('false')
    expect(await headerHeight(page)).toBeLessThanOrEqual(MAX_HEADER_HEIGHT)

    // The language switch is in the menu, and the menu button is named in the chosen language.
    await menuButton(page).click()
    await header(page).getByText('EN', { exact: true }).click()
    await expectHeading(page, 'Administrative procedures')
    await menuButton(page, 'Menu').waitFor()
    await mainNavigation(page, 'Main navigation').getByRole('link', { name: 'Home', exact: true }).click()
    await expectHeading(page, 'Sen public service portal')
  })

  it('the wallet shows each document, every detail and action within the screen', async () => {
    const { page } = suite
    await page.setViewportSize(PHONE)
    await logIn(page, 'demo.citizen')
    await expectHeading(page, 'Tài khoản của tôi')
    // Signed in, the bell stays beside the menu button and the header keeps to one row.
    await header(page)
      .getByRole('button', { name: /^Thông báo/ })
      .waitFor()
    expect(await headerHeight(page)).toBeLessThanOrEqual(MAX_HEADER_HEIGHT)

    await menuButton(page).click()
    await mainNavigation(page).getByRole('link', { name: 'Kho dữ liệu', exact: true }).click()
    await expectHeading(page, 'Kho dữ liệu của tôi')

    const title = 'Giấy chứng nhận kết hôn của anh An và chị Mai'
    const main = page.getByRole('main')
    await main.getByLabel('Loại giấy tờ').selectOption({ label: 'Giấy chứng nhận kết hôn' })
    await main.getByLabel('Tên giấy tờ (không bắt buộc)').fill(title)
    await main.getByLabel(/^Tệp giấy tờ/).setInputFiles({
      name: 'ket-hon.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    })
    await main.getByRole('button', { name: 'Tải lên', exact: true }).click()

    // A card per document: its name, where it came from, its date, status and uses, and its download.
    const documents = main.getByRole('list', { name: '1 giấy tờ' })
    const card = documents.getByRole('listitem').filter({ hasText: title })
    await card.waitFor()
    await expectWithinWidth('the document’s card', card)
    for (const detail of [
      'Nguồn',
      'Tải lên',
      'Ngày cấp',
      'Tình trạng',
      'Còn hiệu lực',
      'Đã dùng lại',
      '0 lần',
    ]) {
      const shown = card.getByText(detail, { exact: true }).first()
      await expectWithinWidth(`“${detail}”`, shown)
    }
    const download = card.getByRole('link', { name: `Tải về: ${title}`, exact: true })
    await expectWithinWidth('its download', download)
    expect(await download.getAttribute('href')).toMatch(/^\/api\/v1\/wallet\/[0-9a-f-]+\/file$/)
    expect(await horizontalOverflow(page)).toBe(0)
    await expectNoSeriousA11yViolations(page, 'the wallet on a phone')

    // On a wide screen the same documents are a table again.
    await page.setViewportSize({ width: 1280, height: 900 })
    const row = main.getByRole('table').getByRole('row').filter({ hasText: title })
    await row.waitFor()
    await row.getByRole('link', { name: `Tải về: ${title}`, exact: true }).waitFor()
    expect(await menuButton(page).isVisible(), 'no menu button on a wide screen').toBe(false)
    expect(await mainNavigation(page).isVisible()).toBe(true)
  })
})
