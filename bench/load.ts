// The load generator, in its own process: autocannon against one URL, rotating through the given
// requests (several users' tokens, several queries). It reads one LoadSpec (JSON) per line on stdin
// and answers each with its measurement (a LoadResult, JSON) on a line of stdout, until stdin ends:
// one process serves a whole benchmark, which then does not wait for one to start before each round.
// Usage: tsx bench/load.ts < specs
import { randomUUID } from 'node:crypto'
import readline from 'node:readline'
import autocannon from 'autocannon'

export interface LoadRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: unknown
}

export interface LoadSpec {
  base: string
  connections: number
  /** Seconds measured, after `warmup` seconds of the same load that are not. */
  duration: number
  warmup: number
  requests: LoadRequest[]
  /** Send a fresh Idempotency-Key with each request (submissions). */
  idempotencyKey?: boolean
  /** Status codes that count as success (default: 2xx). */
  expect?: number[]
}

export interface LoadResult {
  rps: number
  p50Ms: number
  p99Ms: number
  /** [percentile, latency ms] from the fastest (0) to the slowest (100): to merge runs. */
  quantiles: [number, number][]
  requests: number
  errors: number
  non2xx: number
}

function run(spec: LoadSpec, duration: number): Promise<autocannon.Result> {
  let next = 0
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.base,
        connections: spec.connections,
        duration,
        requests: [
          {
            setupRequest: (request) => {
              const chosen = spec.requests[next++ % spec.requests.length]!
              const headers: Record<string, string> = { ...chosen.headers }
              if (chosen.body !== undefined) headers['content-type'] = 'application/json'
              if (spec.idempotencyKey) headers['idempotency-key'] = randomUUID()
              return {
                ...request,
                method: chosen.method,
                path: chosen.path,
                headers,
                body: chosen.body === undefined ? undefined : JSON.stringify(chosen.body),
              }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
}

async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmup > 0) await run(spec, spec.warmup)
  const result = await run(spec, spec.duration)
  return {
    rps: Math.round((result.requests.total / spec.duration) * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    quantiles: [
      [0, result.latency.min],
      ...Object.entries(result.latency)
        .filter(([key]) => /^p\d/.test(key))
        .map(([key, ms]) => [Number(key.slice(1).replace('_', '.')), ms] as [number, number])
        .sort((a, b) => a[0] - b[0]),
      [100, result.latency.max],
    ],
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim()) process.stdout.write(`${JSON.stringify(await measure(JSON.parse(line) as LoadSpec))}\n`)
}
