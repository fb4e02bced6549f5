import { describe, expect, it } from 'vitest'
import { workingCalendar } from './service'

const calendar = workingCalendar()
/** A local Vietnamese time (UTC+7) as an instant. */
const vn = (local: string) => new Date(`${local}+07:00`)
const local = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

describe('working days', () => {
  it('skips the weekend: filed Friday morning, 2 working days → Tuesday at closing', () => {
    expect(local(calendar.dueDate(vn('2026-11-20T09:00'), 2))).toBe('2026-11-24 17:00')
  })

  it('counts from Monday when filed online on a Saturday', () => {
    expect(local(calendar.dueDate(vn('2026-11-21T22:00'), 1))).toBe('2026-11-24 17:00')
  })

  it('skips the lunar new year 2026 (14–22 February)', () => {
    // Filed the Friday before Tết: 3 working days are 23, 24 and 25 February.
    expect(local(calendar.dueDate(vn('2026-02-13T10:00'), 3))).toBe('2026-02-25 17:00')
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false)
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true)
  })

  it('counts a make-up working Saturday (22 August 2026) and skips National Day', () => {
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true)
    // Friday 28 August, 2 days: Monday 31 Aug to Wednesday 2 Sep are off → 3 and 4 September.
    expect(local(calendar.dueDate(vn('2026-08-28T09:00'), 2))).toBe('2026-09-04 17:00')
  })

  it('moves a same-day procedure filed after 15:00 to the next working day', () => {
    expect(local(calendar.dueDate(vn('2026-11-23T14:59'), 0))).toBe('2026-11-23 17:00')
    expect(local(calendar.dueDate(vn('2026-11-23T15:01'), 0))).toBe('2026-11-24 17:00')
  })

  it('gives reception 8 working hours, across the lunch break and the weekend', () => {
    expect(local(calendar.addWorkingHours(vn('2026-11-23T08:00'), 8))).toBe('2026-11-23 17:00')
    expect(local(calendar.addWorkingHours(vn('2026-11-23T10:00'), 8))).toBe('2026-11-24 10:00')
    expect(local(calendar.addWorkingHours(vn('2026-11-20T16:00'), 8))).toBe('2026-11-23 16:00')
    expect(local(calendar.addWorkingHours(vn('2026-11-21T11:00'), 2))).toBe('2026-11-23 10:00')
  })

  it('extends a due date by the working days a supplement request stopped the clock', () => {
    const due = vn('2026-11-25T17:00')
    // Paused Monday, resumed Thursday: 3 working days.
    expect(local(calendar.extendBy(due, vn('2026-11-23T09:00'), vn('2026-11-26T09:00')))).toBe(
      '2026-11-30 17:00',
    )
  })
})
