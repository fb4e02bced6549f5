import type { Db } from '../../db'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
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
  return every(
    options.intervalMs,
    async () => {
      const result = await refreshMetrics(db)
      if (result)
        options.log.info({ durationMs: result.durationMs, agencies: result.agencies }, 'metrics refreshed')
    },
    (error) => options.log.error({ err: error }, 'metrics refresh failed'),
  )
}

/** The metrics module's jobs, for the module manifest. */
export const metricsJobs: Job[] = [
  ({ db, config, log }) => startMetricsJob(db, { intervalMs: config.metricsRefreshMs, log }),
]
