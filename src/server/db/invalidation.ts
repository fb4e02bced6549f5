import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { LRUCache } from 'lru-cache'
import type { Database, Db } from './index'

/**
 * Rows kept in this process's memory, and told when they change in the database.
 *
 * The reads behind every request (who is asking, where a dossier stands) are answered from memory
 * when they can. Triggers (migration 0004) send `pg_notify('sen_invalidate', '<kind>:<key>')` at
 * commit whenever such a row changes, whoever changes it (another Sen process, the sen command,
 * psql), and every Sen process LISTENs. A cache answers only while its process is subscribed: when
 * the listening connection drops, every cache is emptied and bypassed until it is back, so a missed
 * notification can never leave a revoked session or an old status in use.
 *
 * A writer in this process also says what it changed as soon as it commits (`changedHere`), so that
 * its own next request reads its own write; other processes learn of it a few milliseconds later,
 * as they would from a replica.
 */
const CHANNEL = 'sen_invalidate'

interface CacheOptions<V> {
  /** Entries kept at most; the least recently used go first. */
  max: number
  /**
   * Which notifications concern this cache, and which entries each drops: for a notification of a
   * listed kind, the entries under the keys that `keys(kind, key)` names; when it names none, those
   * for which `drops(value, kind, key)` holds (a scan); without either, or for '*', all of them.
   */
  kinds: string[]
  keys?(kind: string, key: string): string[] | undefined
  drops?(value: V, kind: string, key: string): boolean
}

/** What the services use of a cache: read through it, and drop an entry that is no longer valid. */
export interface KeptRows<V extends object> {
  read(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>
  forget(key: string): void
}

/** The cache of a database this process hears nothing of (a transaction, a command): it keeps nothing. */
const askEveryTime: KeptRows<never> = { read: (_key, load) => load(), forget: () => {} }

export class RowCache<V extends object> implements KeptRows<V> {
  private readonly entries: LRUCache<string, V>
  /** Moves on every invalidation: a value read before one must not be kept after it. */
  private epoch = 0

  constructor(
    private readonly registry: Registry,
    readonly options: CacheOptions<V>,
  ) {
    this.entries = new LRUCache<string, V>({ max: options.max })
  }

  /** The value under `key`, from memory or else from `load` (kept when nothing changed meanwhile). */
  async read(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.registry.live) return load()
    const kept = this.entries.get(key)
    if (kept !== undefined) return kept
    const epoch = this.epoch
    const value = await load()
    // A kept value is shared by every later reader: frozen, so that no one changes it for the others.
    if (value !== undefined && this.registry.live && epoch === this.epoch)
      this.entries.set(key, Object.freeze(value))
    return value
  }

  /** Drops one entry: its row changed here, or it is no longer valid. */
  forget(key: string) {
    this.epoch++
    this.entries.delete(key)
  }

  clear() {
    this.epoch++
    this.entries.clear()
  }

  receive(kind: string, key: string) {
    if (!this.options.kinds.includes(kind)) return
    const { keys, drops } = this.options
    const named = key === '*' ? undefined : keys?.(kind, key)
    if (named) {
      this.epoch++
      for (const entryKey of named) this.entries.delete(entryKey)
    } else if (key !== '*' && drops) {
      this.epoch++
      for (const [entryKey, value] of this.entries.entries()) {
        if (drops(value, kind, key)) this.entries.delete(entryKey)
      }
    } else this.clear()
  }
}

/** The caches of one database, and whether this process hears of its changes. */
class Registry {
  live = false
  subscribers = 0
  stop: (() => Promise<void>) | undefined
  readonly caches = new Map<string, RowCache<object>>()
  readonly barriers = new Map<string, () => void>()

  receive(payload: string) {
    const colon = payload.indexOf(':')
    const kind = payload.slice(0, colon)
    const key = payload.slice(colon + 1)
    if (kind === 'barrier') return this.barriers.get(key)?.()
    for (const cache of this.caches.values()) cache.receive(kind, key)
  }

  setLive(live: boolean) {
    // Whatever was kept may have changed unheard: start again, either way.
    for (const cache of this.caches.values()) cache.clear()
    this.live = live
  }
}

const registries = new WeakMap<Db, Registry>()

function registryOf(db: Db): Registry {
  let registry = registries.get(db)
  if (!registry) {
    registry = new Registry()
    registries.set(db, registry)
  }
  return registry
}

/**
 * The cache called `name` of this database, made on first use (like `prepared`). Only a database
 * that a server subscribed has caches: given a transaction or a database nobody listens for, every
 * read goes to it (a transaction's reads must see its own writes, and caches are not free to make).
 */
export function rowCache<V extends object>(db: Db, name: string, options: CacheOptions<V>): KeptRows<V> {
  const registry = registries.get(db)
  if (!registry) return askEveryTime as KeptRows<V>
  let cache = registry.caches.get(name) as RowCache<V> | undefined
  if (!cache) {
    cache = new RowCache<V>(registry, options)
    registry.caches.set(name, cache as unknown as RowCache<object>)
  }
  return cache
}

/**
 * Turns this database's caches on for as long as the returned function is not called. Several
 * servers on one database (tests) share one subscription.
 */
export async function subscribeInvalidations(database: Database): Promise<() => Promise<void>> {
  const registry = registryOf(database.db)
  if (registry.subscribers++ === 0) {
    registry.stop = await database.listen(CHANNEL, {
      notify: (payload) => registry.receive(payload),
      up: () => registry.setLive(true),
      down: () => registry.setLive(false),
    })
  }
  let done = false
  return async () => {
    if (done) return
    done = true
    if (--registry.subscribers === 0) await registry.stop?.()
  }
}

/**
 * What a writer in this process says once its transaction has committed: the same '<kind>:<key>'
 * as the trigger's notification, heard here at once so that this process's next request reads
 * the write (the others hear the trigger a few milliseconds later).
 */
export function changedHere(db: Db, kind: string, key = '*') {
  registries.get(db)?.receive(`${kind}:${key}`)
}

/** Whether this database's caches answer (its process is subscribed and hears notifications). */
export function cachesLive(db: Db): boolean {
  return registries.get(db)?.live ?? false
}

/**
 * Resolves once this process has heard every notification committed before the call: a
 * notification of its own travels behind them (PostgreSQL delivers them in commit order). For
 * tests and tools that change rows behind the services' backs and then read through a cache.
 */
export async function invalidationsHeard(db: Db, timeoutMs = 5_000): Promise<void> {
  const registry = registries.get(db)
  if (!registry?.live) return
  const id = randomUUID()
  const heard = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification heard back')), timeoutMs)
    registry.barriers.set(id, () => {
      clearTimeout(timer)
      resolve()
    })
  })
  try {
    await db.execute(sql`select pg_notify(${CHANNEL}, ${`barrier:${id}`})`)
    await heard
  } finally {
    registry.barriers.delete(id)
  }
}
