import type { Db } from '../../db'
import { outsideJurisdiction } from '../../errors'
import { agencyIdsUnder, getAgency, inJurisdiction, type Principal, type Role } from '../identity/service'

/**
 * Who enters an agency's governance records (its administrators, and system administrators) and
 * who follows them (its leaders too). Every record belongs to an agency: an official enters and
 * sees those of their own agency and of the agencies below it, never those of another.
 */
export const ENTER_ROLES: Role[] = ['agency_admin', 'system_admin']
export const FOLLOW_ROLES: Role[] = ['leader', 'agency_admin', 'system_admin']

/** The agency, when the official may enter records for it (their agency or one below it). */
export async function assertCanEnter(db: Db, principal: Principal, agencyId: string) {
  const agency = await getAgency(db, agencyId)
  if (!inJurisdiction(principal, agency.path)) throw outsideJurisdiction()
  return agency
}

/**
 * The agencies whose records a list shows: the subtree of `agencyId` (the official's own agency
 * when absent), refused when it lies outside their jurisdiction. `null` means every agency (a
 * system administrator's nation-wide view), which a query need not filter.
 */
export async function agenciesInView(
  db: Db,
  principal: Principal,
  agencyId?: string,
): Promise<{ agencyId: string; ids: string[] | null }> {
  const id = agencyId ?? principal.agencyId
  if (!id) throw outsideJurisdiction()
  const agency = await getAgency(db, id)
  if (!inJurisdiction(principal, agency.path)) throw outsideJurisdiction()
  if (agency.parentId === null) return { agencyId: id, ids: null }
  return { agencyId: id, ids: await agencyIdsUnder(db, agency.path) }
}

/** True when the official's jurisdiction covers the agency. */
export async function covers(db: Db, principal: Principal, agencyId: string): Promise<boolean> {
  return inJurisdiction(principal, (await getAgency(db, agencyId)).path)
}
