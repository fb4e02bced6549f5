import type { SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db'

/** Rows of a plain SQL query, the same way on pg and PGlite. */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

export const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString()
