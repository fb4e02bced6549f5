import type { SQL } from 'drizzle-orm'

/** A database or a transaction (typed by shape, so that db/index.ts can use this too without a cycle). */
interface Queryable {
  execute(query: SQL): PromiseLike<unknown>
}

/** Rows of a plain SQL query, the same way on pg and PGlite (whose `execute` results Drizzle types apart). */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] }
  return result.rows
}
