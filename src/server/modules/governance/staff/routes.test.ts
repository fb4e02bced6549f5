import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../../tests/helpers/app'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../../../../../tests/helpers/fixtures'
import { rowsOf } from '../../../db/rows'
import { refreshMetrics } from '../../metrics/service'
import { staffCountsByAgency } from '../service'

let t: TestApp
let hanoi: string
let hanoiLeader: string
let danang: string
let citizen: string

beforeAll(async () => {
  t = await createTestApp()
  const as = async (agencyId: string, roles: Parameters<typeof createOfficial>[2], prefix: string) =>
    t.token((await createOfficial(t, agencyId, roles, prefix)).username, FIXTURE_PASSWORD)
  hanoi = await as('H01', ['agency_admin'], 'staff.hanoi')
  hanoiLeader = await as('H01', ['leader'], 'staff.hanoi.leader')
  danang = await as('H48', ['agency_admin'], 'staff.danang')
  citizen = await t.token((await createCitizen(t, 'staff.citizen')).username, FIXTURE_PASSWORD)
})
afterAll(() => t?.close())

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
const vnDay = (offset: number) => day(offset).split('-').reverse().join('/')

const staffRows = async () =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from gov_staff`))[0]!.n

const member = (overrides: Record<string, unknown> = {}) => ({
  agencyId: 'H01',
  staffCode: 'HN-0001',
  fullName: 'Trần Thị Bình',
  category: 'civil_servant',
  position: 'Chuyên viên Sở Khoa học và Công nghệ',
  itStaff: true,
  leader: false,
  digitalTrainedOn: day(-20),
  certificateNumber: 'QTDL-0001',
  certificateIssuedOn: day(-10),
  certificateExpiresOn: day(700),
  ...overrides,
})

const upload = (token: string, body: string | Buffer, type = 'text/csv') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/governance/staff/imports?fileName=danh-sach.csv',
    headers: { ...bearer(token), 'content-type': type, 'accept-language': 'vi' },
    payload: body,
  })

const HEADER =
  'Mã cơ quan;Mã cán bộ;Họ và tên;Loại;Chức vụ;Cán bộ CNTT/chuyển đổi số;Lãnh đạo;Ngày tập huấn kỹ năng số;Số chứng chỉ quản trị dữ liệu;Ngày cấp chứng chỉ;Ngày hết hạn chứng chỉ;Lĩnh vực chuyên môn;Căn cứ chuyên môn'
const csv = (...rows: string[]) => `\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`

describe('staff records', () => {
  it('an administrator records a staff member; their province sees it, another does not', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/governance/staff',
      headers: bearer(hanoi),
      payload: member(),
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ agencyId: 'H01', staffCode: 'HN-0001', certified: true })
    const id = created.json().id
    const list = await t.app.inject({
      url: '/api/v1/governance/staff?group=it',
      headers: bearer(hanoiLeader),
    })
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id)
    expect(list.json().summary).toMatchObject({ it: 1, itCertified: 1 })
    expect(
      (await t.app.inject({ url: `/api/v1/governance/staff/${id}`, headers: bearer(danang) })).statusCode,
    ).toBe(404)
    const elsewhere = await t.app.inject({
      url: '/api/v1/governance/staff?agencyId=H01',
      headers: bearer(danang),
    })
    expect(elsewhere.json().error.code).toBe('OUTSIDE_JURISDICTION')

    // The certificate expires: the record no longer counts as certified.
    const expired = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/governance/staff/${id}`,
      headers: bearer(hanoi),
      payload: member({ certificateIssuedOn: day(-800), certificateExpiresOn: day(-70) }),
    })
    expect(expired.statusCode, expired.body).toBe(200)
    expect(expired.json().certified).toBe(false)
  })

  it('refuses bad records with a 4xx and a reason, and writes nothing', async () => {
    const before = await staffRows()
    for (const [token, payload, status, code] of [
      [hanoi, member({ staffCode: 'HN-0001' }), 409, 'STAFF_CODE_TAKEN'],
      [hanoi, member({ staffCode: 'HN-9', certificateExpiresOn: day(-30) }), 400, 'CERTIFICATE_DATES'],
      [hanoi, member({ staffCode: 'HN-9', digitalTrainedOn: day(3) }), 400, 'DATE_IN_FUTURE'],
      [hanoi, member({ staffCode: 'HN-9', category: 'contractor' }), 400, 'VALIDATION_FAILED'],
      [hanoi, { ...member({ staffCode: 'HN-9' }), salary: 10 }, 400, 'VALIDATION_FAILED'],
      [danang, member({ staffCode: 'HN-9' }), 403, 'OUTSIDE_JURISDICTION'],
      [hanoiLeader, member({ staffCode: 'HN-9' }), 403, 'FORBIDDEN'],
      [citizen, member({ staffCode: 'HN-9' }), 403, 'FORBIDDEN'],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/governance/staff',
        headers: bearer(token),
        payload,
      })
      expect(response.statusCode, response.body).toBe(status)
      expect(response.json().error.code).toBe(code)
    }
    expect(await staffRows()).toBe(before)
  })

  it('imports a CSV as agencies save it (semicolons, Vietnamese headers and days), then updates on a second import', async () => {
    const file = csv(
      `X00004;BD-001;Lê Văn Cường;Công chức;Chủ tịch UBND;Không;Có;${vnDay(-40)};;;;Chuyển đổi số;Thạc sĩ hệ thống thông tin`,
      `X00004;BD-002;Phạm Thị Dung;Viên chức;Chuyên viên CNTT;Có;Không;;QTDL-77;${vnDay(-5)};;;`,
      `H01;HN-0100;Đỗ Minh Em;công chức;;x;;${day(-3)};;;;;`,
    )
    const first = await upload(hanoi, file)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ imported: true, rows: 3, created: 3, updated: 0, problemCount: 0 })
    const again = await upload(hanoi, file)
    expect(again.json()).toMatchObject({ imported: true, created: 0, updated: 3 })
    const counts = (await staffCountsByAgency(t.db, new Date())).find((c) => c.agencyId === 'X00004')
    expect(counts?.counts).toMatchObject({
      'staff.total': 2,
      'staff.trained': 1,
      'staff.it': 1,
      'staff.it_certified': 1,
      'staff.leaders': 1,
      'staff.leaders_qualified': 1,
    })
    const imports = await t.app.inject({
      url: '/api/v1/governance/staff/imports',
      headers: bearer(hanoiLeader),
    })
    expect(imports.json().items[0]).toMatchObject({ rows: 3, fileName: 'danh-sach.csv' })
  })

  it('imports an XLSX workbook with real date cells', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Cán bộ')
    sheet.addRow(['Mã cơ quan', 'Mã cán bộ', 'Họ và tên', 'Loại', 'Lãnh đạo', 'Ngày tập huấn kỹ năng số'])
    sheet.addRow(['H01', 'HN-X1', 'Vũ Văn Giang', 'Công chức', 'Có', new Date(`${day(-15)}T00:00:00Z`)])
    sheet.addRow(['H01', 'HN-X2', 'Ngô Thị Hoa', 'Viên chức', false, null])
    const response = await upload(
      hanoi,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ imported: true, rows: 2, created: 2 })
    const list = await t.app.inject({ url: '/api/v1/governance/staff?q=HN-X1', headers: bearer(hanoi) })
    expect(list.json().items[0]).toMatchObject({ leader: true, digitalTrainedOn: day(-15) })
  })

  it('refuses a file with any bad row, says which row and why, and writes nothing', async () => {
    const before = await staffRows()
    const refused = async (body: string | Buffer, token = hanoi) => {
      const response = await upload(token, body)
      expect(response.statusCode, response.body).toBe(422)
      expect(response.json().error.code).toBe('IMPORT_REFUSED')
      expect(response.json().report.imported).toBe(false)
      return response.json().report.problems as {
        row: number
        column: string | null
        code: string
        message: string
      }[]
    }
    expect(await refused('Mã cơ quan,Mã cán bộ,Lương\r\nH01,A,1\r\n')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, code: 'UNKNOWN_COLUMN' }),
        expect.objectContaining({ row: 1, code: 'MISSING_COLUMN', column: 'Họ và tên' }),
      ]),
    )
    const problems = await refused(
      csv(
        `H01;HN-Y1;Một;Công chức;;Có;;;;;;;`,
        `H01;HN-Y2;Hai;Nhân viên;;;;;;;;;`,
        `H01;HN-Y3;Ba;Công chức;;;;31/02/2026;;;;;`,
        `H99;HN-Y4;Bốn;Công chức;;;;;;;;;`,
        `H48;DN-Y5;Năm;Công chức;;;;;;;;;`,
        `H01;HN-Y1;Một lần nữa;Công chức;;;;;;;;;`,
        `H01;HN-Y7;Bảy;Công chức;;;;;QTDL-1;;;;`,
      ),
    )
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'WRONG_TYPE'],
      [4, 'WRONG_TYPE'],
      [5, 'UNKNOWN_AGENCY'],
      [6, 'OUTSIDE_JURISDICTION'],
      [7, 'DUPLICATE_ROW'],
      [8, 'CERTIFICATE_DATES'],
    ])
    expect(problems[0]).toMatchObject({ column: 'Loại' })
    expect(problems[0]!.message).toContain('Nhân viên')
    expect(problems[4]!.message).toContain('dòng 2')

    const tooMany = [HEADER]
    for (let i = 0; i <= 100_000; i++) tooMany.push(`H01;T${i};Cán bộ ${i};Công chức;;;;;;;;;`)
    expect(await refused(tooMany.join('\n'))).toEqual([
      expect.objectContaining({ row: 0, code: 'TOO_MANY_ROWS' }),
    ])
    const unreadable = await upload(hanoi, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))
    expect(unreadable.statusCode).toBe(400)
    expect(unreadable.json().error.code).toBe('UNREADABLE_SPREADSHEET')
    expect((await upload(hanoiLeader, csv(`H01;HN-Z;Z;Công chức;;;;;;;;;`))).statusCode).toBe(403)
    expect(await staffRows()).toBe(before)
  })

  it('the three staff targets are live on the dashboard, for the nation and for the province', async () => {
    await refreshMetrics(t.db)
    const dashboard = await t.app.inject({
      url: '/api/v1/metrics/programme?scope=H01',
      headers: bearer(hanoiLeader),
    })
    expect(dashboard.statusCode, dashboard.body).toBe(200)
    const target = (id: string) => dashboard.json().targets.find((x: { id: string }) => x.id === id)
    expect(target('hr.leadership')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 })
    expect(target('hr.data_certified').denominator).toBe(3)
    expect(target('hr.digital_skills').value).toBeGreaterThan(0)
    const records = await t.app.inject({
      url: '/api/v1/metrics/programme/hr.data_certified/records?scope=H01',
      headers: bearer(hanoiLeader),
    })
    expect(records.statusCode, records.body).toBe(200)
    expect(records.json()).toMatchObject({
      kind: 'staff',
      total: 1,
      items: [{ id: 'BD-002', agencyId: 'X00004' }],
    })
    expect(JSON.stringify(records.json())).not.toContain('Phạm Thị Dung')
  })
})
