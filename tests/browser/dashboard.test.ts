// The programme dashboard and the service-quality index, as the public, a commune leader and the system
// administrator see them: charts drawn, targets Sen cannot measure yet said so (never 0), drill-down from
// the nation to a province, a province outside one's jurisdiction refused, provinces ranked; axe on each.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  eventually,
  expectHeading,
  expectNoSeriousA11yViolations,
  setUpBrowserSuite,
  switchLanguage,
} from './helpers/browser'
import { logIn } from './helpers/login'

const suite = setUpBrowserSuite()

const TITLE = { vi: 'Theo dõi Chương trình Chính phủ số', en: 'Digital Government Programme dashboard' }
const INDEX_TITLE = { vi: 'Chỉ số phục vụ người dân, doanh nghiệp', en: 'Service-quality index' }
const GOVERNANCE = {
  vi: 'Cơ quan đạt mức trưởng thành quản trị dữ liệu theo yêu cầu',
  en: 'Agencies at the required data-governance maturity level',
}
const FULL_ONLINE = {
  vi: 'Thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình',
  en: 'Eligible procedures offered as full-process online services',
}

const main = (page: Page) => page.getByRole('main')
const target = (page: Page, name: string) => main(page).getByRole('article', { name, exact: true })
/** The charts: pictures named by their figures, drawn as SVG. */
const charts = (scope: Locator) => scope.locator('[role=img][aria-label]:has(svg)')

/** Every target is listed; a live one has a figure and a trend chart, a governance one says what is missing. */
async function expectTargets(page: Page, lang: 'vi' | 'en') {
  await eventually(() => main(page).getByRole('article').count(), 'one card per target').toBe(18)
  const live = target(page, FULL_ONLINE[lang])
  await eventually(() => charts(live).count(), 'the trend chart of a live target').toBe(1)
  expect(await charts(live).getAttribute('aria-label')).toMatch(lang === 'vi' ? /^Diễn biến/ : /^Trend/)
  expect(await live.textContent()).toMatch(/\d+([,.]\d+)?\s?%/)

  const governance = target(page, GOVERNANCE[lang])
  const text = (await governance.textContent()) ?? ''
  expect(text).toContain(lang === 'vi' ? 'Chưa đo được' : 'Not measured yet')
  expect(text).toContain(
    lang === 'vi'
      ? 'Sen chưa thu nhận bản tự đánh giá mức trưởng thành quản trị dữ liệu.'
      : 'Sen does not yet collect data-governance maturity self-assessments.',
  )
  expect(text).not.toMatch(/\b0\s?%/)
  expect(await charts(governance).count()).toBe(0)
  // "As of" is the time of the last computation, shown as such.
  await main(page)
    .getByText(lang === 'vi' ? 'Số liệu tính lúc' : 'Figures as of')
    .first()
    .locator('time')
    .waitFor()
}

describe('the programme dashboard', () => {
  it('shows the public the national figures with charts, in Vietnamese and in English', async () => {
    const { page } = suite
    await page.goto('/')
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Theo dõi Chương trình' })
      .click()
    await expectHeading(page, TITLE.vi)
    await expectTargets(page, 'vi')
    // The public sees the published aggregate only: no drill-down, no refresh.
    expect(
      await main(page)
        .getByRole('heading', { name: /^Các đơn vị trực thuộc/ })
        .count(),
    ).toBe(0)
    expect(await main(page).getByRole('button', { name: 'Tính lại số liệu ngay' }).count()).toBe(0)
    await main(page).getByRole('link', { name: 'Tải về CSV' }).waitFor()
    await expectNoSeriousA11yViolations(page, 'the dashboard for the public')

    // The records behind a figure, in a dialog.
    await target(page, FULL_ONLINE.vi)
      .getByRole('button', { name: `Xem các bản ghi: ${FULL_ONLINE.vi}` })
      .click()
    const dialog = page.getByRole('dialog', { name: `Bản ghi đằng sau số liệu: ${FULL_ONLINE.vi}` })
    await eventually(() => dialog.getByRole('status').textContent()).toMatch(/^\d+ thủ tục$/)
    await dialog.getByRole('button', { name: 'Đóng hộp thoại' }).click()
    await dialog.waitFor({ state: 'detached' })

    await switchLanguage(page, 'en')
    await expectHeading(page, TITLE.en)
    await expectTargets(page, 'en')
    await expectNoSeriousA11yViolations(page, 'the dashboard for the public, in English')

    // A province is not for the public.
    await page.goto('/dashboard?scope=H01')
    await expectHeading(page, 'Access denied')
  })

  it('lets the system administrator drill down from the nation to a province, and refresh the figures', async () => {
    const { page } = suite
    await logIn(page, 'demo.admin')
    await expectHeading(page, 'Không gian làm việc')
    await page.goto('/dashboard')
    await expectHeading(page, TITLE.vi)

    await main(page).getByRole('button', { name: 'Tính lại số liệu ngay' }).click()
    await main(page)
      .getByText(/^Đã tính lại số liệu lúc \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}\.$/)
      .waitFor()

    const children = main(page).getByRole('table', { name: /^Xếp hạng \d+ đơn vị trực thuộc Chính phủ$/ })
    const ranks = await children.locator('tbody tr td:first-child').allTextContents()
    expect(ranks.length).toBeGreaterThanOrEqual(34)
    expect(ranks.slice(0, 3)).toEqual(['1', '2', '3'])

    await children.getByRole('link', { name: 'UBND thành phố Hà Nội', exact: true }).click()
    await eventually(() => new URL(page.url()).searchParams.get('scope')).toBe('H01')
    await main(page).getByText('UBND thành phố Hà Nội', { exact: true }).first().waitFor()
    await expectHeading(page, TITLE.vi)
    const breadcrumbs = page.getByRole('navigation', { name: 'Vị trí trong cây cơ quan' })
    await breadcrumbs.getByRole('link', { name: 'Chính phủ' }).waitFor()
    await expectTargets(page, 'vi')
    await main(page)
      .getByRole('table', { name: /^Xếp hạng \d+ đơn vị trực thuộc UBND thành phố Hà Nội$/ })
      .waitFor()

    await expectNoSeriousA11yViolations(page, 'the dashboard of Hà Nội for the system administrator')
  })

  it('shows a commune leader their commune, and not another province, in English', async () => {
    const { page } = suite
    await logIn(page, 'demo.leader')
    await expectHeading(page, 'Không gian làm việc')
    await switchLanguage(page, 'en')
    await page.goto('/dashboard?scope=X00004')
    await expectHeading(page, TITLE.en)
    await expectTargets(page, 'en')
    const breadcrumbs = page.getByRole('navigation', { name: 'Where this is in the agency tree' })
    expect(await breadcrumbs.getByRole('link').first().getAttribute('href')).toBe('/dashboard')
    await expectNoSeriousA11yViolations(page, 'the dashboard of a commune for its leader, in English')

    await page.goto('/dashboard?scope=H79')
    await expectHeading(page, 'Access denied')
    await main(page)
      .getByText('You can see the figures of the agency or area you are responsible for')
      .waitFor()
  })
})

describe('the service-quality index', () => {
  it('ranks the provinces for the public and shows one province group by group', async () => {
    const { page } = suite
    await page.goto('/')
    await expectHeading(page, 'Cổng dịch vụ công Sen')
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Chỉ số phục vụ' })
      .click()
    await expectHeading(page, INDEX_TITLE.vi)
    const ranking = main(page).getByRole('table', { name: /^Xếp hạng các tỉnh, thành phố \(34\)$/ })
    const ranks = (await ranking.locator('tbody tr td:first-child').allTextContents()).map(Number)
    expect(ranks).toHaveLength(34)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(ranks[0]).toBe(1)
    // A province where no dossier has been filed is "not measured", not given the catalog's points.
    const cells = await ranking
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)))
    const unused = cells.filter((row) => row[4] === '0')
    expect(unused.length).toBeGreaterThan(0)
    for (const row of unused) expect(row[2], row[1] ?? '').toBe('Chưa đo được')
    // The nation's index until a row is chosen: a chart of the five groups, and the same figures as a table.
    const index = main(page).getByRole('region', { name: 'Chỉ số của Chính phủ' })
    await eventually(() => charts(index).count(), 'the chart of the five groups').toBe(1)
    expect(
      await index.getByRole('table', { name: 'Điểm theo nhóm của Chính phủ' }).locator('tbody tr').count(),
    ).toBe(5)
    await index.getByText(/^Quyết định 766\/QĐ-TTg quy định điểm tối đa của năm nhóm/).waitFor()

    await ranking.getByRole('link', { name: 'UBND thành phố Hà Nội', exact: true }).click()
    const hanoi = main(page).getByRole('region', { name: 'Chỉ số của UBND thành phố Hà Nội' })
    await eventually(() => charts(hanoi).count(), 'the chart of Hà Nội').toBe(1)
    expect(new URL(page.url()).searchParams.get('selected')).toBe('H01')
    await expectNoSeriousA11yViolations(page, 'the service-quality index of Hà Nội')

    await switchLanguage(page, 'en')
    await expectHeading(page, INDEX_TITLE.en)
    await main(page).getByRole('table', { name: 'Provinces ranked (34)' }).waitFor()
    await main(page).getByRole('region', { name: "Index of People's Committee of Hà Nội City" }).waitFor()
  })
})
