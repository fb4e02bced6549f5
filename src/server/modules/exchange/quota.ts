import { LRUCache } from 'lru-cache'
import { rateLimited } from './errors'
import type { CallGrant } from './grants.service'

/**
 * Per-client rate limits and daily quotas of each grant (X-Road has none), counted in this process:
 * a fixed one-minute window and the UTC day. Behind a load balancer of N processes a client may get
 * up to N times its figure; the per-minute figure is what protects a backend, and N is small.
 */
const windows = new LRUCache<string, { minute: number; calls: number; day: number; today: number }>({
  max: 100_000,
})

export function admit(grant: CallGrant, clientId: string, now = Date.now()): void {
  const key = `${grant.id}\n${clientId}`
  const minute = Math.floor(now / 60_000)
  const day = Math.floor(now / 86_400_000)
  const count = windows.get(key) ?? { minute, calls: 0, day, today: 0 }
  if (count.minute !== minute) Object.assign(count, { minute, calls: 0 })
  if (count.day !== day) Object.assign(count, { day, today: 0 })
  if (count.today >= grant.quotaPerDay)
    throw rateLimited(Math.ceil(((day + 1) * 86_400_000 - now) / 1000), 'quota')
  if (count.calls >= grant.ratePerMinute)
    throw rateLimited(Math.ceil(((minute + 1) * 60_000 - now) / 1000), 'rate')
  count.calls++
  count.today++
  windows.set(key, count)
}
