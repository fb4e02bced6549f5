import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { bearer, createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { demoProcedureFiles } from '../../country/procedures'
import { countAuditEvents } from '../audit/service'
import { localDay } from './queries'
import { procedures } from './schema'
import { STALE_CHECK_MS } from './search'
import { getProcedure, getProcedureVersion, loadDemoCatalog } from './service'
import type { ProcedureInput } from './types'

let t: TestApp
let admin: Record<string, string>
beforeAll(async () => {
  // The demo data (seed/demo.ts) loads the demo catalog.
  t = await createTestApp()
  admin = (await t.login('demo.admin')).headers
})
afterAll(() => t.close())

const list = async (query: string) => {
  const response = await t.app.inject({ url: `/api/v1/procedures?${query}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as { items: { code: string; name: string }[]; total: number }
}
const codes = async (query: string) => (await list(query)).items.map((i) => i.code)

/** A valid administrator's input: the birth registration file under another code. */
function input(overrides: Partial<ProcedureInput> = {}): ProcedureInput {
  const birth = demoProcedureFiles().find((f) => f.input.code === '1.001193')!.input
  return {
    ...structuredClone(birth),
    code: '1.999001',
    name: 'Thủ tục thử nghiệm',
    nameEn: 'Test procedure',
    ...overrides,
  }
}
const create = (body: unknown, headers = admin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/procedures', headers, payload: body as object })
const dayAfter = (days: number) => localDay(new Date(Date.now() + days * 86_400_000))

describe('loading the demo catalog', () => {
  it('is idempotent: a second load creates nothing', async () => {
    const again = await loadDemoCatalog(t.db)
    expect(again.created).toEqual([])
    expect(again.skipped.length).toBe(demoProcedureFiles().length)
  })
})

describe('search, with or without diacritics', () => {
  it.each([
    ['đăng ký khai sinh', '1.001193'],
    ['dang ky khai sinh', '1.001193'],
    ['DANG KY KHAI SINH', '1.001193'],
    ['khai sinh', '1.001193'],
    ['ho chieu', '1.001456'],
    ['hộ chiếu', '1.001456'],
    ['passport', '1.001456'],
    ['1.001193', '1.001193'],
    ['khai tu', '1.000656'],
    ['thuong tru', '1.004222'],
  ])('"%s" finds %s first', async (q, code) => {
    expect((await codes(`q=${encodeURIComponent(q)}`))[0]).toBe(code)
  })

  it('"căn cước" and "can cuoc" find both ID-card procedures first', async () => {
    for (const q of ['căn cước', 'can cuoc']) {
      expect((await codes(`q=${encodeURIComponent(q)}`)).slice(0, 2).sort()).toEqual(['1.014063', '1.014064'])
    }
  })

  it('combines a search with filters', async () => {
    expect(await codes(`q=${encodeURIComponent('khai sinh')}&sector=civil-status&lifeEvent=birth`)).toContain(
      '1.001193',
    )
    expect(await codes(`q=${encodeURIComponent('khai sinh')}&sector=residence`)).toEqual([])
  })

  it.each([
    "'; drop table procedures; --",
    '%',
    '_',
    '\\',
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '*:*',
  ])('treats %s as text', async (q) => {
    const response = await t.app.inject({ url: `/api/v1/procedures?q=${encodeURIComponent(q)}` })
    expect(response.statusCode).toBe(200)
    expect(response.json().total).toBe(response.json().items.length)
    expect((await list('pageSize=200')).total).toBe(25)
  })
})

describe('browsing', () => {
  it('lists the procedures in force in code order, with the list fields', async () => {
    const all = await list('pageSize=200')
    expect(all.total).toBe(25)
    expect(all.items.map((i) => i.code)).toEqual([...all.items.map((i) => i.code)].sort())
    expect(all.items.find((i) => i.code === '1.004222')).toEqual({
      code: '1.004222',
      name: 'Đăng ký thường trú',
      nameEn: 'Permanent-residence registration',
      sector: 'residence',
      onlineLevel: 'full',
      feeVnd: 20000,
      processingDays: 7,
      lifeEvents: ['residence'],
      essential: true,
    })
  })

  it('by sector, life event and agency level', async () => {
    expect(await codes('sector=identity')).toEqual(['1.014063', '1.014064'])
    expect(await codes('lifeEvent=birth')).toEqual([
      '1.001193',
      '2.000635',
      '2.000986',
      '2.001023',
      '9.000001',
    ])
    expect(await codes('lifeEvent=travel')).toEqual(['1.001456', '2.001159', '3.000333'])
    expect(await codes('agencyLevel=province&sector=road-traffic')).toEqual(['1.013067', '3.000347'])
    expect(await list('sector=nothing-here')).toEqual({ items: [], total: 0 })
  })

  it('pages', async () => {
    const first = await list('page=1&pageSize=10')
    const third = await list('page=3&pageSize=10')
    expect(first.items).toHaveLength(10)
    expect(third.items).toHaveLength(5)
    expect(first.total).toBe(25)
    expect(third.total).toBe(25)
    const searched = await list(`q=${encodeURIComponent('đăng ký')}&page=2&pageSize=2`)
    expect(searched.items).toHaveLength(2)
    expect(searched.total).toBeGreaterThan(4)
  })

  it.each([
    'page=0',
    'pageSize=1000',
    'page=abc',
    'agencyLevel=district',
    'sector=Bad%20Sector',
    'unknown=1',
    `q=${'a'.repeat(201)}`,
    'q=',
  ])('refuses %s with a 400', async (query) => {
    const response = await t.app.inject({ url: `/api/v1/procedures?${query}` })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('sectors and life events with their names and counts', async () => {
    const sectors = (await t.app.inject({ url: '/api/v1/sectors' })).json().items
    expect(sectors.find((s: { id: string }) => s.id === 'civil-status')).toEqual({
      id: 'civil-status',
      name: 'Hộ tịch',
      nameEn: 'Civil status',
      count: 8,
    })
    const events = (await t.app.inject({ url: '/api/v1/life-events' })).json().items
    expect(events.find((e: { id: string }) => e.id === 'birth')).toMatchObject({
      nameEn: 'Having a baby',
      count: 5,
    })
    expect(events).toHaveLength(11)
  })

  it.each([
    ['q=khai%20sinh', 'q=khai%20sinh'],
    ['q=dang%20ky&lifeEvent=residence', 'q=dang%20ky&lifeEvent=residence'],
    ['sector=civil-status', 'sector=civil-status'],
  ])('counts each facet within the search and the other filters (%s)', async (search) => {
    const all = async (query: string) =>
      (await t.app.inject({ url: `/api/v1/procedures?${query}&pageSize=200` })).json() as {
        items: { code: string; sector: string; lifeEvents: string[] }[]
        total: number
      }
    const params = new URLSearchParams(search)
    const sectorsResponse = await t.app.inject({ url: `/api/v1/sectors?${search}` })
    expect(sectorsResponse.statusCode).toBe(200)
    const sectorItems = sectorsResponse.json().items as { id: string; count: number }[]
    // A sector's count is what the list shows once that sector is chosen (the sector filter itself aside).
    params.delete('sector')
    const withoutSector = await all(params.toString())
    for (const sector of sectorItems) {
      expect(sector.count, sector.id).toBe(withoutSector.items.filter((p) => p.sector === sector.id).length)
    }
    expect(sectorItems.reduce((sum, s) => sum + s.count, 0)).toBe(withoutSector.total)

    const eventParams = new URLSearchParams(search)
    eventParams.delete('lifeEvent')
    const withoutEvent = await all(eventParams.toString())
    const eventItems = (await t.app.inject({ url: `/api/v1/life-events?${search}` })).json().items as {
      id: string
      count: number
    }[]
    for (const event of eventItems) {
      expect(event.count, event.id).toBe(
        withoutEvent.items.filter((p) => p.lifeEvents.includes(event.id)).length,
      )
    }
  })

  it('narrows the counts to the search: "khai sinh" leaves civil status with fewer than all 8', async () => {
    const items = (await t.app.inject({ url: '/api/v1/sectors?q=khai%20sinh' })).json().items as {
      id: string
      count: number
    }[]
    const civil = items.find((s) => s.id === 'civil-status')!.count
    expect(civil).toBeGreaterThan(0)
    expect(civil).toBeLessThan(8)
    // Nothing about electricity is a birth.
    expect(items.find((s) => s.id === 'electricity')?.count ?? 0).toBe(0)
  })

  it.each(['q=', 'unknown=1', 'page=2', 'sector=Bad%20Sector'])(
    'refuses facets with %s (400)',
    async (query) => {
      const response = await t.app.inject({ url: `/api/v1/life-events?${query}` })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.code).toBe('VALIDATION_FAILED')
    },
  )
})

describe('a procedure in detail', () => {
  it('has its form with x-source prefills, documents, fee, workflow and version', async () => {
    const response = await t.app.inject({ url: '/api/v1/procedures/1.001193' })
    expect(response.statusCode).toBe(200)
    const p = response.json()
    expect(p).toMatchObject({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      version: 1,
      effectiveFrom: '2025-07-01',
      workflowId: 'standard',
      fee: { amountVnd: 0 },
      processingDays: 0,
      resultType: 'birth-certificate',
      uiSchema: { 'ui:order': expect.any(Array) },
    })
    expect(p.formSchema.properties.father.properties.pin['x-source']).toBe('population.father.pin')
    expect(p.formSchema.properties.mother.properties.fullName['x-title-en']).toBe('Full name')
    expect(p.documents[0]).toMatchObject({
      id: 'birth-notice',
      walletTypes: ['birth-notice', 'birth-witness-statement'],
    })
    expect(p.workflow.actions.map((a: { action: string }) => a.action)).toContain('approve')
    expect(p.workflow.slaHours).toEqual({ new: 8 })
  })

  it('applies a procedure’s SLA override to its copy of the workflow', async () => {
    const p = (await t.app.inject({ url: '/api/v1/procedures/2.001159' })).json()
    expect(p.workflow.slaHours).toEqual({ new: 1 })
  })

  it('an unknown code is a 404 in the language asked for; a malformed one a 400', async () => {
    const vi = await t.app.inject({ url: '/api/v1/procedures/1.000000' })
    expect(vi.statusCode).toBe(404)
    expect(vi.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Không tìm thấy thủ tục hành chính mã 1.000000.',
    })
    const en = await t.app.inject({
      url: '/api/v1/procedures/1.000000',
      headers: { 'accept-language': 'en' },
    })
    expect(en.json().error.message).toBe('Procedure 1.000000 not found.')
    expect((await t.app.inject({ url: '/api/v1/procedures/1.000000/versions' })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/v1/procedures/abc' })).statusCode).toBe(400)
    expect(
      (await t.app.inject({ url: `/api/v1/procedures/${encodeURIComponent("1.001193' or 1=1")}` }))
        .statusCode,
    ).toBe(400)
  })
})

describe('versions', () => {
  it('the ID-card fee goes back up in 2027: a future version is not yet in force', async () => {
    const versions = (await t.app.inject({ url: '/api/v1/procedures/1.014063/versions' })).json().items
    expect(
      versions.map((v: { version: number; effectiveFrom: string; inForce: boolean }) => [
        v.version,
        v.effectiveFrom,
        v.inForce,
      ]),
    ).toEqual([
      [2, '2027-01-01', localDay() >= '2027-01-01'],
      [1, '2025-07-01', localDay() < '2027-01-01'],
    ])
    expect((await getProcedure(t.db, '1.014063', new Date('2026-06-01T05:00:00Z'))).fee.amountVnd).toBe(25000)
    expect((await getProcedure(t.db, '1.014063', new Date('2027-01-01T05:00:00Z'))).fee.amountVnd).toBe(50000)
    await expect(getProcedure(t.db, '1.014063', new Date('2025-01-01T05:00:00Z'))).rejects.toMatchObject({
      statusCode: 404,
    })
  })

  it('a new version takes effect from its date; the old one stays readable by id', async () => {
    const before = (await t.app.inject({ url: '/api/v1/procedures/1.000894' })).json()
    const audits = await countAuditEvents(t.db, 'procedure')
    const today = localDay()
    const marriage = demoProcedureFiles().find((f) => f.input.code === '1.000894')!.input
    const future = await create({ ...marriage, effectiveFrom: dayAfter(30), processingDays: 1 })
    expect(future.statusCode, future.body).toBe(201)
    expect(future.json()).toMatchObject({ code: '1.000894', version: 2, processingDays: 1 })
    // Not yet in force: today's detail and list are unchanged.
    expect((await t.app.inject({ url: '/api/v1/procedures/1.000894' })).json()).toMatchObject({
      version: 1,
      processingDays: 0,
    })
    expect((await getProcedure(t.db, '1.000894', new Date(Date.now() + 31 * 86_400_000))).version).toBe(2)

    const now = await create({ ...marriage, effectiveFrom: today, processingDays: 3 })
    expect(now.statusCode).toBe(201)
    expect(now.json().version).toBe(3)
    const current = (await t.app.inject({ url: '/api/v1/procedures/1.000894' })).json()
    expect(current).toMatchObject({ version: 3, processingDays: 3, effectiveFrom: today })
    expect(
      (await list(`q=${encodeURIComponent('kết hôn')}`)).items.find((i) => i.code === '1.000894'),
    ).toMatchObject({ processingDays: 3 })
    // The first version is what dossiers filed under it still read.
    expect(await getProcedureVersion(t.db, before.id)).toMatchObject({ version: 1, processingDays: 0 })
    expect(await countAuditEvents(t.db, 'procedure')).toBe(audits + 2)
    const versions = (await t.app.inject({ url: '/api/v1/procedures/1.000894/versions' })).json().items
    expect(versions.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ])
  })

  it('an unknown version id is a 404', async () => {
    await expect(getProcedureVersion(t.db, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      statusCode: 404,
    })
    await expect(getProcedureVersion(t.db, 'not-a-uuid')).rejects.toMatchObject({ statusCode: 404 })
  })
})

describe('creating procedures: who may', () => {
  it('an administrator creates a new procedure (201), found by search at once', async () => {
    const response = await create(
      input({ code: '1.999002', name: 'Thủ tục kiểm thử tạo mới', nameEn: 'Created test procedure' }),
    )
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({ code: '1.999002', version: 1, workflowId: 'standard' })
    expect((await codes(`q=${encodeURIComponent('kiem thu tao moi')}`))[0]).toBe('1.999002')
  })

  it('a bearer token of an administrator works too', async () => {
    const token = await t.token('demo.admin')
    const response = await create(input({ code: '1.999003' }), bearer(token))
    expect(response.statusCode).toBe(201)
  })

  it('a citizen or an officer gets 403, anonymous 401; nothing is created', async () => {
    for (const username of ['demo.citizen', 'demo.officer', 'demo.leader', 'demo.business']) {
      const response = await create(input({ code: '1.999004' }), (await t.login(username)).headers)
      expect(response.statusCode, username).toBe(403)
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures',
      payload: input({ code: '1.999004' }),
    })
    expect(anonymous.statusCode).toBe(401)
    expect((await t.app.inject({ url: '/api/v1/procedures/1.999004/versions' })).statusCode).toBe(404)
  })
})

describe('creating procedures: bad input is a 400 that changes nothing', () => {
  const cases: [string, unknown, string, string?][] = [
    ['a bad code', input({ code: '1001193' }), 'VALIDATION_FAILED', 'code'],
    ['a code with letters', input({ code: '1.00119a' }), 'VALIDATION_FAILED', 'code'],
    ['an unknown field', { ...input(), secret: true }, 'VALIDATION_FAILED', 'secret'],
    ['a missing field', (({ name: _n, ...rest }) => rest)(input()), 'VALIDATION_FAILED', 'name'],
    ['a negative fee', input({ fee: { amountVnd: -1 } }), 'VALIDATION_FAILED', 'fee.amountVnd'],
    ['a fee as text', { ...input(), fee: { amountVnd: '0' } }, 'VALIDATION_FAILED', 'fee.amountVnd'],
    ['a bad date', input({ effectiveFrom: '2025-13-40' }), 'VALIDATION_FAILED', 'effectiveFrom'],
    [
      'an invalid JSON Schema',
      input({ formSchema: { type: 'object', properties: { a: { type: 'strng' } } } }),
      'CATALOG_INVALID_FORM_SCHEMA',
      'formSchema',
    ],
    [
      'a form that is not an object',
      input({ formSchema: { type: 'string' } }),
      'CATALOG_INVALID_FORM_SCHEMA',
      'formSchema.type',
    ],
    [
      'a bad x-source',
      input({
        formSchema: {
          type: 'object',
          properties: { pin: { type: 'string', 'x-source': 'population.neighbour.pin' } },
        },
      }),
      'CATALOG_INVALID_X_SOURCE',
      'formSchema.properties.pin.x-source',
    ],
    [
      'a business x-source for a spouse',
      input({
        formSchema: {
          type: 'object',
          properties: { t: { type: 'string', 'x-source': 'business.spouse.taxCode' } },
        },
      }),
      'CATALOG_INVALID_X_SOURCE',
      'formSchema.properties.t.x-source',
    ],
    ['an unknown workflow', input({ workflowId: 'express' }), 'CATALOG_UNKNOWN_VALUE', 'workflowId'],
    ['an unknown sector', input({ sector: 'astrology' }), 'CATALOG_UNKNOWN_VALUE', 'sector'],
    [
      'an unknown life event',
      input({ lifeEvents: ['graduation-party'] }),
      'CATALOG_UNKNOWN_VALUE',
      'lifeEvents',
    ],
    ['an SLA for an unknown state', input({ slaHours: { waiting: 4 } }), 'CATALOG_UNKNOWN_VALUE', 'slaHours'],
    [
      'a per-unit fee on a missing field',
      input({ fee: { amountVnd: 1000, perUnit: { field: 'pages' } } }),
      'CATALOG_INVALID_PROCEDURE',
      'fee.perUnit.field',
    ],
    [
      'a fee category that is not a choice of its field',
      input({
        fee: {
          amountVnd: 1000,
          categories: { field: 'receiveBy', options: [{ value: 'drone', exempt: true, basis: 'none' }] },
        },
      }),
      'CATALOG_INVALID_PROCEDURE',
      'fee.categories.options',
    ],
    [
      'a document without wallet types',
      input({
        documents: [
          {
            id: 'x',
            name: 'X',
            nameEn: 'X',
            required: true,
            walletTypes: [],
            accept: ['application/pdf'],
            maxSizeMb: 5,
          },
        ],
      }),
      'VALIDATION_FAILED',
      'documents.0.walletTypes',
    ],
    [
      'a bundle of itself',
      input({ bundle: ['1.999009'], code: '1.999009' }),
      'CATALOG_INVALID_PROCEDURE',
      'bundle',
    ],
    [
      'an injection string as a name',
      input({ name: "x'); drop table procedures; --", sector: "civil-status'; --" }),
      'VALIDATION_FAILED',
      'sector',
    ],
  ]

  it.each(cases)('%s', async (_label, body, code, field) => {
    const audits = await countAuditEvents(t.db, 'procedure')
    const response = await create(body)
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json().error.code).toBe(code)
    if (field) expect(response.json().error.field).toBe(field)
    expect(await countAuditEvents(t.db, 'procedure')).toBe(audits)
    const target = (body as { code?: string }).code
    if (target?.startsWith('1.9990')) {
      expect((await t.app.inject({ url: `/api/v1/procedures/${target}/versions` })).statusCode).toBe(404)
    }
  })

  it('explains a bad x-source in both languages', async () => {
    const body = input({
      formSchema: {
        type: 'object',
        properties: { pin: { type: 'string', 'x-source': 'population.neighbour.pin' } },
      },
    })
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures',
      headers: { ...admin, 'accept-language': 'en' },
      payload: body,
    })
    expect(en.json().error.message).toContain('population.neighbour.pin')
    expect(en.json().error.message).toContain('<registry>.<subject>.<attribute>')
  })
})

describe('figures for the dashboard', () => {
  it('gives the facts of every procedure in force: eligible, fully online, fee-bearing, complete', async () => {
    const { catalogFacts } = await import('./service')
    const facts = await catalogFacts(t.db)
    expect(facts.length).toBeGreaterThanOrEqual(25)
    expect(facts.every((f) => f.onlineEligible && f.complete)).toBe(true)
    const fullOnline = facts.filter((f) => f.fullOnline).length
    expect(fullOnline).toBeGreaterThan(15)
    expect(fullOnline).toBeLessThan(facts.length)
    expect(facts.find((f) => f.code === '1.001193')?.feeBearing).toBe(false)
  })
})

describe('the search index of each process', () => {
  it('notices a version written by another process within the staleness window', async () => {
    expect(await codes(`q=${encodeURIComponent('qwxzqk')}`)).toEqual([])
    // Another Sen process writes the table: this process's index is not told.
    const { id: _id, createdAt: _at, version: _v, ...row } = await getProcedure(t.db, '1.001193')
    await t.db.insert(procedures).values({ ...row, code: '1.999010', version: 1, name: 'Thủ tục qwxzqk' })
    expect(await codes(`q=${encodeURIComponent('qwxzqk')}`)).toEqual([])
    const now = Date.now()
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + STALE_CHECK_MS + 1)
    try {
      expect(await codes(`q=${encodeURIComponent('qwxzqk')}`)).toEqual(['1.999010'])
    } finally {
      clock.mockRestore()
    }
  })
})
