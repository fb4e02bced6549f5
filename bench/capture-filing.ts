// Records the statements Sen sends to its database to file a dossier, for the "bare filing"
// baseline (bench/baseline-server.ts replays them through bare pg or PGlite). Runs in its own
// process on the benchmark's database before Sen's server starts: Sen's app in this process, one
// filing by each of the given citizens (one per commune, so one per receiving agency), through the
// real route. Usage: tsx bench/capture-filing.ts '<json {citizens, body}>' — prints the
// CapturedFiling[] as JSON.
import { randomUUID } from 'node:crypto'
import { buildApp } from '../src/server/app'
import { loadConfig } from '../src/server/config'
import { openDatabase } from '../src/server/db'
import { resolveSecrets } from '../src/server/runtime'

export interface CapturedFiling {
  /** The dossier code Sen gave the filing: the replay gives each of its filings a new one. */
  code: string
  /** In the order sent, `begin` and `commit` included. */
  statements: { text: string; params: unknown[] }[]
}

const { citizens, body } = JSON.parse(process.argv[2] ?? '{}') as {
  citizens: string[]
  body: Record<string, unknown>
}
const config = loadConfig(process.env)
let recording: CapturedFiling['statements'] | undefined
const database = await openDatabase({
  ...config,
  logQuery: (text, params) => recording?.push({ text, params }),
})
if (database.kind === 'pglite') {
  // PGlite's client begins and ends its transactions itself, unseen by the logger: they are marked.
  const transaction = database.db.transaction.bind(database.db)
  database.db.transaction = (async (work, config) => {
    recording?.push({ text: 'begin', params: [] })
    const result = await transaction(work, config)
    recording?.push({ text: 'commit', params: [] })
    return result
  }) as typeof transaction
}
const app = await buildApp({ config: resolveSecrets(config), database })
await app.ready()
const filings: CapturedFiling[] = []
try {
  for (const username of citizens) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { username, password: 'demo' },
    })
    if (login.statusCode !== 200) throw new Error(`login of ${username}: ${login.statusCode} ${login.body}`)
    const headers = { authorization: `Bearer ${login.json().token}`, 'idempotency-key': randomUUID() }
    // The first filing of each user warms what Sen keeps in memory; the second is recorded.
    for (const record of [false, true]) {
      recording = record ? [] : undefined
      const response = await app.inject({ method: 'POST', url: '/api/v1/dossiers', headers, payload: body })
      const statements = recording
      recording = undefined
      if (response.statusCode !== 201) throw new Error(`filing: ${response.statusCode} ${response.body}`)
      if (statements) filings.push({ code: response.json().code, statements })
      headers['idempotency-key'] = randomUUID()
    }
  }
} finally {
  recording = undefined
  await app.close()
  await database.close()
}
process.stdout.write(`${JSON.stringify(filings)}\n`)
