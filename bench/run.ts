// `npm run bench [-- --quick] [-- --db postgres|pglite] [-- --only submission,search,…]`
//
// Every scenario against Sen started as its own process, on PostgreSQL (a fresh database
// sen_bench_<pid> on 127.0.0.1:5432, dropped after) and on PGlite (a temporary data directory),
// beside baselines served by a bare Fastify process (bench/baseline-server.ts), measured in the
// same run at the same concurrency, in rounds that alternate with the scenario that compares
// with them. The load generator (autocannon, bench/load.ts) and the signing measurement
// (bench/signing.ts) run in processes of their own. Writes bench/results/latest.json
// and the "Benchmarks" section of the README.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import pg from 'pg'
import {
  buildServer,
  cpuMeter,
  freePort,
  machine,
  peakRssMb,
  perRequest,
  repoRoot,
  resetPeakRss,
  runTs,
  spawnServer,
  spawnTs,
  stop,
  waitUntilUp,
} from './lib'
import type { LoadRequest, LoadResult, LoadSpec } from './load'

type DbKind = 'postgres' | 'pglite'
const SCENARIOS = ['submission', 'search', 'assistant', 'status', 'dashboard', 'signing'] as const
type ScenarioName = (typeof SCENARIOS)[number]

interface ScenarioResult {
  name: ScenarioName
  db: DbKind
  rps: number
  p50Ms: number
  p99Ms: number
  rssMb: number
  baseline: string
  baselineRps: number
  ratio: number
  /** The target of the issue, in words, and whether this run met it (null: no target). */
  target: string
  met: boolean | null
  note?: string
  /** A second reference measured in the same rounds (the bare filing), and Sen's ratio to it. */
  reference?: { name: string; rps: number; ratio: number }
}

const args = process.argv.slice(2)
const flag = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const quick = args.includes('--quick')
const dbs = (flag('--db')?.split(',') ?? ['postgres', 'pglite']) as DbKind[]
const only = new Set((flag('--only')?.split(',') ?? SCENARIOS) as ScenarioName[])
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const CONNECTIONS = 10
/**
 * Each scenario alternates with its baseline, `rounds` times: a few seconds of the baseline, then
 * as many of Sen, and again, so that both see the same minutes of a machine whose speed drifts
 * (bare Fastify has measured 32k then 17k rps a minute apart). Warm-up: the first round's is
 * longer, for V8 to have compiled Sen's hot paths (after 3 s, the submission's first round still
 * ran at 665 rps with a p99 of 31 ms, the next two at 764 and 810 rps with 22 and 20 ms).
 */
const timing = quick
  ? { rounds: 1, warmup: 0.5, firstWarmup: 0.5, duration: 1, signing: 1, signingRounds: 1 }
  : { rounds: 3, warmup: 1, firstWarmup: 10, duration: 3, signing: 8, signingRounds: 4 }
type Chunk = { warmup: number; duration: number }
const chunk = (round: number): Chunk => ({
  warmup: round === 0 ? timing.firstWarmup : timing.warmup,
  duration: timing.duration,
})
/** Dossiers (and as many people) behind the dashboard. */
const dashboardSize: Record<DbKind, number> = quick
  ? { postgres: 2_000, pglite: 1_000 }
  : { postgres: 1_000_000, pglite: 20_000 }

const say = (line: string) => process.stderr.write(`${line}\n`)
const results: ScenarioResult[] = []
const notes: string[] = []

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['DATABASE_URL', 'SEN_DATA_DIR', 'PORT', 'HOST', 'NODE_ENV', 'SEN_DEMO_DATA'])
    delete env[key]
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value
  return env
}

/**
 * The load generator (bench/load.ts): one process for the whole run, which measures the specs
 * written to it one at a time and answers each on a line.
 */
function startLoadGenerator() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts'], {
    cwd: repoRoot,
    env: childEnv({}),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr = (stderr + c).slice(-2000)
  })
  const waiting: { resolve(line: string): void; reject(error: Error): void }[] = []
  readline.createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.resolve(line))
  child.on('exit', (code, signal) => {
    for (const { reject } of waiting.splice(0))
      reject(new Error(`the load generator exited (${code ?? signal}): ${stderr}`))
  })
  return {
    async measure(spec: LoadSpec): Promise<LoadResult> {
      const line = await new Promise<string>((resolve, reject) => {
        waiting.push({ resolve, reject })
        child.stdin.write(`${JSON.stringify(spec)}\n`)
      })
      return JSON.parse(line) as LoadResult
    },
    stop() {
      child.stdin.end()
      return stop(child)
    },
  }
}
const loadGenerator = startLoadGenerator()

function load(spec: Omit<LoadSpec, 'connections' | 'duration' | 'warmup'>, time: Chunk): Promise<LoadResult> {
  return loadGenerator.measure({ connections: CONNECTIONS, ...time, ...spec })
}

/** `work` on a connection of its own, to the administrative database or to `url`'s. */
async function postgresAdmin<T>(work: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const urlOf = (database: string) => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await work()
  say(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

type BaselineName = 'bare Fastify' | 'bare insert' | 'bare select' | 'bare filing'
type CpuSpent = ReturnType<ReturnType<typeof cpuMeter>['spent']>
type CpuPerRequest = ReturnType<typeof perRequest>

/** One round of one side of a scenario: its load, and the CPU it took. */
interface Round {
  result: LoadResult
  cpu: CpuSpent
}

/**
 * The p-th percentile of the latencies of several rounds together: each round's distribution is
 * known at its quantiles (linear between them), weighted by its requests.
 */
function mergedPercentile(rounds: Round[], p: number): number {
  const total = Math.max(
    1,
    rounds.reduce((sum, r) => sum + r.result.requests, 0),
  )
  /** The fraction of one round's requests that took at most x ms. */
  const fractionAtMost = (quantiles: [number, number][], x: number) => {
    const i = quantiles.findIndex(([, ms]) => x < ms)
    if (i < 0) return 1
    const [p0, v0] = i === 0 ? [0, quantiles[0]![1]] : quantiles[i - 1]!
    const [p1, v1] = quantiles[i]!
    return (p0 + ((p1 - p0) * (x - v0)) / Math.max(v1 - v0, 1e-9)) / 100
  }
  const share = (x: number) =>
    rounds.reduce((sum, { result }) => sum + fractionAtMost(result.quantiles, x) * result.requests, 0) / total
  const candidates = [...new Set(rounds.flatMap((r) => r.result.quantiles.map(([, ms]) => ms)))]
  // (p - 1e-9: weighted sums of exact shares such as 0.5 must not fall short by a rounding error)
  const wanted = p / 100 - 1e-9
  return candidates.sort((a, b) => a - b).find((x) => share(x) >= wanted) ?? candidates.at(-1) ?? 0
}

/** Rounds of one side of a scenario as one measurement. */
function combined(rounds: Round[]) {
  const seconds = rounds.length * timing.duration
  const requests = rounds.reduce((sum, r) => sum + r.result.requests, 0)
  // The warm-up's requests used CPU too: each round ran its warm-up at about its measured rate.
  const loaded = rounds.reduce((sum, r, i) => sum + r.result.rps * (chunk(i).warmup + chunk(i).duration), 0)
  return {
    rps: Math.round((requests / seconds) * 10) / 10,
    /** Each round's rate and p99, to tell drift from a steady figure. */
    perRound: rounds.map((r) => `${Math.round(r.result.rps)}/${r.result.p99Ms}`).join(' '),
    p50Ms: mergedPercentile(rounds, 50),
    p99Ms: mergedPercentile(rounds, 99),
    requests,
    errors: rounds.reduce((sum, r) => sum + r.result.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.result.non2xx, 0),
    cpu: perRequest(
      rounds.map((r) => r.cpu),
      loaded,
    ),
  }
}

/**
 * Where a request's time goes: CPU per request of the server process, and of PostgreSQL (on the
 * same machine; PGlite runs inside the server).
 */
const cpuText = (cpu: CpuPerRequest) =>
  `CPU per request ${cpu.serverMs} ms in the server` +
  (cpu.databaseMs === null ? '' : ` + ${cpu.databaseMs} ms in PostgreSQL`)

/** The stay notice (2.001159): no documents, the host's identity prefilled from the registry. */
const submission = (): LoadRequest['body'] => ({
  procedureCode: '2.001159',
  data: {
    applicant: { phone: '0912345678' },
    stayAddress: 'Số 12 phố Tràng Tiền, phường Hoàn Kiếm',
    from: new Date().toISOString().slice(0, 10),
    guests: [{ fullName: 'Trần Văn Khách', pin: '001099000123' }],
  },
  documents: [],
})

const BASELINE_REQUESTS: Record<BaselineName, LoadRequest[]> = {
  'bare Fastify': [{ method: 'GET', path: '/hello' }],
  'bare insert': [{ method: 'POST', path: '/insert', body: { procedureCode: '2.001159', data: { a: 1 } } }],
  'bare select': Array.from({ length: 100 }, (_, i) => ({ method: 'GET', path: `/rows/${i + 1}` }) as const),
  // The replay ignores the body; it is sent so that the request is as large as Sen's.
  'bare filing': [{ method: 'POST', path: '/filing', body: submission() }],
}

/**
 * The baselines of one database kind: bare Fastify (GET), bare insert (POST, one row, one
 * transaction) and bare select (one row by primary key), served by a process kept up while the
 * kind's scenarios run and measured again around each scenario that compares with them: the speed
 * of a shared 2-core machine drifts over minutes (other tenants, autovacuum after a seed of a
 * million rows), and a ratio should compare figures of the same minute.
 */
async function startBaselines(kind: DbKind, database: { url?: string; dir?: string }, filing?: Filing) {
  const port = await freePort()
  const child = spawnTs(
    'bench/baseline-server.ts',
    [],
    childEnv({
      PORT: String(port),
      BENCH_DATABASE_URL: database.url,
      BENCH_PGLITE_DIR: database.dir,
      BENCH_FILING_URL: filing?.url,
      BENCH_FILING_DIR: filing?.dir,
      BENCH_FILING_STATEMENTS: filing?.statements,
    }),
  )
  await waitUntilUp(`http://127.0.0.1:${port}/hello`, child, 60_000).catch(async (error) => {
    await stop(child)
    throw error
  })
  const base = `http://127.0.0.1:${port}`
  return {
    /** One round of a baseline: its load, and the CPU it took (see {@link cpuMeter}). */
    async measure(name: BaselineName, time: Chunk) {
      const meter = cpuMeter(child.pid!, kind === 'postgres')
      const result = await load({ base, requests: BASELINE_REQUESTS[name] }, time)
      return { result, cpu: meter.spent() }
    },
    stop: () => stop(child),
  }
}

async function startSen(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort()
  const child = spawnServer({ ...env, PORT: String(port), HOST: '127.0.0.1' })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr = (stderr + c).slice(-4000)
  })
  child.stdout?.resume()
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/readyz`, child)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stderr}`)
  }
  return { child, base: `http://127.0.0.1:${port}` }
}

async function tokenOf(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (!response.ok) throw new Error(`token for ${username}: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { token: string }).token
}

const SEARCHES = [
  'đăng ký khai sinh',
  'dang ky khai sinh',
  'hộ chiếu',
  'ho chieu',
  'lý lịch tư pháp',
  'ly lich tu phap',
  'thông báo lưu trú',
  'thong bao luu tru',
]

/** Questions in plain words, half without diacritics, as people ask the assistant. */
const QUESTIONS = [
  'Con tôi mới sinh, cần làm giấy gì?',
  'con toi moi sinh lam giay gi',
  'Sắp cưới thì cần giấy tờ gì?',
  'sap cuoi vo can giay to gi',
  'Chuyển hộ khẩu về nhà mới',
  'lam so do khi mua dat',
  'Thẻ căn cước hết hạn thì đổi ở đâu?',
  'doi giay phep lai xe',
]

const ratioTo = (rps: number, baseline: number) =>
  baseline > 0 ? Math.round((rps / baseline) * 1000) / 1000 : 0

function record(
  name: ScenarioName,
  db: DbKind,
  measured: { rps: number; p50Ms: number; p99Ms: number },
  rssMb: number,
  baseline: { name: string; rps: number },
  target: string,
  met: boolean | null,
  note?: string,
  reference?: { name: string; rps: number },
) {
  const ratio = ratioTo(measured.rps, baseline.rps)
  const row: ScenarioResult = {
    name,
    db,
    rps: measured.rps,
    p50Ms: measured.p50Ms,
    p99Ms: measured.p99Ms,
    rssMb,
    baseline: baseline.name,
    baselineRps: baseline.rps,
    ratio,
    target,
    met,
    ...(note ? { note } : {}),
    ...(reference
      ? {
          reference: {
            name: reference.name,
            rps: reference.rps,
            ratio: ratioTo(measured.rps, reference.rps),
          },
        }
      : {}),
  }
  results.push(row)
  say(
    `  ${name} (${db}): ${row.rps} rps, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, RSS ${rssMb} MB, ` +
      `${ratio} × ${baseline.name}${met === null ? '' : met ? ' — target met' : ' — target MISSED'}`,
  )
  return row
}

/** Where the bare filing replays the statements of Sen's filings, and where they are recorded. */
interface Filing {
  url?: string
  dir?: string
  statements: string
}

/**
 * The statements of a few filings by Sen (one citizen per commune), recorded in a process of their
 * own before Sen's server starts, and the database for the bare filing to replay them on.
 */
async function recordFiling(
  sen: { database: string } | { dir: string },
  work: string,
  citizens: string[],
  env: NodeJS.ProcessEnv,
): Promise<Filing> {
  const out = await runTs('bench/capture-filing.ts', [JSON.stringify({ citizens, body: submission() })], env)
  const statements = path.join(work, 'filing.json')
  fs.writeFileSync(statements, out.trim().split('\n').at(-1)!)
  // On PostgreSQL, Sen's own database, whose tables are then as large as Sen's (a full run seeds a
  // million dossiers after this); Sen idles during the bare filing's rounds. PGlite has one
  // process: a copy of its directory, made before the seed.
  if ('database' in sen) return { url: urlOf(sen.database), statements }
  const copy = path.join(work, 'filing')
  fs.cpSync(path.join(sen.dir, 'pglite'), copy, { recursive: true })
  return { dir: copy, statements }
}

async function benchDatabase(kind: DbKind) {
  say(`\n${kind}`)
  const name = `sen_bench_${process.pid}`
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-bench-'))
  const senDir = path.join(dir, 'sen')
  let senUrl: string | undefined
  let baseUrl: string | undefined
  if (kind === 'postgres') {
    await postgresAdmin(async (client) => {
      await client.query(`create database ${name}`)
      await client.query(`create database ${name}_base`)
    })
    senUrl = urlOf(name)
    baseUrl = urlOf(`${name}_base`)
  }
  const senEnv = childEnv({
    NODE_ENV: 'development',
    DATABASE_URL: senUrl,
    SEN_DATA_DIR: senDir,
    SEN_RATE_LIMIT: '100000000',
    SEN_ASSISTANT_RATE_LIMIT: '100000000',
    SEN_DEMO_DOSSIERS: '2',
    SEN_METRICS_REFRESH_MS: '0',
    LOG_LEVEL: 'warn',
  })
  let sen: { child: ChildProcess; base: string } | undefined
  let baselines: Awaited<ReturnType<typeof startBaselines>> | undefined
  try {
    // The database as at a first start (demo), then the dashboard's data at scale, then the figures.
    const { citizens, communes } = JSON.parse(
      (await timed('demo data', () => runTs('bench/prepare.ts', [], senEnv))).trim().split('\n').at(-1)!,
    ) as { citizens: string[]; communes: number }
    const filing = only.has('submission')
      ? await timed('bare filing recorded', () =>
          recordFiling(
            kind === 'postgres' ? { database: name } : { dir: senDir },
            dir,
            citizens.slice(0, communes),
            senEnv,
          ),
        )
      : undefined
    baselines = await startBaselines(
      kind,
      kind === 'postgres' ? { url: baseUrl } : { dir: path.join(dir, 'base') },
      filing,
    )
    const size = dashboardSize[kind]
    if (only.has('dashboard')) {
      const seconds = Date.now()
      await timed(`sen seed --people ${size} --dossiers ${size}`, () =>
        runTs('bin/sen.mjs', ['seed', '--people', String(size), '--dossiers', String(size)], senEnv),
      )
      notes.push(
        `${kind}: sen seed --people ${size} --dossiers ${size} took ${((Date.now() - seconds) / 1000).toFixed(0)} s on this machine`,
      )
      await timed('sen metrics refresh', () => runTs('bin/sen.mjs', ['metrics', 'refresh'], senEnv))
      // As pgbench does before it measures: vacuumed and checkpointed, so that the scenarios do not
      // share the machine with autovacuum and the checkpointer working off the seed's gigabytes.
      if (kind === 'postgres')
        await timed('vacuum (analyze), checkpoint', () =>
          postgresAdmin(async (client) => {
            await client.query('vacuum (analyze)')
            await client.query('checkpoint')
          }, senUrl),
        )
    }

    sen = await timed('Sen started', () => startSen(senEnv))
    let pid = sen.child.pid!
    // At most 20 logins a minute come from one address: 16 citizens and an administrator.
    const tokens: string[] = []
    for (const username of citizens.slice(0, 16)) tokens.push(await tokenOf(sen.base, username))
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
    const measureBaseline = baselines.measure

    /**
     * One scenario, alternating with its baseline (`timing.rounds` rounds of each, baseline first);
     * each side's throughput is its requests over its measured seconds, its latencies those of
     * all its rounds' requests together.
     */
    const scenario = async (
      baselineName: BaselineName,
      requests: Omit<LoadSpec, 'connections' | 'duration' | 'warmup'>,
      /** A second reference, measured in the same rounds (not the target's baseline). */
      reference?: BaselineName,
    ) => {
      const rounds = { sen: [] as Round[], baseline: [] as Round[], reference: [] as Round[] }
      resetPeakRss(pid)
      for (let round = 0; round < timing.rounds; round++) {
        rounds.baseline.push(await measureBaseline(baselineName, chunk(round)))
        if (reference) rounds.reference.push(await measureBaseline(reference, chunk(round)))
        const meter = cpuMeter(pid, kind === 'postgres')
        const result = await load(requests, chunk(round))
        rounds.sen.push({ result, cpu: meter.spent() })
      }
      const measured = combined(rounds.sen)
      const baseline = { name: baselineName, ...combined(rounds.baseline) }
      const referenced = reference ? { name: reference, ...combined(rounds.reference) } : undefined
      for (const side of [baseline, referenced, { name: 'Sen', ...measured }]) {
        if (!side) continue
        say(
          `  ${side.name}${side === baseline ? ` (${kind})` : ''}: ${side.rps} rps ` +
            `(rounds, rps/p99 ms: ${side.perRound}), ${cpuText(side.cpu)}`,
        )
        if (side.errors > 0 || side.non2xx > 0)
          say(`  ! ${side.errors} errors and ${side.non2xx} non-2xx answers of ${side.requests}`)
      }
      return { measured, rss: peakRssMb(pid), cpu: measured.cpu, baseline, reference: referenced }
    }

    /**
     * The status reads with every answer from the database (SEN_ROW_CACHES=off), as on a server
     * that has just started or cannot hear of changes: a server of its own, then the usual again.
     */
    const uncached = async (reads: LoadRequest[], fastify: { rps: number }) => {
      await stop(sen!.child)
      sen = await startSen({ ...senEnv, SEN_ROW_CACHES: 'off' })
      pid = sen.child.pid!
      const cold = await scenario('bare select', { base: sen.base, requests: reads })
      const select = cold.baseline
      await stop(sen.child)
      sen = await startSen(senEnv)
      pid = sen.child.pid!
      return (
        `with the row caches off, from the database: ${cold.measured.rps} rps, p99 ${cold.measured.p99Ms} ms, ` +
        `${ratioTo(cold.measured.rps, fastify.rps)} × bare Fastify, ${ratioTo(cold.measured.rps, select.rps)} × bare select ` +
        `(${select.rps} rps: one row by primary key; a status read asks twice: who is asking, then the dossier)`
      )
    }

    if (only.has('submission')) {
      const {
        measured,
        rss,
        cpu,
        baseline: insert,
        reference: replay,
      } = await scenario(
        'bare insert',
        {
          base: sen.base,
          idempotencyKey: true,
          requests: tokens.map((token) => ({
            method: 'POST',
            path: '/api/v1/dossiers',
            headers: bearer(token),
            body: submission(),
          })),
        },
        'bare filing',
      )
      const ratio = measured.rps / insert.rps
      const met = ratio >= 0.4 && (kind !== 'postgres' || measured.p99Ms < 25)
      record(
        'submission',
        kind,
        measured,
        rss,
        insert,
        kind === 'postgres' ? '≥ 0.4 × bare insert, p99 < 25 ms' : '≥ 0.4 × bare insert',
        met,
        `${tokens.length} citizens of ${Math.min(communes, tokens.length)} communes in turn, so as many ` +
          "agencies' daily code sequences; a new Idempotency-Key per request; " +
          `${cpuText(cpu)} (bare insert: ${cpuText(insert.cpu).replace('CPU per request ', '')})` +
          (replay
            ? `; bare filing (the statements of Sen's filing replayed, bench/baseline-server.ts): ` +
              `${replay.rps} rps, ${ratioTo(replay.rps, insert.rps)} × bare insert, ${cpuText(replay.cpu)}; ` +
              `Sen ${ratioTo(measured.rps, replay.rps)} × bare filing`
            : ''),
        replay,
      )
    }
    if (only.has('search')) {
      const {
        measured,
        rss,
        baseline: fastify,
      } = await scenario('bare Fastify', {
        base: sen.base,
        requests: SEARCHES.map((q) => ({
          method: 'GET',
          path: `/api/v1/procedures?q=${encodeURIComponent(q)}`,
        })),
      })
      record(
        'search',
        kind,
        measured,
        rss,
        fastify,
        'p99 < 5 ms, ≥ 0.25 × bare Fastify',
        measured.p99Ms < 5 && measured.rps / fastify.rps >= 0.25,
        'with and without diacritics, 8 queries in turn',
      )
    }
    if (only.has('assistant')) {
      // A running server has its index already: the first question builds it.
      await fetch(`${sen.base}/api/v1/assistant/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: QUESTIONS[0] }),
      })
      const {
        measured,
        rss,
        baseline: fastify,
      } = await scenario('bare Fastify', {
        base: sen.base,
        requests: QUESTIONS.map((question) => ({
          method: 'POST',
          path: '/api/v1/assistant/ask',
          body: { question },
        })),
      })
      record(
        'assistant',
        kind,
        measured,
        rss,
        fastify,
        'none (p99 and ratio to bare Fastify reported)',
        null,
        `POST /api/v1/assistant/ask, ${QUESTIONS.length} questions in turn (half without diacritics), offline retrieval, no model server; each answer counts one use (an upsert of assistant_uses)`,
      )
    }
    if (only.has('status')) {
      const reads: LoadRequest[] = []
      for (const token of tokens) {
        const response = await fetch(`${sen.base}/api/v1/dossiers?pageSize=20`, { headers: bearer(token) })
        const { items } = (await response.json()) as { items: { code: string }[] }
        for (const { code } of items)
          reads.push({ method: 'GET', path: `/api/v1/dossiers/${code}/status`, headers: bearer(token) })
      }
      if (reads.length === 0) throw new Error('no dossier to read: the demo citizens have none')
      const {
        measured,
        rss,
        baseline: fastify,
      } = await scenario('bare Fastify', {
        base: sen.base,
        requests: reads,
      })
      const note =
        `${reads.length} dossiers of ${tokens.length} applicants, GET /api/v1/dossiers/:code/status, answered ` +
        'from memory (sessions and dossier states kept, dropped on NOTIFY)'
      record(
        'status',
        kind,
        measured,
        rss,
        fastify,
        '≥ 0.3 × bare Fastify',
        measured.rps / fastify.rps >= 0.3,
        quick
          ? `${note}; --quick skips the same reads with the row caches off`
          : `${note}; ${await uncached(reads, fastify)}`,
      )
    }
    if (only.has('dashboard')) {
      const probe = await fetch(`${sen.base}/api/v1/metrics/programme?scope=G00`)
      if (!probe.ok) {
        notes.push(`${kind}: dashboard not measured: GET /api/v1/metrics/programme answered ${probe.status}`)
        say(`  dashboard: GET /api/v1/metrics/programme answered ${probe.status}: not measured`)
      } else {
        const {
          measured,
          rss,
          baseline: fastify,
        } = await scenario('bare Fastify', {
          base: sen.base,
          requests: [{ method: 'GET', path: '/api/v1/metrics/programme?scope=G00' }],
        })
        record(
          'dashboard',
          kind,
          measured,
          rss,
          fastify,
          '< 1 s per read',
          measured.p99Ms < 1000,
          `over ${size.toLocaleString('en-US')} generated dossiers${size < 1_000_000 ? ' (fewer than the 1,000,000 of the target)' : ''}, figures refreshed first`,
        )
      }
    }
    await stop(sen.child)
    sen = undefined

    if (only.has('signing')) {
      // The keys in the benchmark's database, under its master key (Sen has stopped: PGlite is free).
      const out = await runTs(
        'bench/signing.ts',
        [String(timing.signing), String(timing.signingRounds)],
        childEnv({ DATABASE_URL: senUrl, SEN_DATA_DIR: senDir, NODE_ENV: 'development' }),
      )
      const measured = JSON.parse(out.trim().split('\n').at(-1)!) as {
        signed: { rps: number; p50Ms: number; p99Ms: number }
        renderOnly: { rps: number }
        rssMb: number
      }
      record(
        'signing',
        kind,
        measured.signed,
        measured.rssMb,
        { name: 'PDF render only', rps: measured.renderOnly.rps },
        'none (signed results per second per core)',
        null,
        'one process, one thread: render + two PAdES signatures (RSA-2048: the leader’s personal key, then the agency’s); RSS is the worker’s',
      )
    }
  } finally {
    if (sen) await stop(sen.child)
    await baselines?.stop()
    if (kind === 'postgres')
      await postgresAdmin(async (client) => {
        await client.query(`drop database if exists ${name} with (force)`)
        await client.query(`drop database if exists ${name}_base with (force)`)
      })
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function table(rows: ScenarioResult[]): string {
  const head =
    '| scenario | db | rps | p50 ms | p99 ms | peak RSS MB | baseline | baseline rps | ratio | target | met |'
  const line = '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |'
  const body = rows.map(
    (r) =>
      `| ${r.name} | ${r.db} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${r.rssMb} | ${r.baseline} | ${r.baselineRps} | ${r.ratio} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : 'no'} |`,
  )
  return [head, line, ...body].join('\n')
}

function updateReadme(
  report: { date: string; machine: ReturnType<typeof machine>; quick: boolean },
  text: string,
) {
  const file = path.join(repoRoot, 'README.md')
  const start = '<!-- bench:start -->'
  const end = '<!-- bench:end -->'
  const m = report.machine
  const section = [
    start,
    `Latest run: ${report.date}${report.quick ? ' (`--quick`: shorter, smaller data)' : ''} on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}. ` +
      'Ratios compare with baselines measured in rounds alternating with each scenario in the same run (bench/baseline-server.ts). ' +
      'Regenerated by `npm run bench`; figures from a shared 2-core machine are noisy.',
    '',
    text,
    '',
    ...results.filter((r) => r.note).map((r) => `- ${r.name} (${r.db}): ${r.note}`),
    ...notes.map((n) => `- ${n}`),
    end,
  ].join('\n')
  let readme = fs.readFileSync(file, 'utf8')
  if (readme.includes(start) && readme.includes(end)) {
    readme = readme.slice(0, readme.indexOf(start)) + section + readme.slice(readme.indexOf(end) + end.length)
  } else {
    readme = `${readme.trimEnd()}\n\n## Benchmarks\n\n\`npm run bench\` (or \`npm run bench -- --quick\`, under 2 minutes) runs every scenario of bench/ on PostgreSQL and PGlite and rewrites this section.\n\n${section}\n`
  }
  fs.writeFileSync(file, readme)
}

const started = Date.now()
await timed('server built', buildServer)
try {
  for (const kind of dbs) await benchDatabase(kind)
} finally {
  await loadGenerator.stop()
}
const report = {
  date: new Date().toISOString(),
  machine: machine(),
  quick,
  durationS: Math.round((Date.now() - started) / 1000),
  connections: CONNECTIONS,
  notes,
  scenarios: results,
}
fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true })
fs.writeFileSync(path.join(repoRoot, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`)
const text = table(results)
process.stdout.write(`\n${text}\n\n${notes.join('\n')}\nTotal: ${report.durationS} s\n`)
const overRss = results.filter((r) => r.name !== 'signing' && r.rssMb >= 400)
if (overRss.length)
  process.stdout.write(
    `Server RSS at or above 400 MB in: ${overRss.map((r) => `${r.name}/${r.db}`).join(', ')}\n`,
  )
if (only.size === SCENARIOS.length && dbs.length === 2) updateReadme(report, text)
