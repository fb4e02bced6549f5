import type { Db } from '../../db'
import type { Procedure } from '../catalog/service'
import { getAgency } from '../identity/service'
import { type RecordReader, readResidence } from '../registry/service'
import type { Applicant } from '../registry/types'
import { noCompetentAgency, notInRegistry } from './errors'

/**
 * The agency competent for this procedure and applicant: the People's Committee of their commune
 * for commune-level procedures, of their province otherwise. A desk elsewhere in the same province
 * may receive the dossier (one-stop centres accept any dossier of their province), but it is
 * always routed to the competent agency. The registry read behind it is logged with the dossier:
 * `accessLog`, for the caller to write once the dossier has its code.
 */
export async function routeDossier(
  db: Db,
  procedure: Procedure,
  applicant: Applicant,
  requestedBy: string,
  requestedDesk: string | undefined,
  records: RecordReader,
) {
  const { residence, accessLog } = await readResidence(
    db,
    {
      applicant,
      purpose: `Xác định cơ quan tiếp nhận hồ sơ thủ tục ${procedure.code} (${procedure.name})`,
      requestedBy,
    },
    records,
  )
  if (!residence) throw notInRegistry()
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
  return { competentAgencyId, receivingAgencyId, provinceCode: residence.provinceCode, accessLog }
}
