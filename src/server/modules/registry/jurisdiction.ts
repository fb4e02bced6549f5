import { adminUnits } from '../../country/units'
import type { Db } from '../../db'
import { forbidden, outsideJurisdiction } from '../../errors'
import { getAgency, type Principal } from '../identity/service'

/** The territory an official answers for: everything (system administrators), a province or a commune. */
export type Territory = { all: true } | { all: false; provinceCode: string; communeCode: string | null }

/**
 * An official's territory: the administrative unit of their agency, or of the nearest agency above
 * it that governs one (a unit inside a commune's People's Committee answers for that commune).
 * Officials of agencies without a territory (ministries) get 403: the registries are territorial.
 */
export async function territoryOf(db: Db, principal: Principal): Promise<Territory> {
  if (principal.roles.includes('system_admin')) return { all: true }
  if (principal.kind !== 'official' || !principal.agencyPath) throw forbidden()
  const ids = principal.agencyPath.split('/').filter(Boolean).reverse()
  for (const id of ids) {
    const agency = await getAgency(db, id)
    const code = agency.adminUnitCode
    if (!code) continue
    if (/^\d{2}$/.test(code)) return { all: false, provinceCode: code, communeCode: null }
    const province = adminUnits().provinceOf.get(code)
    if (province) return { all: false, provinceCode: province, communeCode: code }
  }
  throw outsideJurisdiction()
}

/** True when a place of residence lies inside the territory. */
export function covers(territory: Territory, place: { provinceCode?: string; communeCode?: string }) {
  if (territory.all) return true
  if (territory.communeCode !== null) return place.communeCode === territory.communeCode
  return place.provinceCode === territory.provinceCode
}

/**
 * The scope of a quality report for this territory: defaults to the whole territory; a narrower scope
 * inside it is allowed; anything outside it is 403 OUTSIDE_JURISDICTION.
 */
export function scopeWithin(
  territory: Territory,
  asked: { provinceCode?: string; communeCode?: string },
): { provinceCode?: string; communeCode?: string } {
  if (territory.all) return asked
  const communeProvince = asked.communeCode ? adminUnits().provinceOf.get(asked.communeCode) : undefined
  if (asked.provinceCode && asked.provinceCode !== territory.provinceCode) throw outsideJurisdiction()
  if (asked.communeCode && communeProvince !== territory.provinceCode) throw outsideJurisdiction()
  if (territory.communeCode !== null) {
    // A commune's officials may not ask for their whole province.
    if (asked.provinceCode && !asked.communeCode) throw outsideJurisdiction()
    if (asked.communeCode && asked.communeCode !== territory.communeCode) throw outsideJurisdiction()
    return { provinceCode: territory.provinceCode, communeCode: territory.communeCode }
  }
  return {
    provinceCode: territory.provinceCode,
    ...(asked.communeCode ? { communeCode: asked.communeCode } : {}),
  }
}
