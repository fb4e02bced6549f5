import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { createCitizen, createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { rowsOf } from '../../db/rows'
import { refreshSenDatasets, SUPPRESS_BELOW } from './service'

let t: TestApp
let specialist: string
let leader: string
let otherLeader: string
let citizen: string
let admin: string

beforeAll(async () => {
  t = await createTestApp()
  const as = async (agencyId: string, roles: Parameters<typeof createOfficial>[2], prefix: string) =>
    t.token((await createOfficial(t, agencyId, roles, prefix)).username, FIXTURE_PASSWORD)
  specialist = await as('H01', ['specialist'], 'od.hanoi.specialist')
  leader = await as('H01', ['leader'], 'od.hanoi.leader')
  otherLeader = await as('H48', ['leader', 'agency_admin'], 'od.danang.leader')
  citizen = await t.token((await createCitizen(t, 'od.citizen')).username, FIXTURE_PASSWORD)
  admin = await t.token('demo.admin')
})
afterAll(() => t?.close())

const DESCRIPTION =
  'Danh sách các điểm thu gom rác thải tái chế trên địa bàn thành phố Hà Nội, gồm địa chỉ, phường và loại rác nhận, cập nhật hằng tháng.'
const CSV = 'Phường,Địa chỉ,Số thùng\r\nBa Đình,"12 Phan Đình Phùng, Ba Đình",4\r\nHoàn Kiếm,3 Hàng Bài,7\r\n'

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: { vi: 'Điểm thu gom rác tái chế Hà Nội', en: 'Recycling points in Hanoi' },
  description: { vi: DESCRIPTION },
  themes: ['ENVI'],
  sectors: ['moi-truong'],
  accrualPeriodicity: 'MONTHLY',
  spatial: ['01'],
  temporal: { start: '2026-01-01' },
  contactPoint: { name: 'Sở Nông nghiệp và Môi trường', email: 'moitruong@hanoi.gov.vn' },
  keywords: ['Rác thải', 'tái chế'],
  ...overrides,
})

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, token?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1/opendata${url}`,
    headers: token ? bearer(token) : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })

const putCsv = (token: string, id: string, csv: string) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/opendata/datasets/${id}/data`,
    headers: { ...bearer(token), 'content-type': 'text/csv' },
    payload: csv,
  })

const datasetCount = async () =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from opendata_datasets`))[0]!.n

async function createdDraft(overrides: Record<string, unknown> = {}) {
  const created = await api('POST', '/datasets', specialist, draft(overrides))
  expect(created.statusCode, created.body).toBe(201)
  return created.json() as { id: string; slug: string }
}

describe('an agency publishes a dataset', () => {
  it('a draft with a CSV is published, found, downloaded and previewed; withdrawn, it is gone everywhere', async () => {
    const { id, slug } = await createdDraft()
    expect(slug).toBe('diem-thu-gom-rac-tai-che-ha-noi')
    const data = await putCsv(specialist, id, CSV)
    expect(data.statusCode, data.body).toBe(200)
    expect(data.json().distributions.map((d: { format: string }) => d.format)).toEqual([
      'CSV',
      'JSON',
      'XLSX',
    ])
    expect((await api('GET', `/datasets/${slug}`)).statusCode).toBe(404)

    // A specialist prepares; a leader publishes.
    const bySpecialist = await api('POST', `/datasets/${id}/publish`, specialist, {})
    expect(bySpecialist.statusCode).toBe(403)
    expect(bySpecialist.json().error.code).toBe('ONLY_LEADERS_PUBLISH')
    const published = await api('POST', `/datasets/${id}/publish`, leader, { note: 'Lần đầu' })
    expect(published.statusCode, published.body).toBe(200)
    expect(published.json()).toMatchObject({ status: 'published', version: 1 })

    const search = await api('GET', '/datasets?q=rac%20tai%20che&theme=ENVI')
    expect(search.statusCode, search.body).toBe(200)
    expect(search.json().items.map((d: { id: string }) => d.id)).toContain(id)
    expect(search.json().facets.agency).toContainEqual(expect.objectContaining({ value: 'H01', count: 1 }))
    expect(search.json().facets.format.map((f: { value: string }) => f.value)).toContain('CSV')

    const shown = await api('GET', `/datasets/${slug}`)
    expect(shown.statusCode).toBe(200)
    const csv = shown.json().distributions.find((d: { format: string }) => d.format === 'CSV')
    const download = await t.app.inject({ url: csv.downloadUrl })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(download.body).toBe(`\uFEFFphuong,dia_chi,so_thung\r\n${CSV.split('\r\n').slice(1).join('\r\n')}`)
    expect(download.rawPayload.length).toBe(csv.byteSize)
    expect(download.headers.etag).toBe(`"${csv.checksumSha256}"`)
    const json = shown.json().distributions.find((d: { format: string }) => d.format === 'JSON')
    expect((await t.app.inject({ url: json.downloadUrl })).json()).toEqual([
      { phuong: 'Ba Đình', dia_chi: '12 Phan Đình Phùng, Ba Đình', so_thung: 4 },
      { phuong: 'Hoàn Kiếm', dia_chi: '3 Hàng Bài', so_thung: 7 },
    ])
    const preview = await api('GET', `/datasets/${slug}/preview?rows=1`)
    expect(preview.json()).toMatchObject({
      rows: [['Ba Đình', '12 Phan Đình Phùng, Ba Đình', 4]],
      rowCount: 2,
    })

    // The publisher sees its quality and what to fix (no English description yet).
    const mine = await api('GET', `/publisher/datasets/${id}`, specialist)
    expect(mine.json().quality.meetsStandard).toBe(true)
    expect(mine.json().quality.checks).toContainEqual(
      expect.objectContaining({ id: 'english', passed: false }),
    )

    const withdrawn = await api('POST', `/datasets/${id}/withdraw`, leader, { reason: 'Dữ liệu sai địa chỉ' })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    for (const url of [`/datasets/${slug}`, `/datasets/${id}`, `/datasets/${slug}/preview`]) {
      expect((await api('GET', url)).statusCode, url).toBe(404)
    }
    expect((await t.app.inject({ url: csv.downloadUrl })).statusCode).toBe(404)
    expect((await api('GET', '/datasets?q=rac%20tai%20che')).json().items).toEqual([])
    const versions = await api('GET', `/publisher/datasets/${id}/versions`, leader)
    expect(versions.json().map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
      [1, 'Lần đầu'],
    ])
    const audit = await rowsOf<{ action: string }>(
      t.db,
      sql`select action from audit_events where entity_id = ${id} order by seq`,
    )
    expect(audit.map((a) => a.action)).toEqual([
      'opendata.dataset_created',
      'opendata.dataset_data_replaced',
      'opendata.dataset_published',
      'opendata.dataset_withdrawn',
    ])
  })

  it('refuses bad input with a 4xx and a code, and changes nothing', async () => {
    const before = await datasetCount()
    for (const [payload, status, code] of [
      [draft({ licenceId: 'ALL-RIGHTS' }), 400, 'UNKNOWN_LICENCE'],
      [draft({ spatial: ['99'] }), 400, 'UNKNOWN_SPATIAL_CODE'],
      [draft({ temporal: { start: '2026-05-01', end: '2026-01-01' } }), 400, 'BAD_TEMPORAL_COVERAGE'],
      [draft({ themes: ['SPORT'] }), 400, 'VALIDATION_FAILED'],
      [{ description: { vi: DESCRIPTION } }, 400, 'VALIDATION_FAILED'],
      [draft({ agencyId: 'H48' }), 403, 'OUTSIDE_JURISDICTION'],
    ] as const) {
      const response = await api('POST', '/datasets', specialist, payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(status)
      expect(response.json().error.code).toBe(code)
    }
    expect(await datasetCount()).toBe(before)

    const { id } = await createdDraft({ title: { vi: 'Bảng giá đất tham khảo' } })
    const ragged = await putCsv(specialist, id, 'a,b\r\n1,2,3\r\n')
    expect(ragged.statusCode).toBe(400)
    expect(ragged.json().error.code).toBe('BAD_CSV')
    const empty = await putCsv(specialist, id, 'a,b\r\n')
    expect(empty.json().error.code).toBe('BAD_CSV')
    const unpublishable = await api('POST', `/datasets/${id}/publish`, leader, {})
    expect(unpublishable.statusCode).toBe(409)
    expect(unpublishable.json().error.code).toBe('NOT_PUBLISHABLE')
    expect((await api('GET', `/publisher/datasets/${id}`, leader)).json().dataset).toMatchObject({
      status: 'draft',
      distributions: [],
    })
  })

  it("another agency's publisher cannot see or change the dataset; citizens and the public cannot publish", async () => {
    const { id } = await createdDraft({ title: { vi: 'Danh sách chợ dân sinh' } })
    expect((await putCsv(specialist, id, CSV)).statusCode).toBe(200)
    for (const response of [
      await api('GET', `/publisher/datasets/${id}`, otherLeader),
      await api('PATCH', `/datasets/${id}`, otherLeader, { keywords: ['chợ'] }),
      await putCsv(otherLeader, id, CSV),
      await api('POST', `/datasets/${id}/publish`, otherLeader, {}),
    ]) {
      expect(response.statusCode, response.body).toBe(404)
    }
    const theirs = await api('GET', '/publisher/datasets?pageSize=100', otherLeader)
    expect(theirs.json().items.map((d: { id: string }) => d.id)).not.toContain(id)
    expect((await api('POST', '/datasets', citizen, draft())).statusCode).toBe(403)
    expect((await api('POST', `/datasets/${id}/publish`, citizen, {})).statusCode).toBe(403)
    expect((await api('POST', '/datasets', undefined, draft())).statusCode).toBe(401)
    const mine = await api('GET', `/publisher/datasets/${id}`, specialist)
    expect(mine.json().dataset).toMatchObject({ status: 'draft', keywords: ['rác thải', 'tái chế'] })
  })
})

describe("Sen's own datasets", () => {
  it('are made from its data, published, refreshed without a new version, with small counts suppressed', async () => {
    const client = dossierClient(t)
    const demoCitizen = await t.token('demo.citizen')
    await client.fileBirth(demoCitizen)

    const first = await refreshSenDatasets(t.db)
    expect(first.refreshed).toEqual(['sen.procedures', 'sen.dossiers-monthly'])
    const dataset = (await api('GET', '/datasets/sen-ho-so-theo-co-quan-thang')).json()
    expect(dataset).toMatchObject({ origin: 'sen', status: 'published', publisher: { agencyId: 'G00' } })
    const csv = dataset.distributions.find((d: { format: string }) => d.format === 'CSV')
    const [header, ...lines] = (await t.app.inject({ url: csv.downloadUrl })).body
      .replace('\uFEFF', '')
      .trim()
      .split('\r\n')
    // Counts only: no column could hold a person's data.
    expect(header).toBe('month,agency_id,agency_name,submitted,online,decided,on_time')

    const actual = await rowsOf<{ month: string; agency: string; submitted: number; decided: number }>(
      t.db,
      sql`select to_char(submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month,
            competent_agency_id as agency, count(*)::int as submitted,
            (count(*) filter (where decided_at is not null))::int as decided
          from dossiers group by 1, 2`,
    )
    expect(lines).toHaveLength(actual.length)
    const shown = (n: number) => (n > 0 && n < SUPPRESS_BELOW ? '' : String(n))
    let suppressedCells = 0
    for (const row of actual) {
      const line = lines.find((l) => l.startsWith(`${row.month},${row.agency},`))!
      const cells = line.split(',')
      expect(cells[3], line).toBe(shown(row.submitted))
      expect(cells[5], line).toBe(shown(row.decided))
      suppressedCells += cells.slice(3).filter((c) => c === '').length
    }
    expect(suppressedCells).toBeGreaterThan(0)

    const procedures = (await api('GET', '/datasets/sen-thu-tuc-hanh-chinh/preview?rows=1')).json()
    expect(procedures.columns.map((c: { name: string }) => c.name)).toContain('full_online')
    expect(procedures.rowCount).toBeGreaterThan(0)

    // A second pass with nothing new keeps the same version; a publisher cannot upload over it.
    await refreshSenDatasets(t.db)
    expect((await api('GET', '/datasets/sen-ho-so-theo-co-quan-thang')).json().version).toBe(dataset.version)
    const upload = await putCsv(admin, dataset.id, CSV)
    expect(upload.statusCode).toBe(409)
    expect(upload.json().error.code).toBe('MADE_BY_SEN')
  })
})

describe('the data.open target', () => {
  async function dataOpen(scope: string) {
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/metrics/refresh',
      headers: bearer(admin),
    })
    expect(refreshed.statusCode, refreshed.body).toBe(200)
    const response = await t.app.inject({
      url: `/api/v1/metrics/programme?scope=${scope}`,
      headers: bearer(admin),
    })
    expect(response.statusCode, response.body).toBe(200)
    return response.json().targets.find((f: { id: string }) => f.id === 'data.open')
  }

  it('counts the agencies with a published dataset that meets the metadata standard, with the datasets behind', async () => {
    await refreshSenDatasets(t.db)
    const before = await dataOpen('H01')
    // The province itself is counted, not its communes (theirs count for it).
    expect(before).toMatchObject({ numerator: 0, denominator: 1, value: 0 })

    // Published without a contact point: below the standard, so Hà Nội does not count yet.
    const { id, slug } = await createdDraft({ title: { vi: 'Bãi đỗ xe công cộng' }, contactPoint: null })
    expect((await putCsv(specialist, id, CSV)).statusCode).toBe(200)
    expect((await api('POST', `/datasets/${id}/publish`, leader, {})).statusCode).toBe(200)
    expect((await dataOpen('H01')).numerator).toBe(0)

    const fixed = await api('PATCH', `/datasets/${id}`, specialist, {
      contactPoint: { name: 'Sở Xây dựng', email: 'xaydung@hanoi.gov.vn' },
    })
    expect(fixed.statusCode, fixed.body).toBe(200)
    const after = await dataOpen('H01')
    expect(after).toMatchObject({ numerator: 1, denominator: 1, value: 1 })
    // The nation: Hà Nội and the root, which publishes Sen's own datasets.
    expect((await dataOpen('G00')).numerator).toBe(2)

    const records = await t.app.inject({ url: after.recordsUrl, headers: bearer(admin) })
    expect(records.statusCode, records.body).toBe(200)
    expect(records.json()).toMatchObject({
      kind: 'dataset',
      total: 1,
      items: [{ id: slug, agencyId: 'H01' }],
    })
  })
})
