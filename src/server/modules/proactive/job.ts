import type { Db } from '../../db'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { remindAndExpire } from './service'

interface Log {
  info(object: object, message: string): void
  error(object: object, message: string): void
}

/** Hourly: reminders a week before a legal deadline, expiry of suggestions past theirs. */
export function startProactiveJob(db: Db, options: { intervalMs?: number; log: Log }) {
  return every(
    options.intervalMs ?? 3600_000,
    async () => {
      const done = await remindAndExpire(db)
      if (done.reminded || done.expired) options.log.info(done, 'proactive suggestions reminded and expired')
    },
    (error) => options.log.error({ err: error }, 'proactive pass failed'),
  )
}

/** The proactive module's jobs, for the module manifest. */
export const proactiveJobs: Job[] = [({ db, log }) => startProactiveJob(db, { log })]
