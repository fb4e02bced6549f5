import type { Db } from '../../db'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { alertLateReceptions } from './reception.service'

interface Log {
  info(object: object, message: string): void
  error(object: object, message: string): void
}

/** Every minute: alert reception desks of dossiers not received within 8 working hours. */
export function startReceptionAlerts(db: Db, options: { intervalMs?: number; log: Log }) {
  return every(
    options.intervalMs ?? 60_000,
    async () => {
      let alerted = 0
      for (let batch = await alertLateReceptions(db); batch > 0; batch = await alertLateReceptions(db))
        alerted += batch
      if (alerted) options.log.info({ alerted }, 'late receptions alerted')
    },
    (error) => options.log.error({ err: error }, 'reception alerts failed'),
  )
}

/** The dossiers module's jobs, for the module manifest. */
export const dossierJobs: Job[] = [({ db, log }) => startReceptionAlerts(db, { log })]
