// Each demo account logs in through the form, lands where it should, sees who it is, and logs out;
// a citizen is turned away from the officials' pages; an administrator browses and searches agencies.
import type { Page } from 'playwright-core'
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

const pathname = (page: Page) => new URL(page.url()).pathname

/** The value next to `label` in the "Thông tin tài khoản" list of /account. */
async function profileValue(page: Page, label: string): Promise<string> {
  const profile = page.getByRole('region', { name: 'Thông tin tài khoản' })
  const term = profile.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })
  return ((await term.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim()
}

async function openAccountFromNav(page: Page) {
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Tài khoản' })
    .click()
  await expectHeading(page, 'Tài khoản của tôi')
  expect(pathname(page)).toBe('/account')
}

/** Logs out from the header and checks the session is over, in the page and on the server. */
async function logOutAndCheck(page: Page) {
  const header = page.getByRole('banner')
  await header.getByRole('button', { name: 'Đăng xuất', exact: true }).click()
  await header.getByRole('link', { name: 'Đăng nhập', exact: true }).waitFor()
  await expectHeading(page, 'Cổng dịch vụ công Sen')
  expect(pathname(page)).toBe('/')
  expect(await header.getByText(/^Đang đăng nhập:/).count()).toBe(0)
  expect((await page.request.get('/api/v1/me')).status()).toBe(401)

  // A fresh visit to a signed-in page asks to log in again.
  await page.goto('/account')
  await expectHeading(page, 'Đăng nhập')
  expect(pathname(page)).toBe('/login')
  expect(new URL(page.url()).searchParams.get('next')).toBe('/account')
}

interface DemoAccount {
  username: string
  name: string
  lands: '/account' | '/workspace'
  /** What this person should see once logged in (starting on the landing page). */
  check(page: Page): Promise<void>
}

const ACCOUNTS: DemoAccount[] = [
  {
    username: 'demo.citizen',
    name: 'Nguyễn Văn An',
    lands: '/account',
    async check(page) {
      expect(await profileValue(page, 'Tên hiển thị')).toBe('Nguyễn Văn An')
      expect(await profileValue(page, 'Loại tài khoản')).toBe('Công dân')
      expect(await profileValue(page, 'Số định danh cá nhân')).toBe('001090000001')
      expect(await profileValue(page, 'Ngày sinh')).toBe('12/05/1990')
      // Not an official: no workspace in the menu, no two-factor section.
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
      expect(await nav.getByRole('link', { name: 'Không gian làm việc' }).count()).toBe(0)
      expect(await page.getByRole('heading', { name: 'Xác thực hai lớp' }).count()).toBe(0)
    },
  },
  {
    username: 'demo.business',
    name: 'Công ty TNHH Hoa Sen',
    lands: '/account',
    async check(page) {
      expect(await profileValue(page, 'Loại tài khoản')).toBe('Doanh nghiệp, tổ chức')
      expect(await profileValue(page, 'Tên tổ chức')).toBe('Công ty TNHH Hoa Sen')
      expect(await profileValue(page, 'Mã số thuế')).toBe('0101234567')
    },
  },
  {
    username: 'demo.officer',
    name: 'Trần Thị Bình',
    lands: '/workspace',
    async check(page) {
      await page.getByRole('main').getByText('UBND phường Ba Đình').waitFor()
      await page.getByRole('heading', { level: 2, name: 'Hàng đợi hồ sơ' }).waitFor()
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
      expect(await nav.getByRole('link', { name: 'Cơ quan, đơn vị' }).count()).toBe(0)
      await expectNoSeriousA11yViolations(page, 'the workspace of demo.officer')

      await openAccountFromNav(page)
      expect(await profileValue(page, 'Loại tài khoản')).toBe('Cán bộ, công chức, viên chức')
      expect(await profileValue(page, 'Cơ quan')).toBe('UBND phường Ba Đình')
      const roles = await profileValue(page, 'Vai trò')
      expect(roles).toContain('Tiếp nhận hồ sơ (bộ phận một cửa)')
      expect(roles).toContain('Chuyên viên xử lý')
      expect(roles).not.toContain('Lãnh đạo')
      await page.getByRole('region', { name: 'Xác thực hai lớp' }).getByText('Chưa bật').waitFor()
    },
  },
  {
    username: 'demo.leader',
    name: 'Lê Văn Cường',
    lands: '/workspace',
    async check(page) {
      await page.getByRole('main').getByText('UBND phường Ba Đình').waitFor()
      await expectNoSeriousA11yViolations(page, 'the workspace of demo.leader')

      await openAccountFromNav(page)
      expect(await profileValue(page, 'Cơ quan')).toBe('UBND phường Ba Đình')
      expect(await profileValue(page, 'Vai trò')).toBe('Lãnh đạo phê duyệt')
    },
  },
  {
    username: 'demo.admin',
    name: 'Phạm Minh Dũng',
    lands: '/workspace',
    async check(page) {
      await page.getByRole('main').getByText('Chính phủ').waitFor()
      await page.getByRole('main').getByRole('link', { name: 'Quản lý cơ quan, đơn vị' }).waitFor()
      await expectNoSeriousA11yViolations(page, 'the workspace of demo.admin')

      await openAccountFromNav(page)
      const roles = await profileValue(page, 'Vai trò')
      expect(roles).toContain('Quản trị hệ thống')
      expect(roles).toContain('Quản trị cơ quan')
    },
  },
]

describe('each demo account', () => {
  it.each(ACCOUNTS)('$username logs in, sees who they are, and logs out', async (account) => {
    const { page } = suite
    await logIn(page, account.username)
    await page.waitForURL((url) => url.pathname === account.lands)
    const header = page.getByRole('banner')
    await header.getByText(`Đang đăng nhập: ${account.name}`, { exact: true }).waitFor()
    await expectHeading(page, account.lands === '/account' ? 'Tài khoản của tôi' : 'Không gian làm việc')
    if (account.lands === '/account') {
      expect(await profileValue(page, 'Tên đăng nhập')).toBe(account.username)
    }
    await account.check(page)
    if (pathname(page) === '/account') {
      expect(await profileValue(page, 'Tên hiển thị')).toBe(account.name)
      await expectNoSeriousA11yViolations(page, `the account page of ${account.username}`)
    }
    await logOutAndCheck(page)
  })

  it('sees their account page in English after switching language', async () => {
    const { page } = suite
    await logIn(page, 'demo.officer')
    await page.waitForURL((url) => url.pathname === '/workspace')
    await expectHeading(page, 'Không gian làm việc')
    await switchLanguage(page, 'en')
    await expectHeading(page, 'Workspace')
    await page.getByRole('banner').getByText('Signed in as Trần Thị Bình', { exact: true }).waitFor()
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Account' })
      .click()
    await expectHeading(page, 'My account')
    const profile = page.getByRole('region', { name: 'Account details' })
    await profile.getByText('Civil servant', { exact: true }).waitFor()
    await profile.getByText('Specialist', { exact: true }).waitFor()
    await page.getByRole('region', { name: 'Two-factor authentication' }).waitFor()
    await expectNoSeriousA11yViolations(page, 'the account page in English')
  })
})

describe('a citizen on the officials’ pages', () => {
  it('gets the friendly "no access" page for /workspace and /admin/agencies', async () => {
    const { page } = suite
    await logIn(page, 'demo.citizen')
    await page.waitForURL((url) => url.pathname === '/account')
    await expectHeading(page, 'Tài khoản của tôi')

    await page.goto('/workspace')
    await expectHeading(page, 'Không có quyền truy cập')
    expect(pathname(page)).toBe('/workspace')
    const note = page.getByRole('note')
    await eventually(() => note.textContent()).toContain('Không gian làm việc chỉ dành cho cán bộ, công chức')
    await page.getByRole('main').getByRole('link', { name: 'Về trang tài khoản' }).waitFor()
    await expectNoSeriousA11yViolations(page, 'the no-access page of /workspace')

    await page.goto('/admin/agencies')
    await expectHeading(page, 'Không có quyền truy cập')
    await eventually(() => note.textContent()).toContain('chỉ dành cho quản trị viên')
    await expectNoSeriousA11yViolations(page, 'the no-access page of /admin/agencies')

    await page.getByRole('main').getByRole('link', { name: 'Về trang tài khoản' }).click()
    await expectHeading(page, 'Tài khoản của tôi')
  })
})

describe('the agencies of an administrator', () => {
  it('opens "Cơ quan, đơn vị" from the menu and expands Chính phủ to see the provinces', async () => {
    const { page } = suite
    await logIn(page, 'demo.admin')
    await page.waitForURL((url) => url.pathname === '/workspace')
    await expectHeading(page, 'Không gian làm việc')
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Cơ quan, đơn vị' })
      .click()
    await expectHeading(page, 'Cơ quan, đơn vị')
    expect(pathname(page)).toBe('/admin/agencies')
    const tree = page.getByRole('region', { name: 'Cây cơ quan' })
    const expand = tree.getByRole('button', { name: 'Mở rộng: Chính phủ', exact: true })
    expect(await expand.getAttribute('aria-expanded')).toBe('false')
    await expectNoSeriousA11yViolations(page, 'the agency tree')

    await expand.click()
    const children = tree.getByRole('list', { name: 'Đơn vị trực thuộc Chính phủ' })
    await children.getByText('UBND thành phố Hà Nội', { exact: true }).waitFor()
    await children.getByText('UBND thành phố Đà Nẵng', { exact: true }).waitFor()
    expect(
      await tree
        .getByRole('button', { name: 'Thu gọn: Chính phủ', exact: true })
        .getAttribute('aria-expanded'),
    ).toBe('true')
    await expectNoSeriousA11yViolations(page, 'the agency tree with Chính phủ expanded')
  })

  it('finds UBND phường Ba Đình by typing "Ba Đình"', async () => {
    const { page } = suite
    await logIn(page, 'demo.admin')
    await page.waitForURL((url) => url.pathname === '/workspace')
    await page.goto('/admin/agencies')
    await expectHeading(page, 'Cơ quan, đơn vị')

    const search = page.getByRole('searchbox', { name: 'Tìm cơ quan theo tên hoặc mã định danh' })
    await search.click()
    await search.pressSequentially('Ba Đình', { delay: 30 })
    const results = page.getByRole('region', { name: 'Kết quả tìm kiếm' })
    await results.getByText('UBND phường Ba Đình', { exact: true }).waitFor()
    await eventually(() => results.getByRole('status').textContent()).toMatch(/^Tìm thấy \d+ cơ quan$/)
    // The tree gives way to the results while searching.
    expect(await page.getByRole('region', { name: 'Cây cơ quan' }).count()).toBe(0)
    await expectNoSeriousA11yViolations(page, 'the agency search results')

    // Something that matches nothing says so.
    await search.fill('Không có cơ quan này')
    await eventually(() => results.getByRole('status').textContent()).toBe(
      'Không tìm thấy cơ quan nào phù hợp.',
    )

    // Clearing the search brings the tree back.
    await search.fill('')
    await page
      .getByRole('region', { name: 'Cây cơ quan' })
      .getByRole('button', { name: 'Mở rộng: Chính phủ' })
      .waitFor()
  })
})
