// Prepares a benchmark database in its own process, before the server opens it: migrations and the
// demo (agencies, accounts, catalog, a few demo dossiers), as on a first start; then prints the
// usernames of demo citizens as JSON, for the submission and status scenarios.
import { sql } from 'drizzle-orm'
import { loadConfig } from '../src/server/config'
import { prepareDatabase } from '../src/server/runtime'

const config = loadConfig(process.env)
const database = await prepareDatabase(config, (message) => process.stderr.write(`  ${message}\n`))
const result = await database.db.execute(
  sql`select username from users where kind = 'citizen' and username like 'congdan.%' order by username`,
)
const citizens = (result as unknown as { rows: { username: string }[] }).rows.map((r) => r.username)
await database.close()
process.stdout.write(`${JSON.stringify({ citizens: ['demo.citizen', ...citizens] })}\n`)
