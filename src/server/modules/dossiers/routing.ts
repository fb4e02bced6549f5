import type { Db } from '../../db'
import type { Procedure } from '../catalog/service'
import { getAgency } from '../identity/service'
import { getBusiness, getPerson } from '../registry/service'
import type { Applicant } from '../registry/types'
import { noCompetentAgency, notInRegistry } from './errors'

/** Where the applicant lives (or the business is registered), as the registries hold it. */
async function residenceOf(
  db: Db,
  applicant: Applicant,
): Promise<{ provinceCode: string; communeCode: string | null }> {
  if (applicant.type === 'person') {
    const person = await getPerson(db, applicant.pin)
    if (!person) throw notInRegistry()
    return { provinceCode: person.data.provinceCode, communeCode: person.data.communeCode }
  }
  const business = await getBusiness(db, applicant.taxCode)
  if (!business) throw notInRegistry()
  const representative = await getPerson(db, business.data.representativePin)
  const communeCode =
    representative && representative.data.provinceCode === business.data.provinceCode
      ? representative.data.communeCode
      : null
  return { provinceCode: business.data.provinceCode, communeCode }
}

/**
 * The agency competent for this procedure and applicant: the People's Committee of their commune
 * for commune-level procedures, of their province otherwise. A desk elsewhere in the same province
 * may receive the dossier (one-stop centres accept any dossier of their province), but it is
 * always routed to the competent agency.
 */
export async function routeDossier(
  db: Db,
  procedure: Procedure,
  applicant: Applicant,
  requestedDesk?: string,
): Promise<{ competentAgencyId: string; receivingAgencyId: string; provinceCode: string }> {
  const residence = await residenceOf(db, applicant)
  const level = procedure.agencyLevels[0] ?? 'commune'
  const competentAgencyId =
    level === 'commune' && residence.communeCode ? `X${residence.communeCode}` : `H${residence.provinceCode}`
  const competent = await getAgency(db, competentAgencyId).catch(() => null)
  if (!competent) throw noCompetentAgency()
  let receivingAgencyId = competentAgencyId
  if (requestedDesk && requestedDesk !== competentAgencyId) {
    const desk = await getAgency(db, requestedDesk).catch(() => null)
    const province = `/G00/H${residence.provinceCode}/`
    if (!desk?.path.startsWith(province)) throw noCompetentAgency()
    receivingAgencyId = desk.id
  }
  return { competentAgencyId, receivingAgencyId, provinceCode: residence.provinceCode }
}
