// Chromium (Debian's, through playwright-core) for the browser tests, plus the checks they share:
// one server and one browser per test file, a fresh browser context (cookies, localStorage) per test,
// axe accessibility checks, and a screenshot of the page when a test fails.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import { type RunningSen, startSen } from './server'

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Where screenshots of failed tests go. */
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'sen-browser-screenshots')

/**
 * How long to wait for something to appear. A test takes a few seconds on an idle machine, but the
 * machines running them are often busy (other suites, builds): the limits leave room for that.
 */
export const WAIT_MS = 30_000
const TEST_TIMEOUT_MS = 180_000
const START_TIMEOUT_MS = 300_000

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SEN_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  })
}

export interface BrowserSuite {
  /** The server of this file. */
  readonly sen: RunningSen
  /** The page of the current test, in a fresh context of its own. */
  readonly page: Page
  /**
   * Another person's page in the current test: a fresh context of its own (cookies, localStorage),
   * closed, screenshot on failure and watched for uncaught errors like `page`. `name` labels it.
   */
  newPage(name: string): Promise<Page>
}

/**
 * Registers the hooks of a browser test file: one Sen server and one Chromium for the whole file
 * (started together), a new context and page for every test, a screenshot when a test fails.
 * An uncaught error in the web app fails the test that caused it.
 */
export function setUpBrowserSuite(): BrowserSuite {
  // Before the file's tests are collected, so that they get these limits.
  vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: START_TIMEOUT_MS })
  let sen: RunningSen | undefined
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let page: Page | undefined
  let pageErrors: string[] = []
  let others: { name: string; context: BrowserContext; page: Page }[] = []

  const openContext = async () => {
    if (!browser || !sen) throw new Error('the server or the browser did not start')
    const fresh = await browser.newContext({ baseURL: sen.url, viewport: { width: 1280, height: 900 } })
    fresh.setDefaultTimeout(WAIT_MS)
    fresh.setDefaultNavigationTimeout(WAIT_MS)
    return fresh
  }
  const watch = (watched: Page, name?: string) =>
    watched.on('pageerror', (error) =>
      pageErrors.push(`${name ? `[${name}] ` : ''}${error.name}: ${error.message}`),
    )

  beforeAll(async () => {
    const [server, chromiumBrowser] = await Promise.allSettled([startSen(), launchBrowser()])
    if (server.status === 'fulfilled') sen = server.value
    if (chromiumBrowser.status === 'fulfilled') browser = chromiumBrowser.value
    if (server.status === 'rejected') throw server.reason
    if (chromiumBrowser.status === 'rejected') throw chromiumBrowser.reason
  }, START_TIMEOUT_MS)

  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      await sen?.close()
    }
  })

  beforeEach(async () => {
    context = await openContext()
    page = await context.newPage()
    pageErrors = []
    others = []
    watch(page)
  })

  afterEach(async ({ task }) => {
    try {
      if (task.result?.state === 'fail') {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
        const base = `${path.basename(task.file.name, '.test.ts')}--${task.name}`
          .normalize('NFD')
          .replace(/[^\w.-]+/g, '-')
          .slice(0, 150)
        const pages = [...(page ? [{ name: '', page }] : []), ...others]
        for (const shown of pages) {
          if (shown.page.isClosed()) continue
          const file = path.join(SCREENSHOT_DIR, `${base}${shown.name ? `--${shown.name}` : ''}.png`)
          await shown.page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).then(
            () =>
              console.log(
                `[browser tests] screenshot of the failed test: ${file} (page ${shown.page.url()})`,
              ),
            () => {},
          )
        }
      }
    } finally {
      for (const other of others) await other.context.close().catch(() => {})
      others = []
      await context?.close()
      context = undefined
      page = undefined
    }
    if (task.result?.state !== 'fail' && pageErrors.length > 0) {
      throw new Error(`the web app threw uncaught error(s):\n${pageErrors.map((e) => `  ${e}`).join('\n')}`)
    }
  })

  return {
    get sen() {
      if (!sen) throw new Error('the server has not started')
      return sen
    },
    get page() {
      if (!page) throw new Error('no page: use it inside a test')
      return page
    },
    async newPage(name: string) {
      if (!page) throw new Error('no test: open other pages inside a test')
      const fresh = await openContext()
      const opened = await fresh.newPage()
      others.push({ name: name.replace(/[^\w.-]+/g, '-'), context: fresh, page: opened })
      watch(opened, name)
      return opened
    },
  }
}

/** Polls until the assertion holds, as a person looking at the screen would wait. */
export const eventually = <T>(read: () => T | Promise<T>, message?: string) =>
  expect.poll(read, { timeout: WAIT_MS, interval: 100, message })

/**
 * Waits until the page shows the h1 `text` (and no loading spinner), then checks it is the only h1.
 * Returns the heading.
 */
export async function expectHeading(page: Page, text: string) {
  const heading = page.getByRole('heading', { level: 1, name: text, exact: true })
  await heading.waitFor({ state: 'visible' })
  await eventually(() => page.getByRole('heading', { level: 1 }).count(), 'one h1 on the page').toBe(1)
  await expectNoSpinner(page)
  return heading
}

export async function expectNoSpinner(page: Page) {
  await eventually(
    () => page.getByRole('status', { name: /^(Đang tải…|Loading…)$/ }).count(),
    'the page is still loading',
  ).toBe(0)
}

/** The language of the document, as `<html lang>` says. */
export const htmlLang = (page: Page) => page.locator('html').getAttribute('lang')

/** Clicks the visible "VI"/"EN" of the header's language switch (the radios themselves are hidden). */
export async function switchLanguage(page: Page, lang: 'vi' | 'en') {
  const languageSwitch = page.getByRole('banner').getByRole('group', { name: /^(Ngôn ngữ|Language)$/ })
  await languageSwitch.getByText(lang.toUpperCase(), { exact: true }).click()
  await eventually(() => htmlLang(page), `<html lang> after switching to ${lang}`).toBe(lang)
}

const SERIOUS = new Set(['serious', 'critical'])

/** axe's "Fix any of the following:\n  a\n  b" on one line: "Fix any of the following: a; b". */
function summary(failureSummary: string | undefined): string {
  const [first = '', ...rest] = (failureSummary ?? '').split('\n').map((line) => line.trim())
  return `${first} ${rest.filter(Boolean).join('; ')}`.trim()
}

/**
 * Runs axe on the page as it is now and fails listing every serious or critical violation
 * (rule, impact, help, and the selectors of the offending elements).
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string) {
  await expectNoSpinner(page)
  // The page as it settles: axe measuring colours mid-transition (a switch fading to its active
  // colour) reports contrasts the user never sees. Endless animations (a skeleton's pulse) are not waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
  // Without frames, axe's legacy mode checks the same and takes half the time (the default mode
  // opens an extra blank page to merge the results of frames); with frames, the default mode.
  const hasFrames = page.frames().length > 1
  const results = await new AxeBuilder({ page }).setLegacyMode(!hasFrames).analyze()
  const serious = results.violations.filter((violation) => SERIOUS.has(violation.impact ?? ''))
  if (serious.length === 0) return
  const lines = serious.map((violation) => {
    const nodes = violation.nodes.map(
      (node) =>
        `      - ${node.target.map((target) => JSON.stringify(target)).join(' >> ')}\n` +
        `        ${summary(node.failureSummary)}`,
    )
    return `  • ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.helpUrl}\n${nodes.join('\n')}`
  })
  throw new Error(
    `axe found ${serious.length} serious or critical accessibility violation(s) on ${label} (${page.url()}):\n` +
      lines.join('\n'),
  )
}
