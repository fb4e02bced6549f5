import { lte, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { workingCalendar } from '../calendar/service'
import type { Principal } from '../identity/service'
import { assistantUses } from './schema'
import type { AssistantFeature } from './types'

/** The agency a use counts for: an official's own; the public's count at the root (null). */
const agencyOf = (principal: Principal | null) =>
  principal && principal.kind === 'official' ? principal.agencyId : null

/**
 * Uses counted in memory and not yet written, by database: every question writing its own row
 * would queue all of them on the one row of the day (the public's), so they are added up here
 * and written together a moment later. A crash loses at most that moment's count.
 */
const pending = new WeakMap<Db, { counts: Map<string, number>; timer: NodeJS.Timeout | undefined }>()

/** How long counts wait in memory before they are written. */
const FLUSH_MS = 2_000

/** Counts one use of a feature for the asker's agency today (written within FLUSH_MS). */
export function recordUse(db: Db, principal: Principal | null, feature: AssistantFeature) {
  let state = pending.get(db)
  if (!state) {
    state = { counts: new Map(), timer: undefined }
    pending.set(db, state)
  }
  const key = JSON.stringify([workingCalendar().localDay(new Date()), agencyOf(principal), feature])
  state.counts.set(key, (state.counts.get(key) ?? 0) + 1)
  state.timer ??= setTimeout(() => void flushUses(db).catch(() => {}), FLUSH_MS).unref()
}

/** Writes the uses counted in memory (on a timer, when the server closes, and before counts are read). */
export async function flushUses(db: Db) {
  const state = pending.get(db)
  if (!state || state.counts.size === 0) return
  clearTimeout(state.timer)
  state.timer = undefined
  const counts = [...state.counts]
  state.counts = new Map()
  try {
    await db
      .insert(assistantUses)
      .values(
        counts.map(([key, uses]) => {
          const [day, agencyId, feature] = JSON.parse(key) as [string, string | null, AssistantFeature]
          return { day, agencyId, feature, uses }
        }),
      )
      .onConflictDoUpdate({
        target: [assistantUses.day, assistantUses.agencyId, assistantUses.feature],
        set: { uses: sql`${assistantUses.uses} + excluded.uses` },
      })
  } catch (error) {
    // Not written: counted again with the next ones.
    for (const [key, uses] of counts) state.counts.set(key, (state.counts.get(key) ?? 0) + uses)
    throw error
  }
}

/**
 * The assistant's uses per agency as of a moment, for gov.ai_use: `assistant.questions`,
 * `assistant.prechecks` and their sum `assistant.uses`. The public's uses are under null (the root).
 */
export async function aiUseCountsByAgency(
  db: Db,
  until: Date,
): Promise<Map<string | null, Record<string, number>>> {
  await flushUses(db)
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
