import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { type Config, loadConfig } from '../server/config'
import { type Database, type Db, migrationsFolder, openDatabase } from '../server/db'
import { DataDirLockedError } from '../server/db/lock'
import { rowsOf } from '../server/db/rows'

/** Where a command writes: process.stdout / process.stderr, or a test's collector. */
export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** What one run of `sen` works with: its streams, its standard input and its environment (the settings). */
export interface CliIo {
  stdout: OutputStream
  stderr: OutputStream
  /** Standard input: a stream (process.stdin), or its whole text; none is an empty pipe. */
  stdin?: string | (AsyncIterable<Buffer | string> & { isTTY?: boolean })
  /** The settings (DATABASE_URL, SEN_DATA_DIR, NODE_ENV…); process.env when absent. */
  env?: NodeJS.ProcessEnv
}

/** The context every command is built with (see buildProgram). */
export class Cli {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  readonly env: NodeJS.ProcessEnv
  private readonly stdin: NonNullable<CliIo['stdin']>

  constructor(io: CliIo) {
    this.stdout = io.stdout
    this.stderr = io.stderr
    this.stdin = io.stdin ?? ''
    this.env = io.env ?? process.env
  }

  /** The server's settings, read from this run's environment. */
  config(): Config {
    return loadConfig(this.env)
  }

  /** One line on standard output (what console.log would print). */
  print(line: string) {
    this.stdout.write(`${line}\n`)
  }

  /** Whether standard input is a terminal rather than a pipe or a file. */
  get stdinIsTTY(): boolean {
    return typeof this.stdin !== 'string' && this.stdin.isTTY === true
  }

  /** All of standard input, as UTF-8 text. */
  async readStdin(): Promise<string> {
    if (typeof this.stdin === 'string') return this.stdin
    const chunks: Buffer[] = []
    for await (const chunk of this.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return Buffer.concat(chunks).toString('utf8')
  }
}

/** An error meant for the operator: its message is printed as it is, and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** Where the settings point: "PostgreSQL (DATABASE_URL)" or "embedded PGlite in <dir>". */
export const describeDatabase = (config: Config) =>
  config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`

/**
 * The embedded data directories that commands of this process have open. The lock file cannot tell
 * two commands of one process apart (it names the process, and lockDataDir takes a lock naming its
 * own pid for a stale one), so a command run in-process (runCli) while another has the same
 * directory open is refused here, as one in another process is by the lock.
 */
const openDataDirs = new Set<string>()

/**
 * Opens the database of the run's settings, runs `work`, and always closes it (which releases the
 * embedded database's lock). Only `create` (sen migrate) makes a new embedded database; other
 * commands refuse a data directory without one.
 */
export async function withDatabase<T>(
  cli: Cli,
  work: (database: Database, config: Config) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const config = cli.config()
  const embedded = !config.databaseUrl
  if (embedded && !options.create && !fs.existsSync(path.join(config.dataDir, 'pglite')))
    throw new CliError(`No database in ${config.dataDir} (SEN_DATA_DIR): run "npx sen migrate" first.`)
  if (embedded) {
    if (openDataDirs.has(config.dataDir)) throw new DataDirLockedError(config.dataDir, process.pid)
    openDataDirs.add(config.dataDir)
  }
  try {
    // An operator's command (a seed of a million records, a backfill) takes as long as it needs.
    const database = await openDatabase({ ...config, timeouts: { statementMs: 0 } })
    try {
      return await work(database, config)
    } finally {
      await database.close()
    }
  } finally {
    if (embedded) openDataDirs.delete(config.dataDir)
  }
}

export interface MigrationState {
  applied: number
  expected: number
}

/** How many of the migrations in drizzle/ the database has. */
export async function migrationState(db: Db): Promise<MigrationState> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8'))
  const expected = (journal.entries as unknown[]).length
  const exists = await rowsOf<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  )
  if (!exists[0]?.t) return { applied: 0, expected }
  const count = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )
  return { applied: Number(count[0]?.n ?? 0), expected }
}

/** Refuses to work on a database whose migrations are not all applied. */
export async function requireMigrated(db: Db) {
  const { applied, expected } = await migrationState(db)
  if (applied === 0) throw new CliError('The database has no tables yet: run "npx sen migrate" first.')
  if (applied < expected)
    throw new CliError(`${expected - applied} migration(s) pending: run "npx sen migrate" first.`)
}

/** "1 event", "3,321 events". */
export const plural = (n: number, word: string, words = `${word}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`
