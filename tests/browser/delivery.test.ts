// What a first visit costs: the bytes the home page and the dashboard transfer (compressed, as sent)
// and how soon they first paint, printed for the record (never asserted: timing belongs to bench/),
// and, as a functional check, that the home page loads neither the charts nor the forms.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectHeading, setUpBrowserSuite } from './helpers/browser'

const suite = setUpBrowserSuite()

interface Delivery {
  /** Everything the page fetched: the bytes on the wire (headers included) and after decoding. */
  transferred: number
  decoded: number
  /** The same for its scripts alone. */
  scriptsTransferred: number
  scriptsDecoded: number
  /** The file names of the scripts it loaded. */
  scripts: string[]
  /** Content-Encoding of the HTML document as the server chose it for this browser. */
  documentEncoding: string
  firstContentfulPaint: number | undefined
}

/** A first visit to `url` in a fresh context (nothing cached), measured by the browser's own timings. */
async function firstVisit(
  page: Page,
  url: string,
  heading: string,
  ready: () => Promise<unknown> = async () => {},
): Promise<Delivery> {
  const encodings: string[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'document')
      encodings.push(response.headers()['content-encoding'] ?? 'none')
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  await expectHeading(page, heading)
  await ready()
  await page.waitForLoadState('networkidle')
  const measured = await page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[]
    const scripts = entries.filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
    const sum = (list: PerformanceResourceTiming[], field: 'transferSize' | 'decodedBodySize') =>
      list.reduce((total, entry) => total + entry[field], 0)
    return {
      transferred: sum(entries, 'transferSize'),
      decoded: sum(entries, 'decodedBodySize'),
      scriptsTransferred: sum(scripts, 'transferSize'),
      scriptsDecoded: sum(scripts, 'decodedBodySize'),
      scripts: scripts.map((entry) => new URL(entry.name).pathname.split('/').pop() ?? ''),
      firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }
  })
  return { ...measured, documentEncoding: encodings[0] ?? 'none' }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

function report(label: string, delivery: Delivery) {
  const paint =
    delivery.firstContentfulPaint === undefined ? '—' : `${delivery.firstContentfulPaint.toFixed(0)} ms`
  console.log(
    `[delivery] ${label}: ${kb(delivery.transferred)} transferred (${kb(delivery.decoded)} decoded); ` +
      `scripts ${kb(delivery.scriptsTransferred)} transferred (${kb(delivery.scriptsDecoded)} decoded) in ` +
      `${delivery.scripts.length} files; document sent as ${delivery.documentEncoding}; first contentful paint ${paint}\n` +
      `[delivery]   ${delivery.scripts.join(' ')}`,
  )
}

/** The chunks of the charts (recharts, d3) and of the forms (@rjsf, Ajv), as vite.config.ts names them. */
const CHARTS = /^(recharts|charts)-/
const FORMS = /^(forms|SchemaForm)-/

describe('a first visit', () => {
  it('to the home page loads neither the charts nor the forms (bytes and first paint printed)', async () => {
    const delivery = await firstVisit(suite.page, '/', 'Cổng dịch vụ công Sen')
    report('home page /', delivery)
    expect(delivery.scripts.length).toBeGreaterThan(0)
    expect(delivery.scripts.filter((name) => CHARTS.test(name))).toEqual([])
    expect(delivery.scripts.filter((name) => FORMS.test(name))).toEqual([])
  })

  it('to the dashboard loads the charts it draws (bytes and first paint printed)', async () => {
    const { page } = suite
    const charts = page.locator('[role=img][aria-label]:has(svg)')
    const delivery = await firstVisit(page, '/dashboard', 'Theo dõi Chương trình Chính phủ số', () =>
      charts.first().waitFor(),
    )
    report('dashboard /dashboard', delivery)
    expect(delivery.scripts.some((name) => CHARTS.test(name))).toBe(true)
  })
})
