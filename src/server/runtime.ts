import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app'
import type { Config, ResolvedConfig } from './config'
import { type Database, openDatabase } from './db'
import { startEventWorker } from './modules/events/service'
import { modules } from './modules/index'
import { backfillMetrics, refreshMetrics } from './modules/metrics/service'
import { startVneidSandbox } from './sandbox/vneid'
import { loadCountryAgencies } from './seed/agencies'
import { isEmpty, loadDemoData } from './seed/demo'
import { loadDemoActivity } from './seed/demo-activity'
import { loadDemoGovernance } from './seed/demo-governance'

/**
 * A secret: from its environment variable in production; elsewhere one generated on first
 * start and kept in the data directory, outside the repository.
 */
export function localSecret(
  config: Config,
  name: string,
  given: string | undefined,
  variable: string,
): string {
  if (given) return given
  if (config.env === 'production') throw new Error(`${variable} must be set in production`)
  if (config.dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url')
  const file = path.join(config.dataDir, 'secrets', name)
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
  }
  return fs.readFileSync(file, 'utf8').trim()
}

export function resolveSecrets(config: Config): ResolvedConfig {
  return {
    ...config,
    cookieSecret: localSecret(config, 'cookie-secret', config.cookieSecret, 'SEN_COOKIE_SECRET'),
    paymentSecret: localSecret(config, 'payment-secret', config.paymentSecret, 'SEN_PAYMENT_SECRET'),
  }
}

/** How far back the demo's activity goes, in days. */
const DEMO_HISTORY_DAYS = 45

/** Opens the database, applies migrations and, on an empty one, loads the demo data. */
export async function prepareDatabase(config: Config, log: (message: string) => void = () => {}) {
  const database = await openDatabase(config)
  try {
    await database.migrate()
    const country = await loadCountryAgencies(database.db)
    if (country.created) log(`Agencies of the whole country loaded (first start): ${country.created}`)
    if (config.demoData && (await isEmpty(database.db))) {
      log('Loading demo data (first start)…')
      await loadDemoData(database.db, (step) => log(`  demo data: ${step}`))
      if (config.demoDossiers > 0) {
        let shown = 0
        const result = await loadDemoActivity(
          database.db,
          { dossiers: config.demoDossiers, publicUrl: config.publicUrl },
          (done, total) => {
            // One line per tenth: the first start takes a while and should say so.
            if (done === total || done - shown >= total / 10) {
              shown = done
              log(`  demo dossiers: ${done}/${total}`)
            }
          },
        )
        log(
          `  demo data: ${result.dossiers} dossiers from ${result.citizens} citizens in ${result.communes} communes`,
        )
        const governance = await loadDemoGovernance(database.db)
        log(
          `  demo data: ${governance.tasks} tasks assigned by the Government, ${governance.reports} periodic reports`,
        )
        // The demo's dossiers go back some weeks: rebuild the daily snapshots so that trends show.
        const days = await backfillMetrics(database.db, DEMO_HISTORY_DAYS)
        await refreshMetrics(database.db)
        log(`  programme figures: ${days} daily snapshots`)
      }
    }
    return database
  } catch (error) {
    await database.close()
    throw error
  }
}

/**
 * In demo mode with no national identity provider configured, its sandbox (a real OpenID Connect
 * provider) beside Sen, so that "Đăng nhập bằng VNeID" works out of the box. A sandbox that cannot
 * start (its port taken) leaves Sen without it, said so, rather than not starting.
 */
async function vneidSandboxFor(config: Config, log: (message: string) => void = () => {}) {
  if (!config.demoData || config.vneid.issuer) return null
  const clientSecret = localSecret(config, 'vneid-sandbox-client-secret', config.vneid.clientSecret, '')
  try {
    const sandbox = await startVneidSandbox({
      port: config.vneid.sandboxPort,
      host: config.host,
      // Listening on every interface, it is still reached at a name the browser knows.
      ...(['0.0.0.0', '::'].includes(config.host)
        ? { issuer: `http://localhost:${config.vneid.sandboxPort}` }
        : {}),
      clients: [
        { clientId: config.vneid.clientId, clientSecret, redirectUris: [`${config.publicUrl}/login/vneid`] },
      ],
    })
    log(`VNeID sandbox (national identity login, demo): ${sandbox.issuer}`)
    return { vneid: { ...config.vneid, issuer: sandbox.issuer, clientSecret }, close: sandbox.close }
  } catch (error) {
    log(`VNeID sandbox not started (${(error as Error).message}): logging in with VNeID is off`)
    return null
  }
}

export interface Sen {
  app: FastifyInstance
  database: Database
  close(): Promise<void>
}

/** A whole Sen server, ready to listen. */
export async function createSen(
  config: Config,
  log?: (message: string) => void,
  logger = false,
): Promise<Sen> {
  const database = await prepareDatabase(config, log)
  const sandbox = await vneidSandboxFor(config, log)
  const resolved = resolveSecrets(sandbox ? { ...config, vneid: sandbox.vneid } : config)
  const app = await buildApp({ config: resolved, database, logger })
  // Every module's jobs, and one event worker for every module's subscriptions (modules/index.ts).
  const jobs = modules
    .flatMap((m) => m.jobs ?? [])
    .map((start) => start({ db: database.db, config: resolved, log: app.log }))
  const subscriptions = modules.flatMap((m) => m.subscriptions ?? [])
  const eventWorker = startEventWorker(database.db, subscriptions, { log: app.log })
  return {
    app,
    database,
    async close() {
      await app.close()
      await Promise.all(jobs.map((job) => job.stop()))
      await eventWorker.stop()
      await sandbox?.close()
      await database.close()
    },
  }
}
