import type { Db } from '../../db'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { workingCalendar } from '../calendar/service'
import { fireAgeTriggers, learnTransitions, remindAndExpire } from './service'

interface Log {
  info(object: object, message: string): void
  error(object: object, message: string): void
}

/**
 * Hourly: once a day, what people did next learned again from the history of dossiers and the age
 * triggers (the pass reads the registry: once is enough, and it catches up a week); then reminders a week before a legal deadline and expiry of suggestions past theirs.
 */
export function startProactiveJob(db: Db, options: { intervalMs?: number; log: Log }) {
  let dailyDoneOn: string | null = null
  return every(
    options.intervalMs ?? 3600_000,
    async () => {
      const today = workingCalendar().localDay(new Date())
      if (dailyDoneOn !== today) {
        const learned = await learnTransitions(db)
        options.log.info(learned, 'proactive transitions learned')
        const ages = await fireAgeTriggers(db)
        dailyDoneOn = today
        if (ages.delivered) options.log.info(ages, 'proactive suggestions at ages reached')
      }
      const done = await remindAndExpire(db)
      if (done.reminded || done.expired) options.log.info(done, 'proactive suggestions reminded and expired')
    },
    (error) => options.log.error({ err: error }, 'proactive pass failed'),
  )
}

/** The proactive module's jobs, for the module manifest. */
export const proactiveJobs: Job[] = [({ db, log }) => startProactiveJob(db, { log })]
