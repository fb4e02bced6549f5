import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { countryDir } from './files'

/** Working hours of state agencies in local time (config/vn/working-time.json). */
export interface WorkingTime {
  utcOffsetMinutes: number
  workingHours: [string, string][]
  sameDayCutoff: string
}

/** A public holiday or a make-up working Saturday (config/vn/public-holidays.csv). */
export interface HolidayRow {
  date: string
  kind: 'day_off' | 'make_up_workday'
}

export function workingTime(): WorkingTime {
  return JSON.parse(fs.readFileSync(path.join(countryDir, 'working-time.json'), 'utf8')) as WorkingTime
}

export function publicHolidays(): HolidayRow[] {
  return parse(fs.readFileSync(path.join(countryDir, 'public-holidays.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as HolidayRow[]
}
