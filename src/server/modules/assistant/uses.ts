import { lte, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { workingCalendar } from '../calendar/service'
import type { Principal } from '../identity/service'
import { assistantUses } from './schema'
import type { AssistantFeature } from './types'

/** The agency a use counts for: an official's own; the public's count at the root (null). */
const agencyOf = (principal: Principal | null) =>
  principal && principal.kind === 'official' ? principal.agencyId : null

/** Counts one use of a feature for the asker's agency today. */
export async function recordUse(db: Db, principal: Principal | null, feature: AssistantFeature) {
  await db
    .insert(assistantUses)
    .values({ day: workingCalendar().localDay(new Date()), agencyId: agencyOf(principal), feature, uses: 1 })
    .onConflictDoUpdate({
      target: [assistantUses.day, assistantUses.agencyId, assistantUses.feature],
      set: { uses: sql`${assistantUses.uses} + 1` },
    })
}

/**
 * The assistant's uses per agency as of a moment, for gov.ai_use: `assistant.questions`,
 * `assistant.prechecks` and their sum `assistant.uses`. The public's uses are under null (the root).
 */
export async function aiUseCountsByAgency(
  db: Db,
  until: Date,
): Promise<Map<string | null, Record<string, number>>> {
  const rows = await db
    .select({
      agencyId: assistantUses.agencyId,
      questions: sql<number>`coalesce(sum(${assistantUses.uses}) filter (where ${assistantUses.feature} = 'ask'), 0)::int`,
      prechecks: sql<number>`coalesce(sum(${assistantUses.uses}) filter (where ${assistantUses.feature} = 'precheck'), 0)::int`,
    })
    .from(assistantUses)
    .where(lte(assistantUses.day, workingCalendar().localDay(until)))
    .groupBy(assistantUses.agencyId)
  return new Map(
    rows.map((r) => [
      r.agencyId,
      {
        'assistant.questions': r.questions,
        'assistant.prechecks': r.prechecks,
        'assistant.uses': r.questions + r.prechecks,
      },
    ]),
  )
}
