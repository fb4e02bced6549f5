import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { outbox } from './schema'
import { messageIdOf } from './transport'
import type { DeadLetter, MailTransport, NotifyLog } from './types'

export const DEFAULT_MAX_ATTEMPTS = 10

export interface OutboxWorkerOptions {
  transport: MailTransport
  /** Pause between passes when there was nothing to send (default 2 s); 0: no polling, drainOnce() only. */
  pollMs?: number
  /** Messages claimed at a time (default 20). */
  batchSize?: number
  /** After this many attempts a message is a dead letter (default 10). */
  maxAttempts?: number
  /** Wait after the first failure; doubled after each further one (default 30 s), up to maxBackoffMs (1 h). */
  backoffMs?: number
  maxBackoffMs?: number
  /**
   * How long a claim holds a message (default 5 min). A worker that dies after claiming leaves its messages
   * to others once it runs out: they are sent again, which receivers deduplicate by Message-ID.
   */
  leaseMs?: number
  log?: NotifyLog
}

export interface OutboxWorker {
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>
  /** Sends every message that is due now; resolves to how many were delivered. */
  drainOnce(): Promise<number>
}

const silent: NotifyLog = { info() {}, warn() {}, error() {} }
const millis = (ms: number) => sql`(${Math.max(0, Math.round(ms))} * interval '1 millisecond')`

const due = (maxAttempts: number) =>
  and(
    eq(outbox.channel, 'email'),
    isNull(outbox.deliveredAt),
    lt(outbox.attempts, maxAttempts),
    lte(outbox.nextAttemptAt, sql`now()`),
  )

/**
 * Drains the outbox: claims due messages (SELECT … FOR UPDATE SKIP LOCKED, so that workers in several
 * processes never claim the same message at once), counts the attempt and leases the messages
 * (next_attempt_at = now + lease) in one short statement, then sends each outside any transaction and marks
 * it delivered. A failure records the error and backs off exponentially; after maxAttempts it stays a dead
 * letter. A crash between sending and marking leaves the message to be sent again when the lease runs out:
 * delivery is at least once, and the Message-ID (the outbox id) lets the receiver drop the duplicate.
 */
export function startOutboxWorker(db: Db, options: OutboxWorkerOptions): OutboxWorker {
  const {
    transport,
    pollMs = 2000,
    batchSize = 20,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    backoffMs = 30_000,
    maxBackoffMs = 3_600_000,
    leaseMs = 300_000,
    log = silent,
  } = options

  async function claim() {
    const ids = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(due(maxAttempts))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt))
      .limit(batchSize)
      .for('update', { skipLocked: true })
    const rows = await db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: sql`now() + ${millis(leaseMs)}` })
      .where(inArray(outbox.id, ids))
      .returning()
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  }

  /** Hands back claimed messages not yet tried, as if never claimed. */
  async function release(ids: string[]) {
    if (ids.length === 0) return
    await db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} - 1`, nextAttemptAt: sql`now()` })
      .where(and(inArray(outbox.id, ids), isNull(outbox.deliveredAt)))
  }

  async function pass(): Promise<{ delivered: number; claimed: number }> {
    const claimedAt = Date.now()
    const batch = await claim()
    let delivered = 0
    for (const [index, row] of batch.entries()) {
      // Never send on a claim that may have run out: another worker may own the message by now.
      if (Date.now() - claimedAt > leaseMs / 2) {
        await release(batch.slice(index).map((r) => r.id))
        break
      }
      try {
        await transport.send({
          id: row.id,
          to: row.recipient,
          subject: row.subject,
          text: row.body,
          messageId: messageIdOf(row.id),
        })
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
        const final = row.attempts >= maxAttempts
        const wait = Math.min(backoffMs * 2 ** (row.attempts - 1), maxBackoffMs)
        await db
          .update(outbox)
          .set({ lastError: message, nextAttemptAt: final ? sql`now()` : sql`now() + ${millis(wait)}` })
          .where(eq(outbox.id, row.id))
        if (final)
          log.error(
            { outboxId: row.id, attempts: row.attempts, err: message },
            'outbox: giving up on a message (dead letter)',
          )
        else log.warn({ outboxId: row.id, attempts: row.attempts, err: message }, 'outbox: sending failed')
        continue
      }
      await db.update(outbox).set({ deliveredAt: sql`now()`, lastError: null }).where(eq(outbox.id, row.id))
      delivered++
    }
    return { delivered, claimed: batch.length }
  }

  /** Passes until nothing is due; the timer's drains also end early when the worker is stopped. */
  async function drain(polling = false): Promise<number> {
    let delivered = 0
    for (;;) {
      const result = await pass()
      delivered += result.delivered
      if (result.claimed < batchSize || (polling && stopped)) return delivered
    }
  }

  // One pass at a time in this worker, whether from the timer or from drainOnce().
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job)
    queue = run.catch(() => {})
    return run
  }

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const schedule = () => {
    if (stopped || pollMs <= 0) return
    timer = setTimeout(() => {
      serially(() => drain(true))
        .catch((error) => log.error({ err: error }, 'outbox: draining failed'))
        .finally(schedule)
    }, pollMs)
    timer.unref()
  }
  schedule()

  return {
    drainOnce: () => serially(() => drain()),
    async stop() {
      stopped = true
      clearTimeout(timer)
      await queue
    },
  }
}

/** Messages given up on: never delivered, every attempt spent, none in flight. */
export async function deadLetters(db: Db, maxAttempts = DEFAULT_MAX_ATTEMPTS): Promise<DeadLetter[]> {
  const rows = await db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      recipient: outbox.recipient,
      subject: outbox.subject,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(
      and(
        isNull(outbox.deliveredAt),
        gte(outbox.attempts, maxAttempts),
        lte(outbox.nextAttemptAt, sql`now()`),
      ),
    )
    .orderBy(asc(outbox.createdAt))
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }))
}

/** Gives dead letters (or any undelivered messages) a fresh set of attempts, due now. Returns how many. */
export async function requeue(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0
  const rows = await db
    .update(outbox)
    .set({ attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
    .where(and(inArray(outbox.id, ids), isNull(outbox.deliveredAt)))
    .returning({ id: outbox.id })
  return rows.length
}
