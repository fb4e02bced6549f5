import { type HolidayRow, publicHolidays, type WorkingTime, workingTime } from '../../country/calendar'

/**
 * Working days and hours of Vietnamese state agencies: weekends, public holidays (the lunar
 * new year included) and make-up working Saturdays come from config/vn as data per year.
 * All arithmetic is in Vietnam's local time, which has no daylight saving.
 */
export class WorkingCalendar {
  private readonly daysOff: Set<string>
  private readonly makeUpDays: Set<string>
  private readonly offsetMs: number
  /** Working periods of a day in minutes after local midnight. */
  private readonly periods: [number, number][]
  private readonly cutoff: number

  constructor(time: WorkingTime, holidays: HolidayRow[]) {
    this.daysOff = new Set(holidays.filter((h) => h.kind === 'day_off').map((h) => h.date))
    this.makeUpDays = new Set(holidays.filter((h) => h.kind === 'make_up_workday').map((h) => h.date))
    this.offsetMs = time.utcOffsetMinutes * 60_000
    this.periods = time.workingHours.map(([a, b]) => [minutes(a), minutes(b)])
    this.cutoff = minutes(time.sameDayCutoff)
  }

  /** The local calendar day (YYYY-MM-DD) of an instant. */
  localDay(at: Date): string {
    return new Date(at.getTime() + this.offsetMs).toISOString().slice(0, 10)
  }

  /** Minutes since local midnight. */
  private localMinutes(at: Date): number {
    const local = new Date(at.getTime() + this.offsetMs)
    return local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60
  }

  /** The instant of a local day's given minute. */
  private instant(day: string, minute: number): Date {
    return new Date(Date.parse(`${day}T00:00:00Z`) - this.offsetMs + minute * 60_000)
  }

  isWorkingDay(day: string): boolean {
    if (this.makeUpDays.has(day)) return true
    if (this.daysOff.has(day)) return false
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    return weekday !== 0 && weekday !== 6
  }

  nextWorkingDay(day: string): string {
    let next = shiftDay(day, 1)
    while (!this.isWorkingDay(next)) next = shiftDay(next, 1)
    return next
  }

  /** The last instant of a local calendar day. */
  endOfLocalDay(day: string): Date {
    return new Date(this.instant(day, 24 * 60).getTime() - 1)
  }

  /** End of a working day (the close of its last period). */
  endOf(day: string): Date {
    return this.instant(day, this.periods.at(-1)![1])
  }

  /**
   * The appointment for a result due `days` working days after receipt. Receipt outside a
   * working day, or after closing, counts from the next working day; a same-day procedure
   * received after the cut-off (15:00) is due the next working day.
   */
  dueDate(receivedAt: Date, days: number): Date {
    let day = this.localDay(receivedAt)
    const minute = this.localMinutes(receivedAt)
    const closing = this.periods.at(-1)![1]
    if (!this.isWorkingDay(day) || minute >= closing) day = this.nextWorkingDay(day)
    else if (days === 0 && minute >= this.cutoff) day = this.nextWorkingDay(day)
    for (let i = 0; i < days; i++) day = this.nextWorkingDay(day)
    return this.endOf(day)
  }

  /** The instant `hours` working hours after `from` (reception's 8-hour limit). */
  addWorkingHours(from: Date, hours: number): Date {
    let remaining = hours * 60
    let day = this.localDay(from)
    let minute = this.localMinutes(from)
    for (;;) {
      if (this.isWorkingDay(day)) {
        for (const [start, end] of this.periods) {
          const begin = Math.max(start, minute)
          if (begin >= end) continue
          if (end - begin >= remaining) return this.instant(day, begin + remaining)
          remaining -= end - begin
        }
      }
      day = shiftDay(day, 1)
      minute = 0
    }
  }

  /** Working days from one instant's day to another's, not counting the first (negative if `to` is earlier). */
  workingDaysBetween(from: Date, to: Date): number {
    const start = this.localDay(from)
    const end = this.localDay(to)
    const sign = start <= end ? 1 : -1
    let [day, last] = sign > 0 ? [start, end] : [end, start]
    let count = 0
    while (day < last) {
      day = shiftDay(day, 1)
      if (this.isWorkingDay(day)) count++
    }
    return sign * count
  }

  /** Moves a due date on by the working days that passed while the clock was stopped. */
  extendBy(due: Date, pausedFrom: Date, resumedAt: Date): Date {
    const paused = Math.max(0, this.workingDaysBetween(pausedFrom, resumedAt))
    let day = this.localDay(due)
    for (let i = 0; i < paused; i++) day = this.nextWorkingDay(day)
    return this.endOf(day)
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

function shiftDay(day: string, by: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + by)
  return date.toISOString().slice(0, 10)
}

let loaded: WorkingCalendar | undefined

/** The country's calendar from config/vn, read once. */
export function workingCalendar(): WorkingCalendar {
  loaded ??= new WorkingCalendar(workingTime(), publicHolidays())
  return loaded
}
