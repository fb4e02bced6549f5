import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { repoPath } from '../paths'
import { lockDataDir } from './lock'
import { rowsOf } from './rows'
import { schema } from './schema'
import { statementCachingClient } from './statement-cache'
import { type DbTimeouts, dbTimeouts, NO_ANSWER, readyWithin, timedClient } from './timeouts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export const migrationsFolder = repoPath('drizzle')

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>
  /** Throws when the database cannot answer or misses migrations. */
  ready(): Promise<void>
  pool(): { total: number; idle: number; waiting: number }
  /**
   * LISTENs on a channel until the returned function is called. `up` says that notifications
   * arrive from now on; `down` that some may be lost (the connection dropped; it is retried every
   * second and `up` comes again).
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>
  /** PGlite only: the whole data directory as a tarball (to copy a prepared database). */
  dump?(): Promise<Blob>
  close(): Promise<void>
}

export interface ListenHandlers {
  notify(payload: string): void
  up(): void
  down(): void
}

/** PostgreSQL when a URL is given, otherwise the embedded PGlite in dataDir ('memory://' keeps it in memory). */
export async function openDatabase(options: {
  databaseUrl?: string
  dataDir: string
  /** PGlite only: start from this tarball of a data directory (see Database.dump). */
  from?: Blob
  /** Called with every statement Drizzle sends and its parameters (the benchmark records a filing's). */
  logQuery?: QueryLogger
  /** Instead of the SEN_DB_*_TIMEOUT_MS settings (the `sen` command's long work sets no statement limit). */
  timeouts?: Partial<DbTimeouts>
}): Promise<Database> {
  const logger = options.logQuery ? { logQuery: options.logQuery } : undefined
  const timeouts = { ...dbTimeouts(), ...options.timeouts }
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, timeouts, logger)
    : openPglite(options.dataDir, timeouts, options.from, logger)
}

export type QueryLogger = (query: string, params: unknown[]) => void

/** Whether the embedded database in dataDir has been created (initdb has run there). */
export const pgliteCreated = (dataDir: string) => fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))

const expectedMigrations = () =>
  JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')).entries
    .length as number

async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )
  return Number(row?.n ?? 0)
}

// Refused, reset, timed out, shut down or not accepting connections, or a statement cancelled by
// its timeout (57014) or never answered: the database is out of reach, or too slow to be of use.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '57014',
  '08006',
  '08001',
])
const unreachableMessages = new RegExp(
  `Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after|Client has encountered a connection error|timeout expired|${NO_ANSWER}|not queryable`,
)

/**
 * The driver's error when `error` means the database cannot be reached, else undefined. Drizzle
 * wraps the driver's error (Failed query: …), so the causes are searched too.
 */
export function unreachableCause(error: unknown): Error | undefined {
  let candidate = error as (Error & { code?: string; cause?: unknown }) | undefined
  for (let depth = 0; candidate && depth < 4; depth++) {
    if (
      (candidate.code && unreachableCodes.has(candidate.code)) ||
      unreachableMessages.test(candidate.message ?? '')
    )
      return candidate
    candidate = candidate.cause as typeof candidate
  }
  return undefined
}

async function checkReady(db: Db) {
  let applied: number
  try {
    applied = await appliedMigrations(db)
  } catch (error) {
    const unreachable = unreachableCause(error)
    if (unreachable) throw new Error(`database unreachable: ${unreachable.message}`)
    // Drizzle wraps the driver's error: its code is on the cause.
    const code =
      (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code
    if (code === '42P01') throw new Error('migrations not applied: run "npx sen migrate"')
    throw error
  }
  const expected = expectedMigrations()
  if (applied < expected) throw new Error(`migrations pending: ${applied} of ${expected} applied`)
}

async function openPglite(
  dataDir: string,
  timeouts: DbTimeouts,
  from?: Blob,
  logger?: { logQuery: QueryLogger },
): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://')
  const release = inMemory ? () => {} : lockDataDir(dataDir)
  let client: PGlite
  try {
    const dir = path.join(dataDir, 'pglite')
    if (!inMemory && !from && !pgliteCreated(dataDir)) await createPgliteDir(dir)
    client = await PGlite.create(inMemory ? dataDir : dir, {
      ...(from ? { loadDataDir: from } : {}),
      // PostgreSQL's default of 128 MB of buffers lives inside the WebAssembly heap, on top of the
      // operating system's cache of the same files: an office-sized database does well with less.
      postgresqlconf: `shared_buffers = ${process.env.SEN_PGLITE_SHARED_BUFFERS ?? '16MB'}`,
    })
  } catch (error) {
    release()
    throw error
  }
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    // In the process, nothing can stall; statements wait only for the one before them, and a
    // probe is told "not ready" while that takes longer than the readiness timeout.
    ready: () => readyWithin(checkReady(db), timeouts.readyMs),
    pool: () => ({ total: 1, idle: 1, waiting: 0 }),
    async listen(channel, handlers) {
      // One process, one connection: nothing to lose, nothing to reconnect.
      const unlisten = await client.listen(channel, handlers.notify)
      handlers.up()
      return async () => {
        handlers.down()
        await unlisten()
      }
    },
    dump: () => client.dumpDataDir('none'),
    async close() {
      await client.close()
      release()
    },
  }
}

/** initdb in a worker thread, so that the memory it takes is given back when it ends. */
function createPgliteDir(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(repoPath('src/server/db/pglite-init.worker.mjs'), { workerData: { dir } })
    worker.on('error', reject)
    worker.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dir} failed (${code})`)),
    )
  })
}

async function openPostgres(
  url: string,
  timeouts: DbTimeouts,
  logger?: { logQuery: QueryLogger },
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    // Statements sent again and again are prepared (see statementCachingClient); off: never. Each
    // connection has the statement and connect timeouts (see timedClient).
    Client: timedClient(
      process.env.SEN_DB_AUTO_PREPARE === 'off' ? pg.Client : statementCachingClient(),
      timeouts,
    ),
    max: Number(process.env.SEN_DB_POOL_SIZE ?? 10),
    // How long a request waits for a free connection when all are busy: a burst queues rather than
    // failing. Opening one takes at most SEN_DB_CONNECT_TIMEOUT_MS (timedClient); a server that is
    // down refuses at once (ECONNREFUSED).
    connectionTimeoutMillis: Number(process.env.SEN_DB_WAIT_MS ?? 10_000),
    // A database host that vanishes without a reset (a network partition): probe a silent
    // connection after 10 s instead of the system's default of two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  })
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {})
  const db = drizzlePg(pool, { schema, logger }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        // One migrator at a time when several Sen processes start together.
        await client.query('select pg_advisory_lock(7366001)')
        await migratePg(drizzlePg(client), { migrationsFolder })
      } finally {
        await client.query('select pg_advisory_unlock(7366001)').catch(() => {})
        await client.end()
      }
    },
    ready: () => readyWithin(checkReady(db), timeouts.readyMs),
    listen: (channel, handlers) => listenPostgres(url, channel, handlers),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  }
}

/** How often the listening connection proves it is alive, and how long it may take to answer. */
const LISTEN_HEARTBEAT_MS = 5_000

/**
 * A connection of its own that LISTENs (a pooled one would be shared), reconnected when it drops.
 * A heartbeat notices a silent loss (a network partition sends no reset, and TCP keepalive would
 * take minutes) within two beats.
 */
async function listenPostgres(url: string, channel: string, handlers: ListenHandlers) {
  let current: pg.Client | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const lost = (client: pg.Client) => {
    if (client !== current) return
    current = undefined
    handlers.down()
    client.end().catch(() => {})
    if (!stopped) retry = setTimeout(connect, 1000).unref()
  }
  const heartbeat = setInterval(() => {
    const client = current
    if (!client) return
    const late = setTimeout(() => lost(client), LISTEN_HEARTBEAT_MS)
    client
      .query('select 1')
      .catch(() => lost(client))
      .finally(() => clearTimeout(late))
  }, LISTEN_HEARTBEAT_MS).unref()
  async function connect() {
    const client = new pg.Client({
      connectionString: url,
      // A server that does not answer must not hold up the start: retried like a dropped one.
      connectionTimeoutMillis: LISTEN_HEARTBEAT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    })
    current = client
    client.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '')
    })
    client.on('error', () => lost(client))
    client.on('end', () => lost(client))
    try {
      await client.connect()
      await client.query(`listen ${client.escapeIdentifier(channel)}`)
      if (current === client) handlers.up()
    } catch {
      lost(client)
    }
  }
  await connect()
  return async () => {
    stopped = true
    clearTimeout(retry)
    clearInterval(heartbeat)
    const client = current
    current = undefined
    if (client) {
      handlers.down()
      await client.end().catch(() => {})
    }
  }
}
