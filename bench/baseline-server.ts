// The baselines: bare Fastify, no Sen. GET /hello returns a small JSON object ("bare Fastify");
// POST /insert inserts one row in one transaction ("bare insert") through pg (BENCH_DATABASE_URL)
// or PGlite (BENCH_PGLITE_DIR); GET /rows/:id reads one row by primary key ("bare select", the
// ceiling of any request that asks the database once). Run as its own process by bench/run.ts.
import { PGlite } from '@electric-sql/pglite'
import Fastify from 'fastify'
import pg from 'pg'

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

const app = Fastify({ logger: false })
app.get('/hello', async () => ({ hello: 'world', at: 1 }))
app.get<{ Params: { id: string } }>('/rows/:id', async (request) => ({
  row: await select(Number(request.params.id)),
}))
app.post('/insert', async (request, reply) => reply.code(201).send({ id: await insert(request.body) }))
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
const shutdown = async () => {
  await app.close()
  await close()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
