// The periods of a reporting regime, as keys: '2026-03' (monthly), '2026-Q1' (quarterly), '2026' (yearly).

export type Period = 'monthly' | 'quarterly' | 'yearly'

const PATTERNS: Record<Period, RegExp> = {
  monthly: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  yearly: /^(\d{4})$/,
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d))

/** The first and last day of a period, or null when the key is not one of this kind. */
export function periodBounds(period: Period, key: string): { start: string; end: string } | null {
  const match = PATTERNS[period].exec(key)
  if (!match) return null
  const year = Number(match[1])
  if (period === 'yearly') return { start: `${year}-01-01`, end: `${year}-12-31` }
  const months = period === 'monthly' ? 1 : 3
  const first = period === 'monthly' ? Number(match[2]) - 1 : (Number(match[2]) - 1) * 3
  return { start: iso(utc(year, first, 1)), end: iso(utc(year, first + months, 0)) }
}

/** The key of the period that contains a day. */
export function periodOf(period: Period, day: string): string {
  const [year, month] = [day.slice(0, 4), Number(day.slice(5, 7))]
  if (period === 'yearly') return year
  if (period === 'quarterly') return `${year}-Q${Math.ceil(month / 3)}`
  return `${year}-${String(month).padStart(2, '0')}`
}

/** The day a period's report is due: `deadlineDays` after its last day. */
export function dueOn(period: Period, key: string, deadlineDays: number): string {
  const { end } = periodBounds(period, key)!
  return addDays(end, deadlineDays)
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return iso(d)
}

/** The period before a period. */
export function previousPeriod(period: Period, key: string): string {
  return periodOf(period, addDays(periodBounds(period, key)!.start, -1))
}

/**
 * The periods whose report was due by `day` (their due day passed), latest first, from the
 * regime's first period on; at most `limit`.
 */
export function duePeriods(
  regime: { period: Period; startsOn: string; deadlineDays: number },
  day: string,
  limit = 12,
  /** 'ended': the periods over by `day`, their reports due or not yet. */
  by: 'due' | 'ended' = 'due',
): string[] {
  const keys: string[] = []
  let key = periodOf(regime.period, day)
  const first = periodOf(regime.period, regime.startsOn)
  while (keys.length < limit && key >= first) {
    const last =
      by === 'due' ? dueOn(regime.period, key, regime.deadlineDays) : periodBounds(regime.period, key)!.end
    if (last < day) keys.push(key)
    key = previousPeriod(regime.period, key)
  }
  return keys
}
