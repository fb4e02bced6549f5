// A real Sen server for the browser tests: the same createSen() that `npm start` runs, on a fresh
// embedded database in a temporary folder (so the demo data loads), listening on 127.0.0.1 on a free port.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../../src/server/config'
import { createSen } from '../../../src/server/runtime'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const webDir = path.join(repoRoot, 'dist/web')

/**
 * `npm test` builds the web app before the browser suite; a developer running
 * `npx vitest run --project browser` alone may not have, so build it once when it is missing.
 */
export function ensureWebBuild(): void {
  if (fs.existsSync(path.join(webDir, 'index.html'))) return
  console.log('[browser tests] dist/web is missing: building the web app once (vite build)…')
  execFileSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error(`vite build did not produce ${webDir}`)
}

export interface RunningSen {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string
  close(): Promise<void>
}

export interface StartOptions {
  /**
   * Demo dossiers to file and process on first start (SEN_DEMO_DOSSIERS). None by default: the demo
   * accounts, agencies and catalog are all these tests need, and 300 dossiers take minutes to load.
   */
  demoDossiers?: number
}

export async function startSen(options: StartOptions = {}): Promise<RunningSen> {
  ensureWebBuild()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-browser-'))
  // Also when the start times out and the file ends before close() could be called.
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true })
  process.once('exit', removeDataDir)
  try {
    const sen = await createSen(
      loadConfig({
        NODE_ENV: 'test',
        SEN_DATA_DIR: dataDir,
        SEN_WEB_DIR: webDir,
        SEN_RATE_LIMIT: '100000',
        PORT: '0',
        HOST: '127.0.0.1',
        SEN_DEMO_DOSSIERS: String(options.demoDossiers ?? 0),
      }),
    )
    let url: string
    try {
      url = (await sen.app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '')
    } catch (error) {
      await sen.close()
      throw error
    }
    return {
      url,
      async close() {
        try {
          await sen.close()
        } finally {
          removeDataDir()
          process.off('exit', removeDataDir)
        }
      },
    }
  } catch (error) {
    removeDataDir()
    throw error
  }
}
