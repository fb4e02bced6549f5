import { and, desc, eq, lte } from 'drizzle-orm'
import type { Db } from '../../db'
import { workingCalendar } from '../calendar/service'
import { procedures } from './schema'

/** A day (YYYY-MM-DD) in Vietnam's local time: the calendar the effective dates are written in. */
export function localDay(at: Date = new Date()): string {
  return workingCalendar().localDay(at)
}

/**
 * The versions in force on `day`, one per code: published, the latest effective date not after
 * the day, and of two versions from the same day the newer. The one definition every list,
 * count and search of the catalog uses.
 */
export function inForce(db: Db, day: string) {
  return db
    .selectDistinctOn([procedures.code])
    .from(procedures)
    .where(and(eq(procedures.published, true), lte(procedures.effectiveFrom, day)))
    .orderBy(procedures.code, desc(procedures.effectiveFrom), desc(procedures.version))
    .as('in_force')
}
