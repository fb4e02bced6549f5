import { type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import type { TypedQueryBuilder } from 'drizzle-orm/query-builders/query-builder'
import type { Db, Tx } from './index'

/**
 * A write that a module builds on its own tables and hands back unexecuted, for its caller to run
 * alone (`await` it) or in one statement with others (below). Drizzle's insert, update and delete
 * builders are such writes: nothing is sent until they are awaited.
 */
export type Write = SQLWrapper & PromiseLike<unknown>

/**
 * Several writes that a module hands back as one: awaited, they run as one statement
 * ({@link writeTogether}) and resolve to `result`; or joined into a caller's statement
 * ({@link withWrites}), which takes them as they are.
 */
export interface Writes<T = void> extends PromiseLike<T> {
  readonly writes: Write[]
}

export function writesOf<T>(db: Db | Tx, list: Write[], result: T): Writes<T> {
  return {
    writes: list,
    // biome-ignore lint/suspicious/noThenProperty: awaiting the writes runs them, as with Drizzle's builders
    then: (resolve, reject) =>
      writeTogether(db, list)
        .then(() => result)
        .then(resolve, reject),
  }
}

const flat = (items: (Write | Writes<unknown>)[]): Write[] =>
  items.flatMap((item) => ('writes' in item && Array.isArray(item.writes) ? item.writes : [item as Write]))

const asCte = (db: Db | Tx, write: Write, i: number) =>
  // $with takes any builder that renders SQL; its types only name selects.
  db.$with(`write_${i}`).as(write as unknown as TypedQueryBuilder<undefined>)

/**
 * The writes as data-modifying CTEs in front of a main statement that the caller goes on to build
 * (`withWrites(tx, writes).insert(table)…returning()`): all of them in one round trip to the
 * database instead of one each. PostgreSQL runs every CTE exactly once, in the main statement's
 * snapshot, and checks foreign keys at the statement's end, so a CTE may insert rows that refer to
 * the main statement's. The writes must not depend on each other's effects: they see none of them.
 */
export function withWrites(db: Db | Tx, items: (Write | Writes<unknown>)[]) {
  return db.with(...flat(items).map((write, i) => asCte(db, write, i)))
}

/** Runs the writes as one statement (see {@link withWrites}). */
export async function writeTogether(db: Db | Tx, writes: Write[]): Promise<void> {
  if (writes.length === 0) return
  if (writes.length === 1) {
    await writes[0]
    return
  }
  const ctes: SQL[] = writes.map((write, i) => sql`${sql.identifier(`write_${i}`)} as (${write.getSQL()})`)
  await db.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`)
}
