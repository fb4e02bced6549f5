import { isIPv6 } from 'node:net'
import { LRUCache } from 'lru-cache'

/**
 * Failed logins slow down the next attempts of the source that failed, never lock the account.
 *
 * A source is a client address (IPv6: its /64, which one subscriber gets whole). After a source's
 * failures on an account, its next attempt on that account waits: its first `freeFailures` are free,
 * then 1 s, 2 s, 4 s… doubling with each failure, up to a day. A source with no failures is never
 * made to wait, so the owner with the right password gets in from any other address whatever an
 * attacker does, and is held only by their own mistakes. The account keeps count of its failures from
 * every source since its last login (users.failed_logins): once it has `underAttackAt`, a source gets
 * one free failure only, and every `underAttackAt` more doubles every source's delays, so that guesses
 * spread over many addresses meet the same wall: past 170 failures each source gets two guesses, then
 * one a day. An attempt that must wait is refused (429, Retry-After) before the password is
 * checked.
 *
 * Sources are kept in the memory of each process, the account's count in the database: behind a
 * load balancer of several processes a source may try once per process, the account's doubling holds.
 */
export const THROTTLE = {
  freeFailures: 3,
  firstDelaySeconds: 1,
  maxDelaySeconds: 24 * 3600,
  underAttackAt: 10,
  sourcesKept: 100_000,
}

/** How long a source waits after its `sourceFailures`-th failure on an account that has `accountFailures`. */
export function delayAfter(sourceFailures: number, accountFailures: number): number {
  const attacked = Math.floor(accountFailures / THROTTLE.underAttackAt)
  const free = attacked > 0 ? 1 : THROTTLE.freeFailures
  if (sourceFailures <= free) return 0
  const doublings = sourceFailures - free - 1 + attacked
  return Math.min(THROTTLE.firstDelaySeconds * 2 ** Math.min(doublings, 60), THROTTLE.maxDelaySeconds)
}

/** The source of an attempt from `address`. */
export function sourceOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!isIPv6(address)) return address
  // The first four groups of the full form: the /64.
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

interface SourceRecord {
  failures: number
  /** When its next attempt may be checked (ms). */
  notBefore: number
}

/** Each source's failures on each account (by account id, or by the name tried when it is no account). */
export class LoginThrottle {
  private readonly sources = new LRUCache<string, SourceRecord>({
    max: THROTTLE.sourcesKept,
    ttl: THROTTLE.maxDelaySeconds * 1000,
  })
  /** Attempts being checked now: a source's second one meanwhile waits for the first's outcome. */
  private readonly checking = new Set<string>()

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Seconds the source must still wait before an attempt on the account is checked (0: check it now,
   * and the attempt is marked as being checked until {@link failed} or {@link succeeded}).
   */
  begin(account: string, source: string): number {
    const key = `${account}\n${source}`
    if (this.checking.has(key)) return 1
    const record = this.sources.get(key)
    const wait = record ? Math.ceil((record.notBefore - this.now()) / 1000) : 0
    if (wait > 0) return wait
    this.checking.add(key)
    return 0
  }

  /** Records a failure; returns the seconds the source now waits. */
  failed(account: string, source: string, accountFailures: number): number {
    const key = `${account}\n${source}`
    this.checking.delete(key)
    const failures = (this.sources.get(key)?.failures ?? 0) + 1
    const delay = delayAfter(failures, accountFailures)
    this.sources.set(key, { failures, notBefore: this.now() + delay * 1000 })
    return delay
  }

  /** The attempt was not a failure (right credentials, or asked for a second factor): the source starts afresh. */
  succeeded(account: string, source: string) {
    const key = `${account}\n${source}`
    this.checking.delete(key)
    this.sources.delete(key)
  }

  /** The attempt ended without a verdict (an error on our side): it counts neither way. */
  abandoned(account: string, source: string) {
    this.checking.delete(`${account}\n${source}`)
  }
}
