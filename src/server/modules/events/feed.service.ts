import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { Compile } from 'typebox/compile'
import type { Db, Tx } from '../../db'
import { every } from '../../periodic'
import { type DomainEvent, type EventName, type EventPayload, eventSchemas } from './registry'
import { domainEvents, eventPositions } from './schema'

/** An event to publish: its name in the registry and a payload of that name's schema. */
export type NewEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName]

const checks = Object.fromEntries(
  Object.entries(eventSchemas).map(([name, schema]) => [name, Compile(schema)]),
) as Record<EventName, ReturnType<typeof Compile>>

/**
 * Writes an event in the caller's transaction, so that it commits (or rolls back) with the change
 * it tells of. Returns the insert unexecuted: `await` it, or hand it to `withWrites` to join the
 * change's own statement (db/together.ts). A payload that does not match its schema is a bug of
 * the publisher: it throws before anything is written.
 */
export function publish(tx: Tx | Db, event: NewEvent) {
  const check = checks[event.name]
  if (!check.Check(event.payload)) {
    const [first] = check.Errors(event.payload)
    throw new Error(
      `event ${event.name}: the payload does not match its schema (${first?.instancePath || '/'} ${first?.message ?? ''})`,
    )
  }
  return tx.insert(domainEvents).values({ name: event.name, payload: event.payload })
}

/** A module's reaction to some events, run by the event worker. */
export interface Subscription {
  /** Names the subscriber's position in the feed: keep it once in use. */
  subscriber: string
  events: EventName[]
  handle(event: DomainEvent, tx: Tx): Promise<void>
}

/**
 * Subscribes `handle` to the named events. The worker runs it at least once per event, in the
 * transaction that then saves the subscriber's position: what it writes in `tx` commits with the
 * position (so once), and whatever it does outside the database may be done again after a crash,
 * so it must be idempotent there. Events come in the order their transactions began (see
 * {@link startEventWorker}), which for two changes of one row is the order of the changes.
 */
export function subscribe<N extends EventName>(
  subscriber: string,
  events: N[],
  handle: (event: DomainEvent<N>, tx: Tx) => Promise<void>,
): Subscription {
  return { subscriber, events, handle: handle as Subscription['handle'] }
}

interface Log {
  error(object: object, message: string): void
}

export interface EventWorker {
  /** Hands every event visible now to its subscribers; resolves to how many handlings were done. */
  drainOnce(): Promise<number>
  /** Stops polling and waits for the pass under way. */
  stop(): Promise<void>
}

/**
 * Runs the subscriptions: every `pollMs` (0: only on drainOnce()), each subscriber takes the next
 * events after its position, at most `batchSize`, handles them in order in one transaction and
 * saves its new position in it. A subscriber is run by one process at a time (its position row is
 * locked, SKIP LOCKED: another process leaves it to the one running it). A failing handler rolls
 * its batch back and is retried at the next pass; the error is kept on its position row.
 *
 * Why positions are (transaction id, event id), and only events below the oldest running
 * transaction are read: on PostgreSQL, ids come from a sequence when the insert runs, and
 * transactions commit in another order. Reading "id > last id" would skip an event of a
 * transaction that took a lower id and committed after a higher one was read. Each event carries
 * its transaction's id (`pg_current_xact_id()`); every transaction below the oldest one still
 * running (`pg_snapshot_xmin(pg_current_snapshot())`) has ended, so the events below it are all the
 * feed will ever hold there, and any event committed later has a transaction id at or above it,
 * hence after every position saved. The cost: a long transaction holds every subscriber back
 * until it ends (never an event lost). PGlite runs one transaction at a time, which is the same case.
 */
export function startEventWorker(
  db: Db,
  subscriptions: Subscription[],
  options: { pollMs?: number; batchSize?: number; log?: Log } = {},
): EventWorker {
  const { pollMs = 250, batchSize = 200, log } = options
  let registered: Promise<void> | null = null
  const register = () => {
    registered ??= (async () => {
      if (subscriptions.length === 0) return
      await db
        .insert(eventPositions)
        .values(subscriptions.map((s) => ({ subscriber: s.subscriber })))
        .onConflictDoNothing()
    })().catch((error) => {
      registered = null
      throw error
    })
    return registered
  }

  const after = (position: { txId: string; eventId: number }, names: EventName[]) =>
    and(
      sql`(${domainEvents.txId}, ${domainEvents.id}) > (${position.txId}::xid8, ${position.eventId}::bigint)`,
      sql`${domainEvents.txId} < pg_snapshot_xmin(pg_current_snapshot())`,
      inArray(domainEvents.name, names),
    )

  /** One batch of one subscriber; how many events it handled (0: none waiting, or another process has it). */
  async function batch(subscription: Subscription): Promise<number> {
    // Most passes find nothing: one look without a transaction or a lock first.
    const [known] = await db
      .select({ txId: eventPositions.txId, eventId: eventPositions.eventId })
      .from(eventPositions)
      .where(eq(eventPositions.subscriber, subscription.subscriber))
    if (!known) return 0
    const [waiting] = await db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(after(known, subscription.events))
      .limit(1)
    if (!waiting) return 0
    try {
      return await db.transaction(async (tx) => {
        const [position] = await tx
          .select({ txId: eventPositions.txId, eventId: eventPositions.eventId })
          .from(eventPositions)
          .where(eq(eventPositions.subscriber, subscription.subscriber))
          .for('update', { skipLocked: true })
        if (!position) return 0
        const events = await tx
          .select({
            id: domainEvents.id,
            txId: domainEvents.txId,
            name: domainEvents.name,
            payload: domainEvents.payload,
            at: domainEvents.at,
          })
          .from(domainEvents)
          .where(after(position, subscription.events))
          .orderBy(asc(domainEvents.txId), asc(domainEvents.id))
          .limit(batchSize)
        for (const event of events) {
          await subscription.handle({ ...event, name: event.name as EventName } as DomainEvent, tx)
        }
        const last = events[events.length - 1]
        if (last)
          await tx
            .update(eventPositions)
            .set({ txId: last.txId, eventId: last.id, lastError: null, updatedAt: sql`now()` })
            .where(eq(eventPositions.subscriber, subscription.subscriber))
        return events.length
      })
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
      await db
        .update(eventPositions)
        .set({ lastError: message, updatedAt: sql`now()` })
        .where(eq(eventPositions.subscriber, subscription.subscriber))
        .catch(() => {})
      throw error
    }
  }

  async function drain(): Promise<number> {
    await register()
    let handled = 0
    let failure: unknown
    for (const subscription of subscriptions) {
      try {
        for (;;) {
          const n = await batch(subscription)
          handled += n
          if (n < batchSize) break
        }
      } catch (error) {
        // One failing subscriber holds back only itself.
        failure ??= error
        log?.error({ err: error, subscriber: subscription.subscriber }, 'events: a subscriber failed')
      }
    }
    if (failure) throw failure
    return handled
  }

  // One drain at a time in this worker, whether from the timer or from drainOnce().
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job)
    queue = run.catch(() => {})
    return run
  }
  const timer = every(
    pollMs,
    () => serially(drain),
    () => {},
  )
  return {
    drainOnce: () => serially(drain),
    async stop() {
      await timer.stop()
      await queue
    },
  }
}

/** Where each subscriber stands (for operators and tests). */
export async function eventPositionsNow(db: Db) {
  return db.select().from(eventPositions).orderBy(asc(eventPositions.subscriber))
}
