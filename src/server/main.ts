import closeWithGrace from 'close-with-grace'
import { loadConfig } from './config'
import { DataDirLockedError } from './db/lock'
import { createSen } from './runtime'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo'

const config = loadConfig()
const say = (message: string) => process.stderr.write(`${message}\n`)

try {
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
