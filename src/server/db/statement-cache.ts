import { createHash } from 'node:crypto'
import pg from 'pg'

/**
 * A node-postgres client that prepares the statements it sends again and again. Drizzle sends each
 * query as an unnamed statement, which PostgreSQL parses, analyses and plans anew every time; for
 * the statements behind every request (a submission's one statement of eight writes, say) that is
 * a large part of the database's work. Named by a hash of their text, such statements are parsed
 * once per connection and only bound and executed after (as postgres.js does by default).
 *
 * A text is named once it has been seen twice in the process, so that one-off statements (a
 * report, a migration) are not kept; each connection keeps at most `perConnection` statements and
 * the process remembers at most `texts` texts, beyond which queries go unnamed as before (256
 * per connection is pgJDBC's default: a few megabytes of the server's memory per connection).
 * Drizzle names every column it selects or returns, so a column added by a later migration does
 * not change a prepared statement's result.
 */
export function statementCachingClient(limits = { texts: 2_000, perConnection: 256 }) {
  const seen = new Map<string, string | null>()

  const nameOf = (text: string): string | undefined => {
    const name = seen.get(text)
    if (name) return name
    if (name === null) {
      const named = `s_${createHash('sha1').update(text).digest('base64url')}`
      seen.set(text, named)
      return named
    }
    if (seen.size < limits.texts) seen.set(text, null)
    return undefined
  }

  return class StatementCachingClient extends pg.Client {
    /** The names this connection has been sent (PostgreSQL keeps them until it closes). */
    #named = new Set<string>()

    // biome-ignore lint/suspicious/noExplicitAny: node-postgres's overloads take any config
    override query(config: any, values?: any, callback?: any): any {
      // A query without parameters goes by the simple protocol, where one text may hold several
      // statements and nothing can be named: it is left as it is.
      const params = Array.isArray(values) ? values : config?.values
      const text =
        params?.length > 0 &&
        (typeof config === 'string'
          ? config
          : typeof config?.submit !== 'function' && !config.name && config.text)
      const name = typeof text === 'string' && nameOf(text)
      if (!name || (!this.#named.has(name) && this.#named.size >= limits.perConnection))
        return super.query(config, values, callback)
      this.#named.add(name)
      return super.query(typeof config === 'string' ? { text, name } : { ...config, name }, values, callback)
    }
  }
}
