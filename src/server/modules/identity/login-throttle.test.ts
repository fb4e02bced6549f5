import { describe, expect, it } from 'vitest'
import { delayAfter, LoginThrottle, sourceOf, THROTTLE } from './login-throttle'

/** A throttle on a clock the test moves. */
function throttleAt() {
  const clock = { now: 1_000_000 }
  return { clock, throttle: new LoginThrottle(() => clock.now) }
}

describe('delayAfter', () => {
  it('lets a source fail 3 times, then doubles its wait from 1 s with each failure, up to a day', () => {
    const delays = Array.from({ length: 24 }, (_, i) => delayAfter(i + 1, i + 1 < 10 ? i + 1 : 9))
    expect(delays.slice(0, 12)).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256])
    expect(delayAfter(40, 0)).toBe(THROTTLE.maxDelaySeconds)
  })

  it('once the account has 10 failures from anywhere, gives each source one free failure, and doubles every 10 more', () => {
    expect([delayAfter(1, 10), delayAfter(2, 10), delayAfter(3, 10)]).toEqual([0, 2, 4])
    expect(delayAfter(2, 20)).toBe(4)
    expect(delayAfter(2, 100)).toBe(1024)
    // Past 170 failures of the account, a source waits a day after its second failure.
    expect(delayAfter(2, 170)).toBe(24 * 3600)
    expect(delayAfter(1, 1_000_000)).toBe(0)
  })
})

describe('LoginThrottle', () => {
  it('makes a source that failed wait for its delay, then checks it again', () => {
    const { clock, throttle } = throttleAt()
    const waits: number[] = []
    for (let failure = 1; failure <= 6; failure++) {
      expect(throttle.begin('account', 'A')).toBe(0)
      waits.push(throttle.failed('account', 'A', failure))
      if (waits.at(-1)! > 0) {
        expect(throttle.begin('account', 'A')).toBe(waits.at(-1))
        clock.now += waits.at(-1)! * 1000 - 1
        expect(throttle.begin('account', 'A')).toBe(1)
        clock.now += 1
      }
    }
    expect(waits).toEqual([0, 0, 0, 1, 2, 4])
  })

  it('never makes a source without failures wait, nor another account of the same source', () => {
    const { throttle } = throttleAt()
    for (let failure = 1; failure <= 30; failure++) {
      throttle.begin('account', 'attacker')
      throttle.failed('account', 'attacker', failure)
    }
    expect(throttle.begin('account', 'attacker')).toBeGreaterThan(3600)
    expect(throttle.begin('account', 'owner')).toBe(0)
    expect(throttle.begin('other account', 'attacker')).toBe(0)
  })

  it('holds a second attempt of a source while its first is being checked', () => {
    const { throttle } = throttleAt()
    expect(throttle.begin('account', 'A')).toBe(0)
    expect(throttle.begin('account', 'A')).toBe(1)
    throttle.abandoned('account', 'A')
    expect(throttle.begin('account', 'A')).toBe(0)
  })

  it('forgets the failures of a source that then logs in', () => {
    const { throttle } = throttleAt()
    for (let failure = 1; failure <= 3; failure++) {
      throttle.begin('account', 'A')
      throttle.failed('account', 'A', failure)
    }
    throttle.begin('account', 'A')
    throttle.succeeded('account', 'A')
    throttle.begin('account', 'A')
    expect(throttle.failed('account', 'A', 1)).toBe(0)
  })
})

describe('sourceOf', () => {
  it('is the IPv4 address, or the /64 of an IPv6 one', () => {
    expect(sourceOf('203.0.113.9')).toBe('203.0.113.9')
    expect(sourceOf('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(sourceOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(sourceOf('::1')).toBe('0:0:0:0::/64')
  })
})
