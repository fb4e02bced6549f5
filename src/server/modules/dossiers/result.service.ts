import { randomUUID } from 'node:crypto'
import type { Tx } from '../../db'
import { adminUnitName, type Procedure } from '../catalog/service'
import { publish } from '../events/service'
import { getAgency } from '../identity/service'
import { getPerson, registerBirth } from '../registry/service'
import { type OfficialRef, renderResultPdf, signJws, signResultPdf } from '../signing/service'
import { addDocument } from '../wallet/service'
import type { dossiers } from './schema'

type DossierRow = typeof dossiers.$inferSelect

interface Labelled {
  label: string
  value: string
}

/** The form's answers as "label: value" lines, labels taken from the schema's titles, choices by their titles. */
export function labelledFields(
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
  prefix = '',
): Labelled[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  return Object.entries(properties).flatMap(([key, property]) => {
    const value = data[key]
    if (value === undefined || value === null || value === '') return []
    const title = String(property.title ?? key)
    if (property.type === 'object' && typeof value === 'object') {
      return labelledFields(property, value as Record<string, unknown>, `${title} — `)
    }
    const choice = (property.oneOf as { const: unknown; title?: string }[] | undefined)?.find(
      (o) => o.const === value,
    )
    // An administrative unit is printed by its name ("Phường Ba Đình"); the code stays in the data.
    const unit =
      property['x-admin-unit'] === 'province' || property['x-admin-unit'] === 'commune'
        ? adminUnitName(property['x-admin-unit'], String(value))
        : null
    const date = property.format === 'date' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value)) : null
    const shown =
      unit ??
      choice?.title ??
      // Dates as Vietnamese documents write them: dd/mm/yyyy.
      (date ? `${date[3]}/${date[2]}/${date[1]}` : undefined) ??
      (typeof value === 'boolean' ? (value ? 'Có' : 'Không') : String(value))
    return [{ label: `${prefix}${title}`, value: shown }]
  })
}

/** Whose document it is on paper: the child of a birth registration, otherwise the applicant. */
function holderName(data: Record<string, unknown>, fallback: string): string {
  const child = data.child as { fullName?: unknown } | undefined
  if (typeof child?.fullName === 'string') return child.fullName
  return typeof data.fullName === 'string' ? data.fullName : fallback
}

/**
 * What a decision changes in the base registries. Birth registration records the child in the
 * population registry with a new personal id number, printed on the birth certificate.
 */
async function registryEffects(tx: Tx, dossier: DossierRow, procedure: Procedure, actorId: string) {
  if (procedure.resultType !== 'birth-certificate' || dossier.applicantType !== 1) return {}
  const child = dossier.data.child as {
    fullName: string
    birthDate: string
    gender: 'male' | 'female'
    ethnicity?: string
    nationality?: string
  }
  const parent = (key: string) => (dossier.data[key] as { pin?: string } | undefined)?.pin
  const home = await getPerson(tx, dossier.applicantId)
  if (!child?.fullName || !home) return {}
  const record = await registerBirth(
    tx,
    actorId,
    {
      fullName: child.fullName,
      birthDate: child.birthDate,
      gender: child.gender,
      ethnicity: child.ethnicity ?? home.data.ethnicity,
      nationality: child.nationality ?? home.data.nationality,
      provinceCode: home.data.provinceCode,
      communeCode: home.data.communeCode,
      address: home.data.address,
      maritalStatus: 'single',
      ...(parent('father') ? { fatherPin: parent('father') } : {}),
      ...(parent('mother') ? { motherPin: parent('mother') } : {}),
    },
    `dossier:${dossier.code}`,
  )
  return { childPin: record.pin }
}

/**
 * The result of an approved dossier: a PDF with the decision's data and a QR code to its public
 * verification page, signed by the official who approved it with their personal key and then by
 * the competent agency (two PAdES signatures), its data also signed by the agency as JWS, filed in
 * the applicant's wallet as `<dossier code>-KQ<n>`. Returns the wallet document's id.
 */
export async function issueResult(
  tx: Tx,
  dossier: DossierRow,
  procedure: Procedure,
  options: { publicUrl: string; applicantName: string; official: OfficialRef; at: Date },
): Promise<string> {
  const actorId = options.official.userId
  const agency = await getAgency(tx, dossier.competentAgencyId)
  const id = randomUUID()
  const code = `${dossier.code}-KQ1`
  const issuedAt = options.at
  const holder = holderName(dossier.data, options.applicantName)
  const effects = await registryEffects(tx, dossier, procedure, actorId)
  const fields = labelledFields(procedure.form.schema, dossier.data)
  if (effects.childPin) fields.unshift({ label: 'Số định danh cá nhân của trẻ', value: effects.childPin })
  const pdf = await renderResultPdf({
    title: procedure.resultName.toUpperCase(),
    titleEn: procedure.resultNameEn,
    documentCode: code,
    agencyName: agency.name,
    issuedAt,
    holderName: holder,
    fields,
    verifyUrl: `${options.publicUrl}/verify/${id}`,
    signedBy: { name: options.official.displayName, title: options.official.title ?? null },
  })
  const signed = await signResultPdf(tx, {
    pdf,
    official: options.official,
    agency: { id: agency.id, name: agency.name },
    subject: `Kết quả hồ sơ ${dossier.code}`,
    location: agency.name,
  })
  const data = {
    documentCode: code,
    procedureCode: procedure.code,
    dossierCode: dossier.code,
    holderName: holder,
    issuedAt: issuedAt.toISOString(),
    issuer: agency.id,
    // Who signed the PDF, in the order they signed: the official, then the agency's seal.
    signedBy: [
      {
        kind: 'official',
        name: options.official.displayName,
        title: options.official.title ?? null,
        agency: agency.name,
      },
      { kind: 'agency', name: agency.name, id: agency.id },
    ],
    fields: dossier.data,
    ...effects,
  }
  const jws = await signJws(tx, { ownerType: 'agency', ownerId: agency.id }, data)
  await addDocument(tx, actorId, {
    id,
    code,
    owner:
      dossier.applicantType === 1
        ? { type: 'person', id: dossier.applicantId }
        : { type: 'organisation', id: dossier.applicantId },
    type: procedure.resultType,
    title: procedure.resultName,
    source: 'issued',
    issuerAgencyId: agency.id,
    dossierCode: dossier.code,
    file: { bytes: signed, mimeType: 'application/pdf' },
    data,
    jws,
    issuedAt,
  })
  await publish(tx, {
    name: 'dossier.result_issued',
    payload: {
      code: dossier.code,
      procedureCode: procedure.code,
      competentAgencyId: agency.id,
      documentId: id,
      documentCode: code,
    },
  })
  return id
}
