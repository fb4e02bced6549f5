import { spawn } from 'node:child_process'
import closeWithGrace from 'close-with-grace'
import { type Config, loadConfig } from './config'
import { pgliteCreated } from './db'
import { DataDirLockedError } from './db/lock'
import { createSen, prepareDatabase } from './runtime'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo'

const config = loadConfig()
const say = (message: string) => process.stderr.write(`${message}\n`)
const PREPARE_ONLY = '--prepare-only'

/** A first start on a new PGlite directory: it is created, migrated and filled with the demo. */
const firstPgliteStart = (config: Config) =>
  !config.databaseUrl && !config.dataDir.startsWith('memory://') && !pgliteCreated(config.dataDir)

/**
 * The first start's preparation in a process of its own: PGlite's WebAssembly memory grows while
 * the demo loads and never shrinks, which left a first-started server at ~510 MB (274 MB when
 * started again on the same directory, as this one then is).
 */
function prepareInChild(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, PREPARE_ONLY], {
    stdio: 'inherit',
  })
  // Stopped while it prepares: the child stops too, rather than keep the directory locked.
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGTERM', forward).on('SIGINT', forward)
  return new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  }).finally(() => process.off('SIGTERM', forward).off('SIGINT', forward))
}

try {
  if (process.argv.includes(PREPARE_ONLY)) {
    await (await prepareDatabase(config, say)).close()
    process.exit(0)
  }
  if (firstPgliteStart(config)) {
    const code = await prepareInChild()
    if (code !== 0) process.exit(code)
  }
  const sen = await createSen(config, say, true)
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) sen.app.log.error({ err }, 'shutting down after an error')
    else sen.app.log.info({ signal }, 'shutting down: finishing requests in flight')
    await sen.close()
  })
  await sen.app.listen({ host: config.host, port: config.port })
  const address = sen.app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  say('')
  say(`Sen is running: http://localhost:${port}  (API reference: http://localhost:${port}/docs)`)
  say(
    config.databaseUrl
      ? 'Database: PostgreSQL (DATABASE_URL)'
      : `Database: embedded PGlite in ${config.dataDir} — for trials and small offices; production uses PostgreSQL`,
  )
  if (config.demoData) {
    say(`Demo accounts (password "${DEMO_PASSWORD}"):`)
    for (const account of DEMO_ACCOUNTS) say(`  ${account.username.padEnd(14)} ${account.role}`)
  }
} catch (error) {
  if (error instanceof DataDirLockedError) {
    say(`Sen cannot start: ${error.message}`)
    process.exit(2)
  }
  throw error
}
