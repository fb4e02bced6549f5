// Prepares a benchmark database in its own process, before the server opens it: migrations and the
// demo (agencies, accounts, catalog, a few demo dossiers), as on a first start; then prints the
// usernames of demo citizens as JSON, for the submission and status scenarios, and how many
// communes they live in.
import { sql } from 'drizzle-orm'
import { loadConfig } from '../src/server/config'
import { rowsOf } from '../src/server/db/rows'
import { prepareDatabase } from '../src/server/runtime'

const config = loadConfig(process.env)
const database = await prepareDatabase(config, (message) => process.stderr.write(`  ${message}\n`))
// Citizens of every commune in turn (the demo's live in a few): dossiers go to each commune's
// People's Committee, as a country's load would, rather than all to one daily sequence of codes.
const rows = await rowsOf<{ username: string; commune: string }>(
  database.db,
  sql`select u.username, r.commune_code as commune
      from users u
      join people p on p.id = u.person_id
      join population_records r on r.pin = p.pin and r.valid_to is null
      where u.kind = 'citizen'
      order by row_number() over (partition by r.commune_code order by u.username), r.commune_code`,
)
await database.close()
process.stdout.write(
  `${JSON.stringify({ citizens: rows.map((r) => r.username), communes: new Set(rows.map((r) => r.commune)).size })}\n`,
)
