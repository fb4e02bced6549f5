import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { countryDir } from './files'

export interface AdminUnit {
  provinceCode: string
  provinceName: string
  communeCode: string
  communeName: string
  communeType: string
}

export interface Units {
  communes: AdminUnit[]
  /** commune code → province code */
  provinceOf: Map<string, string>
  provinces: Map<string, string>
}

let cached: Units | undefined

/** The administrative units in force (config/vn/administrative-units-2025-07-01.csv), read once. */
export function adminUnits(): Units {
  if (cached) return cached
  const rows = parse(fs.readFileSync(path.join(countryDir, 'administrative-units-2025-07-01.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[]
  const communes = rows.map((r) => ({
    provinceCode: r.province_code!,
    provinceName: r.province_name!,
    communeCode: r.commune_code!,
    communeName: r.commune_name!,
    communeType: r.commune_type!,
  }))
  cached = {
    communes,
    provinceOf: new Map(communes.map((c) => [c.communeCode, c.provinceCode])),
    provinces: new Map(communes.map((c) => [c.provinceCode, c.provinceName])),
  }
  return cached
}

/** A unit as an address shows it: its code, its name and its type on the day ("Phường", "Thành phố"). */
export interface UnitName {
  code: string
  name: string
  type: string
}

export interface UnitsInForce {
  /** The 34 provinces in code order. */
  provinces: UnitName[]
  province: Map<string, UnitName>
  commune: Map<string, UnitName & { provinceCode: string }>
  /** province code → its communes in code order */
  communesOf: Map<string, UnitName[]>
}

let inForce: { day: string; units: UnitsInForce } | undefined

/**
 * The provinces and communes that addresses name on `day` (YYYY-MM-DD, Vietnam's local day):
 * the 2025 list with the dated changes in force that day. Kept for the day.
 */
export function unitsInForce(day: string): UnitsInForce {
  if (inForce?.day === day) return inForce.units
  const types = unitTypesOn(day)
  const units: UnitsInForce = {
    provinces: [],
    province: new Map(),
    commune: new Map(),
    communesOf: new Map(),
  }
  for (const unit of adminUnits().communes) {
    if (!units.province.has(unit.provinceCode)) {
      const province = {
        code: unit.provinceCode,
        name: unit.provinceName,
        type: types.province(unit.provinceCode),
      }
      units.provinces.push(province)
      units.province.set(province.code, province)
      units.communesOf.set(province.code, [])
    }
    const commune = {
      code: unit.communeCode,
      name: unit.communeName,
      type: types.commune(unit.communeCode, unit.communeType),
    }
    units.commune.set(commune.code, { ...commune, provinceCode: unit.provinceCode })
    units.communesOf.get(unit.provinceCode)!.push(commune)
  }
  units.provinces.sort((a, b) => a.code.localeCompare(b.code))
  for (const list of units.communesOf.values()) list.sort((a, b) => a.code.localeCompare(b.code))
  inForce = { day, units }
  return units
}

interface ChangeRow {
  effective_from: string
  unit_code: string
  field: 'province_type' | 'commune_type'
  new_value: string
}

const readCsv = <T>(file: string): T[] =>
  parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as T[]

/**
 * The type of each unit on a day ("Thành phố", "Tỉnh"; "Phường", "Xã", "Đặc khu"): the 2025 list's
 * with the dated changes of config/vn/administrative-unit-changes.csv in force that day applied.
 */
export function unitTypesOn(asOf: string): {
  province(code: string): string
  commune(code: string, listed: string): string
} {
  const provinceTypes = new Map(
    readCsv<{ province_code: string; province_type: string }>(path.join(countryDir, 'provinces.csv')).map(
      (p) => [p.province_code, p.province_type],
    ),
  )
  const changes = readCsv<ChangeRow>(path.join(countryDir, 'administrative-unit-changes.csv')).filter(
    (c) => c.effective_from <= asOf,
  )
  const changed = (code: string, field: ChangeRow['field']) =>
    changes.filter((c) => c.unit_code === code && c.field === field).at(-1)?.new_value
  return {
    province: (code) => changed(code, 'province_type') ?? provinceTypes.get(code) ?? 'Tỉnh',
    commune: (code, listed) => changed(code, 'commune_type') ?? listed,
  }
}
