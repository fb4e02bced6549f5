import { sql } from 'drizzle-orm'
import { afterAll, expect, it } from 'vitest'
import { freshPostgres, testDbKind } from '../../../tests/helpers/db'
import { type Database, openDatabase } from './index'

// The benchmark records the statements of a filing through this hook (bench/capture-filing.ts).
const logged: { query: string; params: unknown[] }[] = []
let drop = async () => {}
let database: Database | undefined
afterAll(async () => {
  await database?.close()
  await drop()
})

it('reports each statement it sends with its parameters, transactions included', async () => {
  const logQuery = (query: string, params: unknown[]) => logged.push({ query, params })
  if (testDbKind === 'postgres') {
    const fresh = await freshPostgres()
    drop = fresh.drop
    database = await openDatabase({ databaseUrl: fresh.url, dataDir: 'unused', logQuery })
  } else {
    database = await openDatabase({ dataDir: 'memory://', logQuery })
  }
  const { db } = database
  await db.execute(sql`select ${'một'}::text as word`)
  await db.transaction((tx) => tx.execute(sql`select ${2}::int + 1 as three`))
  const statements = logged.map((entry) => entry.query)
  expect(logged[0]).toEqual({ query: 'select $1::text as word', params: ['một'] })
  expect(statements).toContain('select $1::int + 1 as three')
  // node-postgres's transactions are statements of their own; PGlite's are its client's.
  if (testDbKind === 'postgres')
    expect(statements.slice(1)).toEqual(['begin', 'select $1::int + 1 as three', 'commit'])
})
