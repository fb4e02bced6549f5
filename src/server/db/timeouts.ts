import type pg from 'pg'

/** How long Sen waits on the database before it gives up (milliseconds; 0: no limit). */
export interface DbTimeouts {
  /**
   * A statement: PostgreSQL cancels one running longer (statement_timeout), and a connection that
   * has not answered a second after that is dropped (a network that stalls sends no reset).
   */
  statementMs: number
  /** Opening a connection (a stalled network never completes the handshake). */
  connectMs: number
  /** The readiness check (/readyz): a probe learns "not ready" within this time, whatever the cause. */
  readyMs: number
}

export function dbTimeouts(env: NodeJS.ProcessEnv = process.env): DbTimeouts {
  return {
    statementMs: Number(env.SEN_DB_STATEMENT_TIMEOUT_MS ?? 5_000),
    connectMs: Number(env.SEN_DB_CONNECT_TIMEOUT_MS ?? 5_000),
    readyMs: Number(env.SEN_DB_READY_TIMEOUT_MS ?? 1_000),
  }
}

/** The driver's error when a statement got no answer in time (node-postgres's query_timeout). */
export const NO_ANSWER = 'Query read timeout'

/** Time the server has to report its own statement_timeout before the client stops waiting. */
const CLIENT_GRACE_MS = 1_000

/**
 * `Base` with `timeouts` on each connection it opens, whose connection is closed when a statement
 * goes unanswered: node-postgres reports the timeout but keeps the connection, whose next
 * statements would queue behind the lost one (and a transaction's ROLLBACK wait as long again).
 * Closed, its pool replaces it.
 */
export function timedClient<T extends typeof pg.Client>(Base: T, timeouts: DbTimeouts): T {
  const settings: pg.ClientConfig = {
    ...(timeouts.statementMs > 0
      ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + CLIENT_GRACE_MS }
      : {}),
    ...(timeouts.connectMs > 0 ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
  }
  // biome-ignore lint/suspicious/noExplicitAny: node-postgres's constructor and overloads take any config
  const Timed = class extends (Base as any) {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, ...settings })
    }

    // biome-ignore lint/suspicious/noExplicitAny: as above
    query(config: any, values?: any, callback?: any): any {
      const drop = (error: unknown) => {
        if ((error as Error | undefined)?.message === NO_ANSWER)
          (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()
      }
      if (typeof values === 'function' || typeof callback === 'function') {
        const done = typeof values === 'function' ? values : callback
        const wrapped = (error: unknown, result: unknown) => {
          drop(error)
          done(error, result)
        }
        return typeof values === 'function'
          ? super.query(config, wrapped)
          : super.query(config, values, wrapped)
      }
      const result = super.query(config, values)
      return typeof result?.catch === 'function'
        ? result.catch((error: unknown) => {
            drop(error)
            throw error
          })
        : result
    }
  }
  return Timed as unknown as T
}

/** `check`, or "database unreachable" when it has not answered within `ms` (0: as long as it takes). */
export async function readyWithin(work: Promise<void>, ms: number): Promise<void> {
  if (ms <= 0) return work
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database unreachable: no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
    // The work goes on after a timeout (its own statement timeout ends it): its failure is not news.
    work.catch(() => {})
  }
}
