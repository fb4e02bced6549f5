import { Parser } from 'n3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { createOfficial, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { parseJsonLd, parseTurtle, validateDcatAp } from '../../../../tests/helpers/shacl'

// What CKAN clients and DCAT-AP harvesters see of the published datasets: CKAN's Action API and
// DCAT-AP 3 (Turtle and JSON-LD, validated against the SEMIC shapes).

let t: TestApp
let specialist: string
let leader: string
const slugs: string[] = []
const ids: string[] = []

const DESCRIPTION =
  'Số liệu quan trắc chất lượng không khí tại các trạm tự động trên địa bàn Hà Nội, gồm chỉ số AQI, bụi PM2.5 và PM10, cập nhật hằng tháng từ mạng lưới trạm quan trắc.'

const api = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: token ? bearer(token) : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })

async function published(title: string, themes: string[], keywords: string[]) {
  const created = await api('POST', '/api/v1/opendata/datasets', specialist, {
    title: { vi: title, en: `${title} (en)` },
    description: { vi: DESCRIPTION, en: 'Air quality measured at the automatic stations of Hanoi, monthly.' },
    themes,
    accrualPeriodicity: 'MONTHLY',
    spatial: ['01'],
    temporal: { start: '2026-01-01', end: '2026-06-30' },
    contactPoint: { name: 'Sở Nông nghiệp và Môi trường', email: 'moitruong@hanoi.gov.vn' },
    keywords,
  })
  expect(created.statusCode, created.body).toBe(201)
  const { id, slug } = created.json()
  const data = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/opendata/datasets/${id}/data`,
    headers: { ...bearer(specialist), 'content-type': 'text/csv' },
    payload: 'tram,thang,aqi\r\nHoàn Kiếm,2026-01,151\r\nCầu Giấy,2026-01,98\r\n',
  })
  expect(data.statusCode, data.body).toBe(200)
  expect((await api('POST', `/api/v1/opendata/datasets/${id}/publish`, leader, {})).statusCode).toBe(200)
  ids.push(id)
  slugs.push(slug)
}

beforeAll(async () => {
  t = await createTestApp()
  specialist = await t.token(
    (await createOfficial(t, 'H01', ['specialist'], 'harvest.s')).username,
    FIXTURE_PASSWORD,
  )
  leader = await t.token((await createOfficial(t, 'H01', ['leader'], 'harvest.l')).username, FIXTURE_PASSWORD)
  await published('Chất lượng không khí Hà Nội', ['ENVI'], ['không khí', 'quan trắc'])
  await published('Bãi đỗ xe Hà Nội', ['TRAN'], ['giao thông'])
})
afterAll(() => t?.close())

const action = (name: string, query = '') => api('GET', `/api/3/action/${name}${query}`)

describe('the CKAN Action API', () => {
  it('package_search with q, fq, facets, rows, start and sort, in CKAN’s envelope (GET and POST)', async () => {
    const response = await action(
      'package_search',
      `?q=${encodeURIComponent('bãi đỗ xe')}&fq=organization:h01&facet.field=${encodeURIComponent('["organization","res_format","groups","tags"]')}`,
    )
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({ success: true, help: expect.stringContaining('package_search') })
    expect(body.result.count).toBe(1)
    expect(body.result.results[0]).toMatchObject({ name: slugs[1], organization: { name: 'h01' } })
    expect(body.result.facets.res_format).toMatchObject({ CSV: 1, JSON: 1, XLSX: 1 })
    expect(body.result.search_facets.organization.items).toContainEqual(
      expect.objectContaining({ name: 'h01', count: 1 }),
    )

    const paged = await api('POST', '/api/3/action/package_search', undefined, {
      fq: 'organization:h01',
      sort: 'title_string asc',
      rows: 1,
      start: 1,
    })
    expect(paged.statusCode, paged.body).toBe(200)
    expect(paged.json().result.count).toBe(2)
    // "Bãi đỗ xe" sorts before "Chất lượng": the second of two is the air quality.
    expect(paged.json().result.results.map((p: { name: string }) => p.name)).toEqual([slugs[0]])
  })

  it('package_show, resource_show, package_list, organization_list/show, group_list, tag_list, license_list, status_show', async () => {
    const pkg = (await action('package_show', `?id=${slugs[0]}`)).json().result
    expect(pkg).toMatchObject({ name: slugs[0], id: ids[0], license_id: 'CC-BY-4.0' })
    expect(pkg.resources.map((r: { format: string }) => r.format)).toEqual(['CSV', 'JSON', 'XLSX'])
    const resource = (await action('resource_show', `?id=${pkg.resources[0].id}`)).json().result
    expect(resource).toMatchObject({ id: pkg.resources[0].id, format: 'CSV', package_id: ids[0] })
    expect((await action('package_list')).json().result).toEqual(expect.arrayContaining(slugs))
    expect((await action('organization_list')).json().result).toContain('h01')
    const org = (await action('organization_show', '?id=h01')).json().result
    expect(org).toMatchObject({ name: 'h01', package_count: 2 })
    expect((await action('group_list')).json().result).toEqual(expect.arrayContaining(['envi', 'tran']))
    expect((await action('tag_list')).json().result).toEqual(
      expect.arrayContaining(['không khí', 'giao thông']),
    )
    expect((await action('license_list')).json().result.map((l: { id: string }) => l.id)).toContain(
      'CC-BY-4.0',
    )
    expect((await action('status_show')).json().result).toMatchObject({ ckan_version: expect.any(String) })
  })

  it("answers bad input with CKAN's errors, never a 5xx", async () => {
    const missing = await action('package_show', '?id=khong-co-bo-nay')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ success: false, error: { __type: 'Not Found Error' } })
    // As CKAN: a bad parameter is a 409 Validation Error, a query Solr cannot read a 400 Search Query Error.
    for (const [query, status, type] of [
      ['?rows=-1', 409, 'Validation Error'],
      ['?sort=nonsense%20sideways', 400, 'Search Query Error'],
      ['?fq=nonsense_field:x', 400, 'Search Query Error'],
    ] as const) {
      const bad = await action('package_search', query)
      expect(bad.statusCode, query).toBe(status)
      expect(bad.json()).toMatchObject({ success: false, error: { __type: type } })
    }
    const unknown = await action('package_create_everything')
    expect(unknown.statusCode).toBe(400)
  })
})

describe('DCAT-AP 3', () => {
  it('the shapes are loaded and bite: a dataset without a title or description does not conform', async () => {
    const quads = new Parser().parse(
      '@prefix dcat: <http://www.w3.org/ns/dcat#> . <http://example.org/d> a dcat:Dataset .',
    )
    const report = await validateDcatAp(quads)
    expect(report.conforms).toBe(false)
    expect(report.violations.length).toBeGreaterThan(0)
  })

  it('the catalogue as Turtle and as JSON-LD (negotiated), paged with Hydra, conforms to the shapes', async () => {
    const turtle = await t.app.inject({ url: '/dcat/catalog.ttl' })
    expect(turtle.statusCode, turtle.body).toBe(200)
    expect(turtle.headers['content-type']).toMatch(/^text\/turtle/)
    const quads = parseTurtle(turtle.body)
    const report = await validateDcatAp(quads)
    expect(report.violations).toEqual([])
    expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/hydra/core#totalItems')).toBe(true)

    const negotiated = await t.app.inject({
      url: '/dcat/catalog',
      headers: { accept: 'application/ld+json' },
    })
    expect(negotiated.headers['content-type']).toMatch(/^application\/ld\+json/)
    const fromJsonLd = await parseJsonLd(negotiated.json())
    expect((await validateDcatAp(fromJsonLd)).violations).toEqual([])
    expect(fromJsonLd.length).toBe(quads.length)
  })

  it('each dataset by .ttl and .jsonld conforms; withdrawn, it is 404 in CKAN and DCAT alike', async () => {
    for (const suffix of ['ttl', 'jsonld']) {
      const response = await t.app.inject({ url: `/dcat/datasets/${slugs[1]}.${suffix}` })
      expect(response.statusCode, response.body).toBe(200)
      const quads = suffix === 'ttl' ? parseTurtle(response.body) : await parseJsonLd(response.json())
      expect((await validateDcatAp(quads)).violations, suffix).toEqual([])
    }
    const pkg = (await action('package_show', `?id=${slugs[1]}`)).json().result
    const withdrawn = await api('POST', `/api/v1/opendata/datasets/${ids[1]}/withdraw`, leader, {
      reason: 'Bãi đỗ xe đã đóng cửa',
    })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    for (const url of [
      `/dcat/datasets/${slugs[1]}.ttl`,
      `/dcat/datasets/${slugs[1]}.jsonld`,
      `/api/3/action/package_show?id=${slugs[1]}`,
      `/api/3/action/resource_show?id=${pkg.resources[0].id}`,
    ]) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(404)
    }
    expect((await action('package_search', '?fq=organization:h01')).json().result.count).toBe(1)
    expect((await t.app.inject({ url: '/dcat/catalog.ttl' })).body).not.toContain(slugs[1])
  })
})
