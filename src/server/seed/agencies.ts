import { centralAgencies, unitAgencies } from '../country/agencies'
import type { Db } from '../db'
import { countAgencies, upsertAgencies } from '../modules/identity/service'

/**
 * A new installation knows the whole country: the central agencies, the People's Committees of the
 * 34 provinces and of all 3,321 communes (config/vn), so that a citizen anywhere is routed to their
 * commune. Only on a database with no agencies; `sen agency import` updates them later.
 */
export async function loadCountryAgencies(db: Db): Promise<{ created: number }> {
  if ((await countAgencies(db)) > 0) return { created: 0 }
  const central = await upsertAgencies(db, centralAgencies())
  const units = await upsertAgencies(db, unitAgencies())
  return { created: central.created + units.created }
}
