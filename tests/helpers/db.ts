import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { inject } from 'vitest'
import { type Database, openDatabase } from '../../src/server/db'

/** Which database this run of the suite talks to: PGlite always, PostgreSQL when SEN_TEST_DB=postgres. */
export const testDbKind: 'pglite' | 'postgres' =
  process.env.SEN_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
export const adminUrl = process.env.SEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A database URL for a new PostgreSQL database (empty, or a copy of `template`), and a function that drops it. */
export async function freshPostgres(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sen_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/**
 * A fresh, migrated database of the kind this run tests; close() disposes of it entirely.
 * `migrate: false` leaves it empty, as a server meets it before `sen migrate`.
 */
export async function testDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const migrate = options.migrate !== false
  if (testDbKind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    if (migrate) await database.migrate()
    return database
  }
  const { url, drop } = await freshPostgres()
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused' })
  if (migrate) await database.migrate()
  return {
    ...database,
    async close() {
      await database.close()
      await drop()
    },
  }
}

let pgliteTemplate: Blob | undefined

/**
 * A copy of the run's demo database (migrated, demo data loaded once in the global setup);
 * close() disposes of the copy.
 */
export async function demoDatabase(): Promise<Database> {
  if (testDbKind === 'pglite') {
    pgliteTemplate ??= new Blob([fs.readFileSync(inject('pgliteTemplate'))])
    return openDatabase({ dataDir: 'memory://', from: pgliteTemplate })
  }
  const { url, drop } = await freshPostgres(inject('postgresTemplate'))
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused' })
  return {
    ...database,
    async close() {
      await database.close()
      await drop()
    },
  }
}
