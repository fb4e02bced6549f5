import type { Db } from './index'

/**
 * Statements built once per database and reused. The reads behind every request (who is asking,
 * a dossier by code) would otherwise spend more time in Drizzle's query building and, on
 * PostgreSQL, in planning than in executing: a prepared statement skips both (node-postgres keeps
 * named statements per connection; PGlite ignores the name).
 *
 * `name` must be unique in Sen and name one statement text. Given a transaction, the statement runs
 * in it but is built again each time (each transaction is a new object): it pays off on the database.
 */
const statements = new WeakMap<Db, Map<string, unknown>>()

export function prepared<T>(db: Db, name: string, build: (db: Db, name: string) => T): T {
  let byName = statements.get(db)
  if (!byName) {
    byName = new Map()
    statements.set(db, byName)
  }
  let statement = byName.get(name) as T | undefined
  if (statement === undefined) {
    statement = build(db, name)
    byName.set(name, statement)
  }
  return statement
}
