// What a citizen and an official meet in daily use (issue 22): an address picked by name instead of
// typed as codes, names (never codes) wherever the dossier is shown, the fee explained where the
// citizen lands after filing, no failed request when an application starts without a draft, catalog
// filter counts that follow the search, and Vietnamese pages without raw ids or English words.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  eventually,
  expectHeading,
  expectNoSeriousA11yViolations,
  setUpBrowserSuite,
} from './helpers/browser'
import { logIn } from './helpers/login'

const suite = setUpBrowserSuite()

const section = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })

/** The text next to `label` in a Mantine DataList (dt/dd) inside `scope`. */
async function dataValue(scope: Locator, label: string): Promise<string> {
  const term = scope.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })
  return ((await term.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim()
}

/** Requests answered 4xx/5xx and console errors while `work` runs. */
async function failuresDuring(page: Page, work: () => Promise<void>): Promise<string[]> {
  const failures: string[] = []
  const onResponse = (r: { status(): number; url(): string }) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`)
  }
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`)
  }
  page.on('response', onResponse)
  page.on('console', onConsole)
  try {
    await work()
  } finally {
    page.off('response', onResponse)
    page.off('console', onConsole)
  }
  return failures
}

/** Opens a searchable picker by its input, types `typed` and picks the one option `name`. */
async function pick(page: Page, input: Locator, typed: string, name: string) {
  await input.click()
  await input.fill(typed)
  const options = page.getByRole('option')
  await eventually(() => options.allInnerTexts(), `the options for “${typed}”`).toContain(name)
  await options.filter({ hasText: new RegExp(`^${name}$`) }).click()
  await eventually(() => input.inputValue()).toBe(name)
}

describe('a temporary-residence application, addresses picked by name', () => {
  it('picks “Hà Nội” and a commune typed without diacritics, is told the fee, and sees names everywhere', async () => {
    const page = suite.page
    await logIn(page, 'demo.citizen')
    await page.waitForURL((url) => url.pathname === '/account')
    const failures = await failuresDuring(page, async () => {
      await page.goto('/procedures/1.004194/apply')
      await expectHeading(page, 'Nộp hồ sơ trực tuyến')
      await page.locator('#apply-root').waitFor()
    })
    // No saved draft: the page asks for it and gets null, not a 404.
    expect(failures).toEqual([])

    const province = page.locator('#apply_temporaryResidence_provinceCode')
    const commune = page.locator('#apply_temporaryResidence_communeCode')
    // The labels ask for places, not codes.
    expect(await page.getByText(/\(mã\)/).count()).toBe(0)
    // Until a province is chosen there is no commune to choose.
    expect(await commune.isDisabled()).toBe(true)
    await pick(page, province, 'ha noi', 'Thành phố Hà Nội')
    await pick(page, commune, 'ngoc ha', 'Phường Ngọc Hà')
    await page.locator('#apply_temporaryResidence_address').fill('Số 12, ngõ 34 phố Đội Cấn')
    await page.locator('#apply_applicant_phone').fill('0912345678')
    await page.locator('#apply_grounds').click()
    await page.getByRole('option', { name: 'Thuê, mượn, ở nhờ' }).click()
    await page.locator('#apply_months').fill('6')
    await expectNoSeriousA11yViolations(page, 'the temporary-residence form with an address picked')

    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click()
    await expectHeading(page, 'Đã nộp hồ sơ')
    const code = ((await page.getByTestId('dossier-code').textContent()) ?? '').trim()
    // The fee: how much, and how it is paid.
    const fee = page.getByTestId('fee-notice')
    await expect.poll(() => fee.innerText()).toContain('Số tiền phải nộp: 7.000')
    expect(await fee.innerText()).toContain('VietQR')
    expect(await fee.innerText()).toContain(code)
    await expectNoSeriousA11yViolations(page, 'the page after filing a paid application')

    await page.getByRole('link', { name: 'Xem hồ sơ' }).click()
    await expectHeading(page, `Hồ sơ ${code}`)
    const declared = section(page, 'Thông tin đã khai')
    await eventually(() => dataValue(declared, 'Tỉnh, thành phố')).toBe('Thành phố Hà Nội')
    expect(await dataValue(declared, 'Xã, phường, đặc khu')).toBe('Phường Ngọc Hà')
    const shown = await declared.innerText()
    expect(shown).not.toContain('00008')
    expect(shown).not.toMatch(/\b01\b/)
    await expectNoSeriousA11yViolations(page, 'the dossier page with the address')

    // The official sees the same names on the processing page, and no state codes beside badges.
    const officer = await suite.newPage('officer')
    await logIn(officer, 'demo.officer')
    await officer.waitForURL((url) => url.pathname === '/workspace')
    await expectHeading(officer, 'Không gian làm việc')
    const row = officer.getByTestId('dossier-table').getByRole('row').filter({ hasText: code })
    await eventually(() => row.count()).toBe(1)
    expect(await row.innerText()).not.toMatch(/Mã trạng thái|\s1\s*$/m)
    // The state filter offers the states by name, not "1 — Mới đăng ký".
    await officer
      .getByRole('textbox', { name: 'Lọc theo trạng thái' })
      .or(officer.getByRole('combobox', { name: 'Lọc theo trạng thái' }))
      .first()
      .click()
    const states = officer.getByRole('option')
    await eventually(() => states.allInnerTexts()).toContain('Mới đăng ký')
    expect((await states.allInnerTexts()).filter((label) => /\d/.test(label))).toEqual([])
    await officer.keyboard.press('Escape')
    await officer.goto(`/workspace/dossiers/${code}`)
    await expectHeading(officer, `Xử lý hồ sơ ${code}`)
    const form = section(officer, 'Thông tin trong tờ khai')
    await eventually(() => dataValue(form, 'Xã, phường, đặc khu')).toBe('Phường Ngọc Hà')
    expect(await dataValue(form, 'Tỉnh, thành phố')).toBe('Thành phố Hà Nội')
  })
})

describe('Vietnamese pages say things in Vietnamese', () => {
  it('the programme dashboard shows no target ids and names its sources and records in words', async () => {
    const page = suite.page
    await page.goto('/dashboard')
    await expectHeading(page, 'Theo dõi Chương trình Chính phủ số')
    const main = await page.getByRole('main').innerText()
    expect(main).not.toMatch(/\b(svc|data|ops|gov|sec|hr)\.[a-z_]+/)
    expect(main).not.toMatch(
      /Nguồn số liệu: (catalog|dossiers|feedback|wallet|governance|opendata|exchange|proactive)\b/,
    )
    expect(main).toContain('Nguồn số liệu: Danh mục thủ tục hành chính')
    // The records behind the full-online figure: procedures with the levels that handle them, in words.
    await page
      .getByRole('button', { name: /^Xem các bản ghi/ })
      .first()
      .click()
    const dialog = page.getByRole('dialog')
    await eventually(() => dialog.innerText()).toContain('Xã, phường, đặc khu')
    expect(await dialog.innerText()).not.toMatch(/\b(commune|province|central)\b/)
  })

  it('the catalog counts each filter within the search, and a procedure states its fee once', async () => {
    const page = suite.page
    await page.goto('/procedures')
    await expectHeading(page, 'Thủ tục hành chính')
    const sector = page.getByLabel('Lĩnh vực')
    await eventually(() => sector.locator('option').allInnerTexts()).toContain('Hộ tịch (8)')
    await page.goto('/procedures?q=khai%20sinh')
    await expectHeading(page, 'Thủ tục hành chính')
    const found = Number(
      /Tìm thấy (\d+)/.exec((await page.getByRole('status').first().innerText()) ?? '')?.[1],
    )
    const counts = async () =>
      (await sector.locator('option').allInnerTexts())
        .map((label) => Number(/\((\d+)\)$/.exec(label)?.[1] ?? 0))
        .reduce((a, b) => a + b, 0)
    // Every procedure found is in one sector: the counts add up to what the search found.
    await eventually(counts, 'the sector counts of the search').toBe(found)
    expect(found).toBeLessThan(25)

    await page.goto('/procedures/1.004194')
    await expectHeading(page, 'Đăng ký tạm trú')
    const fee = await dataValue(section(page, 'Thông tin chung'), 'Phí, lệ phí')
    expect(fee.replace(/\s+/g, ' ')).toBe('7.000 ₫ khi nộp trực tuyến (15.000 ₫ khi nộp trực tiếp)')
  })
})
