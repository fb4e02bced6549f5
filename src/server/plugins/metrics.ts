import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { forbidden } from '../errors'
import { domainEventsHandled } from '../modules/metrics/service'

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

function sameSecret(given: string, expected: string) {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Prometheus metrics at /metrics: request counts and latencies per route, the database pool,
 * and the process. Readable with `Authorization: Bearer $SEN_METRICS_TOKEN`, or from loopback when unset.
 */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'sen_' })
  registry.registerMetric(domainEventsHandled)
  const requests = new Counter({
    name: 'sen_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'sen_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const pool = new Gauge({
    name: 'sen_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const figures = app.database.pool()
      this.set({ state: 'total' }, figures.total)
      this.set({ state: 'idle' }, figures.idle)
      this.set({ state: 'waiting' }, figures.waiting)
    },
  })
  void pool

  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label so that scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched'
    requests.inc({ method: request.method, route, status_code: String(reply.statusCode) })
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
  })

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = app.config.metricsToken
    const header = request.headers.authorization ?? ''
    const allowed = token ? sameSecret(header, `Bearer ${token}`) : loopback.has(request.ip)
    if (!allowed) throw forbidden()
    reply.type(registry.contentType)
    return registry.metrics()
  })
})
