import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/server/db'
import { loadDemoData } from '../../src/server/seed/demo'
import { adminUrl, testDbKind } from './db'
import { repoRoot } from './processes'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a migrated PGlite database with the demo data (PGlite runs). */
    pgliteTemplate: string
    /** A migrated PostgreSQL database with the demo data, to copy with CREATE DATABASE … TEMPLATE. */
    postgresTemplate: string
  }
}

/**
 * Prepares the demo database once per run; each test file then starts from a copy of it
 * instead of migrating and loading the demo again (seconds per file on these machines).
 */
export default async function setup(project: TestProject) {
  // The server as `npm start` runs it, for the tests that start it as a process (helpers/processes.ts).
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: repoRoot, stdio: 'inherit' })
  // One signing master key for the run: the demo data issues the leader's key, encrypted under it in
  // the template, and every test process (they inherit this environment) must be able to use it.
  process.env.SEN_SIGNING_MASTER_KEY ??= randomBytes(32).toString('base64url')
  if (testDbKind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    await database.migrate()
    await loadDemoData(database.db)
    const file = path.join(
      os.tmpdir(),
      `sen-test-template-${process.pid}-${randomBytes(4).toString('hex')}.tar`,
    )
    fs.writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()))
    await database.close()
    project.provide('pgliteTemplate', file)
    project.provide('postgresTemplate', '')
    return () => fs.rmSync(file, { force: true })
  }
  const name = `sen_template_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' })
  await database.migrate()
  await loadDemoData(database.db)
  await database.close()
  project.provide('postgresTemplate', name)
  project.provide('pgliteTemplate', '')
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
