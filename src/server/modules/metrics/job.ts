import type { Db } from '../../db'
import { refreshMetrics } from './refresh.service'

interface Log {
  info(object: object, message: string): void
  error(object: object, message: string): void
}

/**
 * Recomputes today's figures every `intervalMs` (the dashboard shows when), never two at once in
 * this process; other processes are kept out by the refresh's advisory lock.
 */
export function startMetricsJob(db: Db, options: { intervalMs: number; log: Log }) {
  let running: Promise<unknown> | null = null
  const tick = () => {
    if (running) return
    running = refreshMetrics(db)
      .then(
        (r) => r && options.log.info({ durationMs: r.durationMs, agencies: r.agencies }, 'metrics refreshed'),
      )
      .catch((error) => options.log.error({ err: error }, 'metrics refresh failed'))
      .finally(() => {
        running = null
      })
  }
  const timer = options.intervalMs > 0 ? setInterval(tick, options.intervalMs) : null
  timer?.unref()
  return {
    async stop() {
      if (timer) clearInterval(timer)
      await running
    },
  }
}
