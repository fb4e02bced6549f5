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
