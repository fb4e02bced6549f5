// The baselines: bare Fastify, no Sen. GET /hello returns a small JSON object ("bare Fastify");
// POST /insert inserts one row in one transaction ("bare insert") through pg (BENCH_DATABASE_URL)
// or PGlite (BENCH_PGLITE_DIR); GET /rows/:id reads one row by primary key ("bare select", the
// ceiling of any request that asks the database once); POST /filing replays the statements Sen
// sent to file a dossier ("bare filing", see below). Run as its own process by bench/run.ts.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import Fastify from 'fastify'
import pg from 'pg'
import type { CapturedFiling } from './capture-filing'

const port = Number(process.env.PORT ?? 0)
const url = process.env.BENCH_DATABASE_URL
const table = `create table if not exists bench_rows (id bigserial primary key, payload jsonb not null,
  at timestamptz not null default now())`

type Insert = (payload: unknown) => Promise<number>
let insert: Insert
let select: (id: number) => Promise<unknown>
let close: () => Promise<void>

if (url) {
  // As many connections as Sen's pool uses by default (node-postgres: 10).
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  await pool.query(table)
  insert = async (payload) => {
    const client = await pool.connect()
    try {
      await client.query('begin')
      const result = await client.query('insert into bench_rows (payload) values ($1) returning id', [
        payload,
      ])
      await client.query('commit')
      return Number(result.rows[0].id)
    } catch (error) {
      await client.query('rollback')
      throw error
    } finally {
      client.release()
    }
  }
  select = async (id) =>
    (await pool.query('select id, payload, at from bench_rows where id = $1', [id])).rows[0] ?? null
  close = () => pool.end()
} else {
  const db = await PGlite.create(process.env.BENCH_PGLITE_DIR ?? 'memory://')
  await db.query(table)
  insert = (payload) =>
    db.transaction(async (tx) => {
      const result = await tx.query<{ id: number }>(
        'insert into bench_rows (payload) values ($1) returning id',
        [payload],
      )
      return Number(result.rows[0]!.id)
    })
  select = async (id) =>
    (await db.query('select id, payload, at from bench_rows where id = $1', [id])).rows[0] ?? null
  close = () => db.close()
}
for (let i = 0; i < 100; i++) await insert({ seeded: i })

/** Sends one recorded statement (its parameters renamed) and returns the rows it answered. */
type Send = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>

/** Where a replayed filing's statements go: one connection, and a transaction on it. */
interface Connection {
  send: Send
  transaction(work: (send: Send) => Promise<void>): Promise<void>
  release(): void
}

/**
 * "Bare filing": Sen's own statements for a filing (recorded by bench/capture-filing.ts), sent
 * again to Sen's database (BENCH_FILING_URL; for PGlite a copy of it, BENCH_FILING_DIR), each time
 * with a new dossier code and new ids: the same round trips and the same writes, none of Sen's own
 * work (checking who asks, validating, building the SQL). What any server filing these writes
 * could reach here.
 */
async function bareFiling(filings: CapturedFiling[], connect: () => Promise<Connection>) {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
  let turn = 0
  return async (): Promise<unknown> => {
    const filing = filings[turn++ % filings.length]!
    // The same ids within one filing (the notice's id in its outbox message), new ones for each.
    const ids = new Map<string, string>()
    let code: string | undefined
    const renamed = (value: unknown) => {
      if (typeof value !== 'string') return value
      const fresh = value.replace(uuid, (id) => ids.get(id) ?? ids.set(id, randomUUID()).get(id)!)
      return code ? fresh.replaceAll(filing.code, code) : fresh
    }
    // The filing's answer: the last row a statement returned (the dossier, before the commit).
    let answer: unknown
    const run = async (send: Send, { text, params }: CapturedFiling['statements'][number]) => {
      const rows = await send(text, params.map(renamed))
      if (rows.length > 0) answer = rows[0]
      // The agency's daily sequence answers first in the transaction: the code's last digits.
      const last = rows[0]?.last
      if (code === undefined && (typeof last === 'number' || typeof last === 'string'))
        code = filing.code.replace(/\d+$/, (digits) => String(last).padStart(digits.length, '0'))
    }
    const connection = await connect()
    try {
      const statements = [...filing.statements]
      while (statements.length > 0) {
        const statement = statements.shift()!
        if (statement.text !== 'begin') {
          await run(connection.send, statement)
          continue
        }
        const commit = statements.findIndex((s) => s.text === 'commit')
        if (commit < 0) throw new Error('bare filing: a recorded transaction has no commit')
        const inside = statements.splice(0, commit + 1).slice(0, -1)
        await connection.transaction(async (send) => {
          for (const s of inside) await run(send, s)
        })
      }
    } finally {
      connection.release()
    }
    if (!code) throw new Error('bare filing: no statement of the recorded filing returned a sequence number')
    return answer
  }
}

async function filingDatabase(): Promise<(() => Promise<Connection>) | undefined> {
  const url = process.env.BENCH_FILING_URL
  const dir = process.env.BENCH_FILING_DIR
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    // Named, so that PostgreSQL plans each once per connection, as Sen's statement cache has it.
    const nameOf = (text: string) => `f_${createHash('sha1').update(text).digest('base64url')}`
    return async () => {
      const client = await pool.connect()
      const send: Send = async (text, values) =>
        (await client.query(values.length > 0 ? { text, values, name: nameOf(text) } : text)).rows
      return {
        send,
        async transaction(work) {
          await client.query('begin')
          try {
            await work(send)
            await client.query('commit')
          } catch (error) {
            await client.query('rollback').catch(() => {})
            throw error
          }
        },
        release: () => client.release(),
      }
    }
  }
  if (dir) {
    const db = await PGlite.create(dir)
    const sender =
      (on: Pick<PGlite, 'query'>): Send =>
      async (text, params) =>
        (await on.query<Record<string, unknown>>(text, params)).rows
    const connection: Connection = {
      send: sender(db),
      transaction: (work) => db.transaction((tx) => work(sender(tx))),
      release: () => {},
    }
    return async () => connection
  }
  return undefined
}

const connectFiling = await filingDatabase()
const file =
  connectFiling && process.env.BENCH_FILING_STATEMENTS
    ? await bareFiling(
        JSON.parse(fs.readFileSync(process.env.BENCH_FILING_STATEMENTS, 'utf8')),
        connectFiling,
      )
    : undefined

const app = Fastify({ logger: false })
app.get('/hello', async () => ({ hello: 'world', at: 1 }))
app.get<{ Params: { id: string } }>('/rows/:id', async (request) => ({
  row: await select(Number(request.params.id)),
}))
app.post('/insert', async (request, reply) => reply.code(201).send({ id: await insert(request.body) }))
app.post('/filing', async (_request, reply) =>
  file ? reply.code(201).send(await file()) : reply.code(404).send({ error: 'no recorded filing' }),
)
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
const shutdown = async () => {
  await app.close()
  await close()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
