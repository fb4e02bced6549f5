import type { Db } from '../../db'
import { getBusiness, getPerson } from '../registry/service'
import { listWallet } from '../wallet/service'

/** What a backend answers the gateway. */
export interface BackendResponse {
  status: number
  contentType: string
  body: Buffer
}

type Handler = (db: Db, match: RegExpMatchArray) => Promise<unknown>

const json = (status: number, value: unknown): BackendResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify(value)),
})

const missing = { error: { code: 'NOT_FOUND', message: 'No such record.' } }

/**
 * Backends that Sen's own modules provide, reached at `sen:/<name>` without a network hop: the
 * population and business registries and the wallet, read through their modules' services, and a
 * sandbox tax system (a stand-in for the tax authority's, named so). Each takes GET on its paths.
 */
const BACKENDS: Record<string, Array<[RegExp, Handler]>> = {
  population: [[/^\/people\/(\d{12})$/, async (db, m) => getPerson(db, m[1]!)]],
  business: [[/^\/businesses\/(\d{10}(?:-\d{3})?)$/, async (db, m) => getBusiness(db, m[1]!)]],
  wallet: [
    [
      /^\/people\/(\d{12})\/documents$/,
      async (db, m) => {
        const page = await listWallet(db, { type: 'person', id: m[1]! }, { page: 1, pageSize: 50 })
        return {
          total: page.total,
          items: page.items.map((d) => ({ id: d.id, type: d.type, title: d.title, issuedAt: d.issuedAt })),
        }
      },
    ],
  ],
  'sandbox-tax': [[/^\/taxpayers\/(\d{10}(?:-\d{3})?)\/status$/, async (_db, m) => sandboxTaxStatus(m[1]!)]],
}

/**
 * The sandbox tax system's answer for a taxpayer: deterministic from the tax code, so that demos and
 * tests see the same figures. Also served over HTTP for the benchmark (bench/tax-sandbox.ts).
 */
export function sandboxTaxStatus(taxCode: string) {
  const n = [...taxCode].reduce((sum, c) => sum + (c.charCodeAt(0) - 48), 0)
  return {
    taxCode,
    status: n % 7 === 0 ? 'owing' : 'compliant',
    debtVnd: n % 7 === 0 ? n * 100_000 : 0,
    asOf: '2026-12-01',
    sandbox: true,
  }
}

/** Answers a `sen:/<name>` backend call, or null when the name or path is not one of them. */
export async function callLocalBackend(
  db: Db,
  backendUrl: string,
  method: string,
  path: string,
): Promise<BackendResponse | null> {
  const name = backendUrl.replace(/^sen:\/+/, '')
  const routes = BACKENDS[name]
  if (!routes) return null
  const bare = path.split('?')[0]!
  for (const [pattern, handler] of routes) {
    const match = bare.match(pattern)
    if (!match) continue
    if (method !== 'GET') return json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET.' } })
    const value = await handler(db, match)
    return value === null || value === undefined ? json(404, missing) : json(200, value)
  }
  return json(404, missing)
}
