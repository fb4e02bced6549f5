// The whole journey of the issue, as the people involved would do it in a browser: demo.citizen registers the
// birth of a child (parents prefilled from the population registry, a birth notice uploaded), demo.officer
// finds it in the queue their workspace opens on, accepts it and asks for a supplement, the citizen answers,
// the officer takes it into processing, opens the attached birth notice and hands the dossier over to the
// leader with a note; demo.leader finds it in "Chờ phê duyệt" from the navigation, approves and signs, the
// citizen's open page shows the decision as it comes, the citizen
// downloads the signed result (checked by Sen and by pdfsig),
// rates the service, and applies for the child's health-insurance card reusing the birth certificate
// from the wallet without uploading anything.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  expectHeading,
  expectNoSeriousA11yViolations,
  setUpBrowserSuite,
} from './helpers/browser'
import { logIn } from './helpers/login'

const suite = setUpBrowserSuite()

/** The journey involves three people and a signature: it takes a while on a busy machine. */
const JOURNEY_TIMEOUT_MS = 300_000
/** Signing and issuing the result; the README allows up to a minute on a busy machine. */
const SIGNING_MS = 90_000

const CHILD = {
  fullName: 'Nguyễn Minh Khang',
  birthPlace: 'Bệnh viện Phụ sản Hà Nội',
  correctedBirthPlace: 'Bệnh viện Phụ sản Hà Nội, 929 đường La Thành, phường Ngọc Khánh',
}
const SUPPLEMENT_REASON = 'Đề nghị ghi rõ địa chỉ nơi sinh (số nhà, đường, phường) theo giấy chứng sinh.'
const RATING_COMMENT = 'Cán bộ hướng dẫn bổ sung rõ ràng, nhận kết quả điện tử nhanh.'
const CLINIC = 'Trạm y tế phường Ba Đình'
const HANDOVER_NOTE = 'Hồ sơ đủ điều kiện theo quy định, kính trình lãnh đạo phê duyệt.'

let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-journey-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A one-page PDF saying `text` (ASCII), with a correct cross-reference table. */
function tinyPdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, index) => {
    offsets.push(out.length)
    out += `${index + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** A day in Vietnam, `daysAgo` days before today: as typed (dd/mm/yyyy), as shown, and as YYMMDD. */
function vietnamDay(daysAgo = 0) {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
    .format(new Date(Date.now() - daysAgo * 86_400_000))
    .split('-')
  return { typed: `${day}/${month}/${year}`, yymmdd: `${year?.slice(2)}${month}${day}` }
}

/** Runs a poppler tool on a file and returns what it printed (stdout and stderr). */
function poppler(tool: 'pdfsig' | 'pdftotext', ...args: string[]): string {
  const run = spawnSync(tool, args, { encoding: 'utf8' })
  if (run.error)
    throw new Error(`${tool} could not run (apt-get install poppler-utils): ${run.error.message}`)
  return `${run.stdout}${run.stderr}`
}

/** The text next to `label` in a Mantine DataList (dt/dd) inside `scope`. */
async function dataValue(scope: Locator, label: string): Promise<string> {
  const term = scope.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })
  return ((await term.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim()
}

const section = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })

/**
 * The dossier's status as its page states it under "Thông tin hồ sơ" → "Trạng thái": the national name
 * ("Yêu cầu bổ sung") for the citizen, followed by the national state code for officials ("… (Mã trạng thái 5)").
 */
const dossierStatus = (page: Page) => dataValue(section(page, 'Thông tin hồ sơ'), 'Trạng thái')

async function openDossierAsOfficial(page: Page, code: string) {
  await page.goto(`/workspace/dossiers/${code}`)
  await expectHeading(page, `Xử lý hồ sơ ${code}`)
}

/** Clicks an action of the official's "Xử lý hồ sơ" panel that needs no dialog and waits for its notice. */
async function directAction(page: Page, name: string, done: string) {
  await section(page, 'Xử lý hồ sơ').getByRole('button', { name, exact: true }).click()
  await eventually(
    () => page.getByTestId('action-success').textContent(),
    `the notice after "${name}"`,
  ).toContain(done)
}

async function openMyDossier(page: Page, code: string) {
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Hồ sơ của tôi' })
    .click()
  await expectHeading(page, 'Hồ sơ của tôi')
  await page.getByRole('main').getByRole('link', { name: code, exact: true }).click()
  await expectHeading(page, `Hồ sơ ${code}`)
}

describe('a birth, from registration to the child’s health-insurance card', () => {
  it(
    'demo.citizen registers, demo.officer asks for a supplement, demo.leader signs, the result verifies, and the certificate is reused',
    async () => {
      const citizen = suite.page
      const birthNotice = path.join(tmp, 'giay-chung-sinh.pdf')
      fs.writeFileSync(birthNotice, tinyPdf('Giay chung sinh - Benh vien Phu san Ha Noi'))
      const birthDay = vietnamDay(3)
      // Every file the citizen's browser sends to the wallet.
      const uploads: string[] = []
      citizen.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/wallet/documents')
          uploads.push(request.url())
      })

      // 1. The citizen finds the procedure by typing without diacritics, and applies.
      await logIn(citizen, 'demo.citizen')
      await citizen.waitForURL((url) => url.pathname === '/account')
      await citizen
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Trang chủ' })
        .click()
      await expectHeading(citizen, 'Cổng dịch vụ công Sen')
      await citizen.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' }).fill('dang ky khai sinh')
      await citizen.getByRole('main').getByRole('button', { name: 'Tìm kiếm', exact: true }).click()
      await expectHeading(citizen, 'Thủ tục hành chính')
      const results = section(citizen, 'Kết quả').getByRole('listitem')
      await eventually(() => citizen.getByRole('main').getByRole('status').first().textContent()).toMatch(
        /^Tìm thấy \d+ thủ tục cho “dang ky khai sinh”$/,
      )
      const first = results.first()
      expect(await first.getByRole('heading', { level: 3 }).textContent()).toBe('Đăng ký khai sinh')
      await first.getByText('Mã thủ tục: 1.001193', { exact: true }).waitFor()
      await first.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click()
      await expectHeading(citizen, 'Đăng ký khai sinh')
      await citizen.getByRole('main').getByRole('link', { name: 'Nộp hồ sơ trực tuyến', exact: true }).click()
      await expectHeading(citizen, 'Nộp hồ sơ trực tuyến')
      expect(new URL(citizen.url()).pathname).toBe('/procedures/1.001193/apply')
      await citizen.locator('#apply-root').waitFor()

      // Consent to use the spouse's data: then both parents come from the registry, locked.
      await citizen.getByLabel(/^Tôi xác nhận đã được sự đồng ý của người có thông tin được sử dụng/).check()
      const father = citizen.locator('#apply_father_fullName')
      const mother = citizen.locator('#apply_mother_fullName')
      await eventually(() => father.inputValue(), 'the father prefilled').toBe('Nguyễn Văn An')
      await eventually(() => mother.inputValue(), 'the mother prefilled').toBe('Trần Thị Mai')
      expect(await father.isEditable(), 'the father’s name is locked').toBe(false)
      expect(await mother.isEditable(), 'the mother’s name is locked').toBe(false)
      await citizen
        .getByRole('note')
        .filter({ hasText: 'đã được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư' })
        .waitFor()

      await citizen.locator('#apply_child_fullName').fill(CHILD.fullName)
      const birthDate = citizen.locator('#apply_child_birthDate')
      await birthDate.fill(birthDay.typed)
      await birthDate.press('Tab')
      await citizen.locator('#apply_child_gender').click()
      await citizen.getByRole('option', { name: 'Nam', exact: true }).click()
      await citizen.locator('#apply_child_birthPlace').fill(CHILD.birthPlace)

      // The birth notice: a new file, uploaded to the wallet and attached.
      const documents = section(citizen, 'Giấy tờ kèm theo')
      await documents.getByLabel(/^Tải lên tệp mới: Giấy chứng sinh/).setInputFiles(birthNotice)
      await eventually(
        () => documents.getByRole('radio', { name: /giay-chung-sinh/ }).isChecked(),
        'the uploaded birth notice is attached',
      ).toBe(true)
      await expectNoSeriousA11yViolations(citizen, 'the birth registration form, filled in')

      const dayBefore = vietnamDay().yymmdd
      await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click()
      await expectHeading(citizen, 'Đã nộp hồ sơ')
      const code = ((await citizen.getByTestId('dossier-code').textContent()) ?? '').trim()
      const codeMatch = /^X00004-(\d{6})-\d{4}$/.exec(code)
      expect(codeMatch, `the dossier code ${code}`).not.toBeNull()
      expect([dayBefore, vietnamDay().yymmdd]).toContain(codeMatch?.[1])

      // 2. The officer's workspace opens on their own work, the new dossiers to receive (reception comes
      // first of their roles), with the applicant's name; they accept it and ask for a supplement.
      const officer = await suite.newPage('officer')
      await logIn(officer, 'demo.officer')
      await officer.waitForURL((url) => url.pathname === '/workspace')
      await expectHeading(officer, 'Không gian làm việc')
      const newQueue = officer.getByRole('button', { name: /^Hồ sơ mới/ })
      await eventually(() => newQueue.getAttribute('aria-pressed'), 'the workspace opens on Hồ sơ mới').toBe(
        'true',
      )
      await section(officer, 'Hồ sơ mới').waitFor()
      await officer.locator('[data-testid=dossier-table][aria-busy=false]').waitFor()
      const officerRow = officer.getByTestId('dossier-table').getByRole('row').filter({ hasText: code })
      await officerRow.getByText('Nguyễn Văn An', { exact: true }).waitFor()
      await expectNoSeriousA11yViolations(officer, 'the reception desk’s own queue')
      await officer.getByRole('link', { name: code, exact: true }).click()
      await expectHeading(officer, `Xử lý hồ sơ ${code}`)
      expect(await dossierStatus(officer)).toBe('Mới đăng ký (Mã trạng thái 1)')
      expect(await officer.getByTestId('applicant-name').textContent()).toContain('Nguyễn Văn An')
      // A free procedure: no payment to request.
      expect(
        await section(officer, 'Xử lý hồ sơ').getByRole('button', { name: 'Yêu cầu thanh toán' }).count(),
      ).toBe(0)
      await directAction(officer, 'Tiếp nhận hồ sơ', 'Đã tiếp nhận hồ sơ.')
      await eventually(() => dossierStatus(officer)).toBe('Đã tiếp nhận (Mã trạng thái 2)')

      await section(officer, 'Xử lý hồ sơ')
        .getByRole('button', { name: 'Yêu cầu bổ sung', exact: true })
        .click()
      const dialog = officer.getByRole('dialog', { name: 'Yêu cầu bổ sung' })
      await dialog.waitFor()
      // The reason is required.
      await dialog.getByRole('button', { name: 'Gửi yêu cầu bổ sung', exact: true }).click()
      await dialog.getByText('Vui lòng nhập lý do.', { exact: true }).waitFor()
      await dialog.getByLabel(/^Nội dung cần bổ sung/).fill(SUPPLEMENT_REASON)
      await dialog.getByRole('button', { name: 'Gửi yêu cầu bổ sung', exact: true }).click()
      await dialog.waitFor({ state: 'hidden' })
      await eventually(() => officer.getByTestId('action-success').textContent()).toContain(
        'Đã gửi yêu cầu bổ sung.',
      )
      await eventually(() => dossierStatus(officer)).toBe('Yêu cầu bổ sung (Mã trạng thái 5)')

      // 3. The citizen sees the request and its reason, and corrects the place of birth.
      await openMyDossier(citizen, code)
      expect(await dossierStatus(citizen)).toBe('Yêu cầu bổ sung')
      const supplement = section(citizen, 'Bổ sung hồ sơ')
      await supplement.getByText(SUPPLEMENT_REASON, { exact: true }).waitFor()
      await supplement.locator('#supplement-root').waitFor()
      const place = supplement.locator('#supplement_child_birthPlace')
      expect(await place.inputValue()).toBe(CHILD.birthPlace)
      await place.fill(CHILD.correctedBirthPlace)
      await supplement.getByRole('button', { name: 'Gửi hồ sơ bổ sung', exact: true }).click()
      await eventually(() => dossierStatus(citizen), 'the status after the supplement').toBe('Đã tiếp nhận')
      expect(await section(citizen, 'Bổ sung hồ sơ').count()).toBe(0)
      await section(citizen, 'Thông tin đã khai')
        .getByText(CHILD.correctedBirthPlace, { exact: true })
        .waitFor()

      // 4. The officer takes it into processing.
      await openDossierAsOfficial(officer, code)
      expect(await dossierStatus(officer)).toBe('Đã tiếp nhận (Mã trạng thái 2)')
      await directAction(officer, 'Nhận xử lý', 'Bạn đã nhận xử lý hồ sơ.')
      await eventually(() => dossierStatus(officer)).toBe('Đang xử lý (Mã trạng thái 4)')
      expect(
        await section(officer, 'Xử lý hồ sơ').getByRole('button', { name: 'Yêu cầu thanh toán' }).count(),
      ).toBe(0)

      // The attached birth notice: where it came from, a preview, a download.
      const attached = section(officer, 'Giấy tờ kèm theo')
      const noticeRow = attached.getByRole('row').filter({ hasText: 'Giấy chứng sinh' })
      await noticeRow.getByText('Tải lên khi nộp hồ sơ', { exact: true }).waitFor()
      await noticeRow.getByRole('button', { name: /^Xem trước / }).click()
      const preview = officer.getByRole('dialog', { name: /^Xem trước / })
      const frame = preview.locator('iframe')
      await frame.waitFor()
      const frameUrl = new URL((await frame.getAttribute('src')) ?? '', officer.url())
      const previewed = await officer.evaluate(async (url) => {
        const response = await fetch(url)
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          start: (await response.text()).slice(0, 5),
        }
      }, frameUrl.pathname)
      expect(previewed).toEqual({ status: 200, type: 'application/pdf', start: '%PDF-' })
      await expectNoSeriousA11yViolations(officer, 'the preview of an attached document')
      await preview.getByRole('button', { name: 'Đóng hộp thoại' }).click()
      await preview.waitFor({ state: 'hidden' })
      const [noticeDownload] = await Promise.all([
        officer.waitForEvent('download'),
        noticeRow.getByRole('link', { name: /^Tải về / }).click(),
      ])
      const noticeCopy = path.join(tmp, 'giay-chung-sinh-tai-ve.pdf')
      await noticeDownload.saveAs(noticeCopy)
      expect(fs.readFileSync(noticeCopy).equals(fs.readFileSync(birthNotice))).toBe(true)

      // The officer hands the dossier over to the leader, with a note (required).
      await section(officer, 'Xử lý hồ sơ')
        .getByRole('button', { name: 'Trình lãnh đạo', exact: true })
        .click()
      const handover = officer.getByRole('dialog', { name: 'Trình lãnh đạo' })
      await handover.waitFor()
      await handover.getByRole('button', { name: 'Trình lãnh đạo', exact: true }).click()
      await handover.getByText('Vui lòng nhập lý do.', { exact: true }).waitFor()
      await expectNoSeriousA11yViolations(officer, 'the hand-over to the leader')
      await handover.getByLabel(/^Ý kiến đề xuất/).fill(HANDOVER_NOTE)
      await handover.getByRole('button', { name: 'Trình lãnh đạo', exact: true }).click()
      await handover.waitFor({ state: 'hidden' })
      await eventually(() => officer.getByTestId('action-success').textContent()).toContain(
        'Đã trình lãnh đạo.',
      )
      expect(await dossierStatus(officer)).toBe('Đang xử lý (Mã trạng thái 4)')
      expect(await dataValue(section(officer, 'Thông tin hồ sơ'), 'Bước xử lý')).toBe('Chờ phê duyệt')
      expect(
        await section(officer, 'Xử lý hồ sơ').getByRole('button', { name: 'Trình lãnh đạo' }).count(),
      ).toBe(0)
      await expectNoSeriousA11yViolations(officer, 'the processing page with its attached documents')

      // 5. The leader goes to their workspace from the navigation: it opens on "Chờ phê duyệt", which lists
      // the dossier; they read the officer's note and approve, signing with their personal digital signature.
      const leader = await suite.newPage('leader')
      await logIn(leader, 'demo.leader')
      await leader.waitForURL((url) => url.pathname === '/workspace')
      await leader
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Không gian làm việc' })
        .click()
      await expectHeading(leader, 'Không gian làm việc')
      const awaiting = leader.getByRole('button', { name: /^Chờ phê duyệt/ })
      await eventually(() => awaiting.getAttribute('aria-pressed'), 'the leader’s own queue').toBe('true')
      await eventually(() => awaiting.textContent(), 'its count').toMatch(/Chờ phê duyệt.*1/)
      const leaderList = section(leader, 'Chờ phê duyệt')
      await leader.locator('[data-testid=dossier-table][aria-busy=false]').waitFor()
      const leaderRow = leaderList.getByRole('row').filter({ hasText: code })
      await leaderRow.getByText('Nguyễn Văn An', { exact: true }).waitFor()
      await leaderRow.getByText('Chờ phê duyệt', { exact: true }).waitFor()
      await expectNoSeriousA11yViolations(leader, 'the leader’s queue awaiting approval')
      await leaderRow.getByRole('link', { name: code, exact: true }).click()
      await expectHeading(leader, `Xử lý hồ sơ ${code}`)
      await leader
        .getByTestId('history')
        .getByRole('listitem')
        .filter({ hasText: 'Trình lãnh đạo' })
        .getByText(HANDOVER_NOTE)
        .waitFor()
      await section(leader, 'Giấy tờ kèm theo').getByText('Giấy chứng sinh').first().waitFor()
      await expectNoSeriousA11yViolations(leader, 'the dossier awaiting the leader’s approval')
      await section(leader, 'Xử lý hồ sơ')
        .getByRole('button', { name: 'Phê duyệt và ký số', exact: true })
        .click()
      const approve = leader.getByRole('dialog', { name: 'Phê duyệt hồ sơ' })
      await approve.getByText('chữ ký số cá nhân của bạn').waitFor()
      await approve.getByRole('button', { name: 'Ký số và phê duyệt', exact: true }).click()
      await approve.waitFor({ state: 'hidden', timeout: SIGNING_MS })
      await eventually(() => leader.getByTestId('action-success').textContent()).toContain('Đã phê duyệt.')
      await eventually(() => dossierStatus(leader)).toBe('Đã xử lý (Mã trạng thái 9)')
      // Decided: out of the leader's queue.
      await leader
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Không gian làm việc' })
        .click()
      await expectHeading(leader, 'Không gian làm việc')
      await leader
        .locator('[data-testid=dossier-table][aria-busy=false]')
        .or(leader.getByText('Không có hồ sơ nào phù hợp.'))
        .first()
        .waitFor()
      expect(
        await section(leader, 'Chờ phê duyệt').getByRole('link', { name: code, exact: true }).count(),
      ).toBe(0)
      await openDossierAsOfficial(leader, code)
      const approval = leader.getByTestId('history').getByRole('listitem').filter({ hasText: 'Phê duyệt' })
      await approval.getByText('✓ đã ký số', { exact: true }).waitFor()

      // 6. The citizen's page of the dossier, open since the supplement, follows the decision without
      // being reloaded, and says so to screen readers. The citizen downloads the signed result; Sen and
      // pdfsig both find it valid.
      await citizen.bringToFront()
      expect(new URL(citizen.url()).pathname).toBe(`/dossiers/${code}`)
      await eventually(() => dossierStatus(citizen), 'the open page follows the decision').toBe('Đã xử lý')
      await citizen
        .getByText('Hồ sơ vừa được cập nhật: Đã xử lý.', { exact: true })
        .waitFor({ state: 'attached' })
      const result = section(citizen, 'Kết quả giải quyết')
      await result.getByText('đã được ký số').waitFor()
      const historyEntry = section(citizen, 'Quá trình xử lý')
        .getByRole('listitem')
        .filter({ hasText: 'Phê duyệt' })
      await historyEntry.getByText('✓ đã ký số', { exact: true }).waitFor()
      const [download] = await Promise.all([
        citizen.waitForEvent('download'),
        result.getByRole('link', { name: 'Tải kết quả (PDF)', exact: true }).click(),
      ])
      const resultPdf = path.join(tmp, 'ket-qua.pdf')
      await download.saveAs(resultPdf)
      const signed = fs.readFileSync(resultPdf)
      expect(signed.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const pdfsig = poppler('pdfsig', resultPdf)
      // The leader's personal signature, then the agency's.
      expect(pdfsig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2)
      expect(pdfsig).toContain('Signer Certificate Common Name: Lê Văn Cường')

      await result.getByRole('link', { name: 'Kiểm tra tính hợp lệ', exact: true }).click()
      await expectHeading(citizen, 'Kiểm tra giấy tờ điện tử')
      const verifyPath = new URL(citizen.url()).pathname
      expect(verifyPath).toMatch(/^\/verify\/[0-9a-f-]{36}$/)
      const certificateId = verifyPath.slice('/verify/'.length)
      const status = section(citizen, 'Tình trạng giấy tờ').getByRole('status')
      await status.getByText('Giấy tờ hợp lệ', { exact: true }).waitFor()
      expect(await dataValue(status, 'Số, ký hiệu')).toBe(`${code}-KQ1`)
      expect(await dataValue(status, 'Loại giấy tờ')).toBe('Giấy khai sinh')
      expect(uploads, 'uploads to the wallet').toHaveLength(1)
      await expectNoSeriousA11yViolations(citizen, 'the verification of the birth certificate')

      // The same file on /verify: valid; one byte changed inside the signed part: altered.
      await citizen.goto('/verify')
      await expectHeading(citizen, 'Kiểm tra giấy tờ điện tử')
      const pdfCheck = section(citizen, 'Kiểm tra chữ ký số trên tệp PDF')
      await pdfCheck.getByLabel('Tệp PDF cần kiểm tra').setInputFiles(resultPdf)
      await pdfCheck.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click()
      await pdfCheck.getByRole('status').getByText('Chữ ký số hợp lệ', { exact: true }).waitFor()
      await pdfCheck.getByText('Lê Văn Cường, Lãnh đạo', { exact: true }).waitFor()
      await pdfCheck.getByText('Chữ ký số của cơ quan (thay con dấu)', { exact: true }).waitFor()
      await expectNoSeriousA11yViolations(citizen, '/verify with a valid signed PDF')

      const byteRange = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(signed.toString('latin1'))
      expect(byteRange, 'the signed PDF has a /ByteRange').not.toBeNull()
      const altered = Buffer.from(signed)
      const position = Math.floor(Number(byteRange?.[1]) / 2)
      altered[position] = (altered[position] ?? 0) ^ 0x01
      const alteredPdf = path.join(tmp, 'ket-qua-da-sua.pdf')
      fs.writeFileSync(alteredPdf, altered)
      await pdfCheck.getByLabel('Tệp PDF cần kiểm tra').setInputFiles(alteredPdf)
      await pdfCheck.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click()
      await pdfCheck.getByRole('status').getByText('Tệp đã bị sửa đổi', { exact: true }).waitFor()
      expect(await pdfCheck.getByText('Chữ ký số hợp lệ', { exact: true }).count()).toBe(0)
      await expectNoSeriousA11yViolations(citizen, '/verify with an altered PDF')

      // 7. The citizen rates the service.
      await openMyDossier(citizen, code)
      const rating = section(citizen, 'Đánh giá mức độ hài lòng')
      await rating.getByText('Hài lòng', { exact: true }).click()
      expect(await rating.getByRole('radio', { name: 'Hài lòng', exact: true }).isChecked()).toBe(true)
      await rating.getByLabel('Góp ý (không bắt buộc)').fill(RATING_COMMENT)
      await rating.getByRole('button', { name: 'Gửi đánh giá', exact: true }).click()
      const thanks = rating.getByRole('status')
      await thanks.getByText('Cảm ơn bạn đã đánh giá.', { exact: true }).waitFor()
      await eventually(() => thanks.textContent()).toContain('Đánh giá của bạn: Hài lòng')
      await eventually(() => thanks.textContent()).toContain(RATING_COMMENT)

      // 8. The birth certificate is in the wallet, issued by the agency; the child's personal id number is
      // printed on it.
      await citizen
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Kho dữ liệu' })
        .click()
      await expectHeading(citizen, 'Kho dữ liệu của tôi')
      const walletRows = citizen.getByRole('main').getByRole('table').getByRole('row')
      const certificateRow = walletRows.filter({ hasText: `${code}-KQ1` })
      await certificateRow.waitFor()
      await certificateRow.getByText('Do cơ quan cấp', { exact: true }).waitFor()
      await certificateRow.getByText('Còn hiệu lực', { exact: true }).waitFor()
      await certificateRow.getByText('0 lần', { exact: true }).waitFor()
      const walletCount = await walletRows.count()
      const printed = poppler('pdftotext', '-layout', resultPdf, '-')
      const childPin = /Số định danh cá nhân của trẻ\s*:?\s*(\d{12})/.exec(printed)?.[1]
      expect(childPin, `the child's personal id number on the certificate:\n${printed}`).toMatch(/^\d{12}$/)

      // Apply for the card: procedure 9.000001, the certificate comes from the wallet, no upload.
      await citizen.goto('/procedures/9.000001')
      await expectHeading(citizen, 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi')
      await citizen.getByRole('main').getByRole('link', { name: 'Nộp hồ sơ trực tuyến', exact: true }).click()
      await expectHeading(citizen, 'Nộp hồ sơ trực tuyến')
      await citizen.locator('#apply-root').waitFor()
      const consent = citizen.getByLabel(
        /^Tôi xác nhận đã được sự đồng ý của người có thông tin được sử dụng/,
      )
      if ((await consent.count()) > 0) await consent.check()
      await citizen.locator('#apply_child_fullName').fill(CHILD.fullName)
      await citizen.locator('#apply_child_pin').fill(childPin ?? '')
      const cardBirthDate = citizen.locator('#apply_child_birthDate')
      await cardBirthDate.fill(birthDay.typed)
      await cardBirthDate.press('Tab')
      await citizen.locator('#apply_child_gender').click()
      await citizen.getByRole('option', { name: 'Nam', exact: true }).click()
      await citizen.locator('#apply_clinic').fill(CLINIC)

      const cardDocuments = section(citizen, 'Giấy tờ kèm theo')
      const fromWallet = cardDocuments.getByRole('radio', { name: new RegExp(`${code}-KQ1`) })
      await fromWallet.waitFor()
      expect(await fromWallet.isChecked(), 'the birth certificate from the wallet is preselected').toBe(true)
      const upload = cardDocuments.getByLabel(/^Tải lên tệp mới: Giấy khai sinh của trẻ/)
      expect(await upload.inputValue(), 'no file chosen for the birth certificate').toBe('')
      await expectNoSeriousA11yViolations(citizen, 'the health-insurance card form, filled in')

      await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click()
      await expectHeading(citizen, 'Đã nộp hồ sơ')
      const cardCode = ((await citizen.getByTestId('dossier-code').textContent()) ?? '').trim()
      expect(cardCode).toMatch(/^X00004-\d{6}-\d{4}$/)
      expect(cardCode).not.toBe(code)
      // Nothing was uploaded: the only upload of the journey is the birth notice, and the wallet has no new
      // document.
      expect(uploads, 'uploads to the wallet').toHaveLength(1)
      await citizen
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Kho dữ liệu' })
        .click()
      await expectHeading(citizen, 'Kho dữ liệu của tôi')
      await eventually(() => walletRows.count(), 'documents in the wallet').toBe(walletCount)
      await walletRows
        .filter({ hasText: `${code}-KQ1` })
        .getByText('1 lần', { exact: true })
        .waitFor()

      const uses = await citizen.evaluate(async (id) => {
        const response = await fetch(`/api/v1/wallet/${id}`)
        return {
          status: response.status,
          body: (await response.json()) as { uses: number; code: string; data: { childPin?: string } },
        }
      }, certificateId)
      expect(uses.status).toBe(200)
      expect(uses.body.code).toBe(`${code}-KQ1`)
      expect(uses.body.uses).toBe(1)
      // The number read off the certificate is the one Sen recorded.
      expect(uses.body.data.childPin).toBe(childPin)
    },
    JOURNEY_TIMEOUT_MS,
  )
})
