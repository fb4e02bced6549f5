import type { SQL } from 'drizzle-orm'
import type { Db, Tx } from './index'

/** Rows of a plain SQL query, the same way on pg and PGlite (whose `execute` results Drizzle types apart). */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
