import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import type { AgencyInput } from '../modules/identity/service'
import { countryDir } from './files'
import { unitTypesOn } from './units'

interface UnitRow {
  province_code: string
  province_name: string
  commune_code: string
  commune_name: string
  commune_type: string
}

const readCsv = <T>(file: string): T[] =>
  parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as T[]

/** The central agencies (Government, ministries, sector bodies) of config/vn/agencies.csv. */
export function centralAgencies(): AgencyInput[] {
  return readCsv<{
    id: string
    parent_id: string
    level: 'central' | 'ministry'
    name: string
    name_en: string
  }>(path.join(countryDir, 'agencies.csv')).map((row) => ({
    id: row.id,
    parentId: row.parent_id || null,
    level: row.level,
    name: row.name,
    nameEn: row.name_en || null,
  }))
}

export interface UnitsOptions {
  /** A units CSV with the columns of config/vn/administrative-units-2025-07-01.csv. */
  file?: string
  /** Only these provinces' communes (all 34 provinces are always included). */
  provinces?: string[]
  /** Apply the dated changes in force on this day (default: today). */
  asOf?: string
}

/**
 * People's Committees of the provinces (H<code>) and communes (X<code>) as agencies,
 * with the dated changes of config/vn/administrative-unit-changes.csv applied.
 */
export function unitAgencies(options: UnitsOptions = {}): AgencyInput[] {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10)
  const units = readCsv<UnitRow>(options.file ?? path.join(countryDir, 'administrative-units-2025-07-01.csv'))
  const types = unitTypesOn(asOf)

  const rows: AgencyInput[] = []
  const seen = new Set<string>()
  for (const unit of units) {
    if (!/^\d{2}$/.test(unit.province_code) || !/^\d{5}$/.test(unit.commune_code)) {
      throw new Error(`Bad unit codes in row: ${JSON.stringify(unit)}`)
    }
    if (!seen.has(unit.province_code)) {
      seen.add(unit.province_code)
      const type = types.province(unit.province_code)
      const isCity = type === 'Thành phố'
      rows.push({
        id: `H${unit.province_code}`,
        parentId: 'G00',
        level: 'province',
        name: `UBND ${type.toLowerCase()} ${unit.province_name}`,
        nameEn: `People's Committee of ${unit.province_name} ${isCity ? 'City' : 'Province'}`,
        adminUnitCode: unit.province_code,
      })
    }
    if (options.provinces && !options.provinces.includes(unit.province_code)) continue
    const type = types.commune(unit.commune_code, unit.commune_type)
    const english = type === 'Phường' ? 'Ward' : type === 'Xã' ? 'Commune' : 'Special Zone'
    rows.push({
      id: `X${unit.commune_code}`,
      parentId: `H${unit.province_code}`,
      level: 'commune',
      name: `UBND ${type.toLowerCase()} ${unit.commune_name}`,
      nameEn: `People's Committee of ${unit.commune_name} ${english}`,
      adminUnitCode: unit.commune_code,
    })
  }
  // Provinces before communes, so that every parent exists before its children.
  return rows.sort((a, b) => (a.level === b.level ? 0 : a.level === 'province' ? -1 : 1))
}
