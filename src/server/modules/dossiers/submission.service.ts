import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { prepared } from '../../db/prepared'
import { type Writes, withWrites, writeTogether } from '../../db/together'
import { appendAudit } from '../audit/service'
import { workingCalendar } from '../calendar/service'
import { getProcedure, type Procedure, statusCodeOf } from '../catalog/service'
import { publish } from '../events/service'
import type { Principal } from '../identity/service'
import { notify } from '../notify/service'
import { type AccessLog, type RecordReader, readForPrefill, recordReader } from '../registry/service'
import type { Applicant } from '../registry/types'
import { representationFor } from '../representation/service'
import { getOwnDocument, recordDocumentUse, usableDocument, type WalletDocument } from '../wallet/service'
import { nextDossierCode } from './codes'
import {
  assuranceTooLow,
  consentMissing,
  documentNotAccepted,
  documentRequired,
  idempotencyKeyReused,
  notAnApplicant,
  unknownRequirement,
} from './errors'
import { feeFor } from './fees'
import { applyPrefill, type PrefilledField, prefilledFields, validateForm } from './form'
import { announcement } from './notices'
import { toView } from './queries.service'
import { routeDossier } from './routing'
import { dossierActions, dossierItems, dossiers, drafts } from './schema'
import type { DocumentReference, DossierView, SubmitInput } from './types'

export function applicantOf(principal: Principal): Applicant {
  if (principal.kind === 'citizen' && principal.pin) return { type: 'person', pin: principal.pin }
  if (principal.kind === 'business' && principal.taxCode)
    return { type: 'business', taxCode: principal.taxCode }
  throw notAnApplicant()
}

const applicantIdOf = (applicant: Applicant) =>
  applicant.type === 'person' ? applicant.pin : applicant.taxCode
const walletOwnerOf = (applicant: Applicant) =>
  applicant.type === 'person'
    ? ({ type: 'person', id: applicant.pin } as const)
    : ({ type: 'organisation', id: applicant.taxCode } as const)

/**
 * The registry values that prefill a procedure's form for this applicant, read with a purpose
 * and logged. Data about other people (a spouse) is read only with the applicant's confirmed consent.
 */
export async function prefillFor(
  db: Db,
  principal: Principal,
  procedure: Procedure,
  options: { consent: boolean; dossierCode?: string; partial?: boolean },
) {
  const { accessLog, ...prefill } = await prefillLogLater(db, principal, procedure, options, recordReader(db))
  await writeTogether(db, accessLog(db, options.dossierCode))
  return prefill
}

/** {@link prefillFor} whose reads the caller logs, with the writes that use them. */
async function prefillLogLater(
  db: Db,
  principal: Principal,
  procedure: Procedure,
  options: { consent: boolean; partial?: boolean; applicant?: Applicant },
  records: RecordReader,
) {
  const applicant = options.applicant ?? applicantOf(principal)
  const all = prefilledFields(procedure.form.schema)
  const read = async (fields: PrefilledField[]) => {
    if (fields.length === 0)
      return { fields, values: {} as Record<string, string | null>, subjects: {}, accessLog: () => [] }
    const result = await readForPrefill(
      db,
      {
        applicant,
        sources: [...new Set(fields.map((f) => f.source))],
        purpose: `Điền sẵn hồ sơ thủ tục ${procedure.code} (${procedure.name})`,
        requestedBy: `user:${principal.userId}`,
        consentBy: options.consent ? applicantIdOf(applicant) : undefined,
      },
      records,
    )
    return { fields, ...result }
  }
  try {
    return { ...(await read(all)), needsConsent: false }
  } catch (error) {
    if ((error as { code?: string }).code !== 'CONSENT_REQUIRED') throw error
    if (!options.partial) throw consentMissing()
  }
  // Before consent, whatever is about the applicant still fills in (the father of a father's own
  // application is himself); what is about other people waits for consent.
  const merged = { fields: [] as PrefilledField[], values: {} as Record<string, string | null>, subjects: {} }
  const logs: AccessLog[] = []
  for (const subject of new Set(all.map((f) => f.source.split('.')[1]))) {
    try {
      const part = await read(all.filter((f) => f.source.split('.')[1] === subject))
      merged.fields.push(...part.fields)
      Object.assign(merged.values, part.values)
      Object.assign(merged.subjects, part.subjects)
      logs.push(part.accessLog)
    } catch (error) {
      if ((error as { code?: string }).code !== 'CONSENT_REQUIRED') throw error
    }
  }
  return {
    ...merged,
    needsConsent: true,
    accessLog: ((tx, code) => logs.flatMap((log) => log(tx, code))) satisfies AccessLog,
  }
}

/** Checks the referenced wallet documents against the procedure's requirements. */
async function checkDocuments(
  db: Db,
  procedure: Procedure,
  applicant: Applicant,
  references: DocumentReference[],
): Promise<Map<string, WalletDocument>> {
  const owner = walletOwnerOf(applicant)
  const attached = new Map<string, WalletDocument>()
  for (const reference of references) {
    const requirement = procedure.documents.find((r) => r.id === reference.requirementId)
    if (!requirement) throw unknownRequirement(reference.requirementId)
    const document = await getOwnDocument(db, owner, reference.walletDocumentId)
    if (!requirement.walletTypes.includes(document.type)) throw documentNotAccepted(requirement.id)
    attached.set(requirement.id, document)
  }
  for (const requirement of procedure.documents) {
    if (requirement.required && !attached.has(requirement.id)) {
      throw documentRequired(requirement.id, { vi: requirement.name, en: requirement.nameEn })
    }
  }
  return attached
}

/**
 * Files an application online: prefill checked against the registries, the form validated, wallet
 * documents attached by reference, a code from the receiving agency's daily sequence, the
 * appointment in working days — and the dossier, its first action, its once-only items, the
 * registry reads, the audit event and the applicant's notice all committed in one transaction.
 *
 * Everything is read and checked before that transaction, and everything is written in one
 * statement in it: it holds the agency's daily sequence of codes from taking a code to its commit,
 * so that codes have no gaps, and each round trip in between would delay every other filing at
 * that agency. Only the wallet's check of the attached documents comes in the transaction, before
 * the code: it holds them so that none is revoked before the filing commits.
 */
export async function submitDossier(
  db: Db,
  principal: Principal,
  input: SubmitInput,
  idempotencyKey?: string,
  /** `at` backdates the filing: only the demo generator, replaying history, sets it. */
  options: { at?: Date } = {},
): Promise<{ dossier: DossierView; replayed: boolean }> {
  let applicant = applicantOf(principal)
  const fingerprint = idempotencyKey ? fingerprintOf(input) : null
  if (idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, principal.userId, idempotencyKey, fingerprint!)
    if (earlier) return { dossier: earlier, replayed: true }
  }
  const procedure = await getProcedure(db, input.procedureCode)
  // Where the law asks for it, the applicant must have logged in with an e-identity of that level.
  if (procedure.assurance && principal.assurance < procedure.assurance.level) {
    throw assuranceTooLow(procedure.assurance, principal.assurance)
  }
  // Filed for someone else: the filer must be their parent, representative or authorised person;
  // the dossier is then theirs (routing, prefill, documents, result), filed and followed by the filer.
  const representation = input.onBehalfOf
    ? await representationFor(
        db,
        principal,
        'pin' in input.onBehalfOf
          ? { type: 'person', pin: input.onBehalfOf.pin }
          : { type: 'business', taxCode: input.onBehalfOf.taxCode },
        procedure.code,
      )
    : null
  if (representation) {
    const { represented } = representation
    applicant =
      represented.type === 'person'
        ? { type: 'person', pin: represented.pin }
        : { type: 'business', taxCode: represented.taxCode }
  }
  // Routing and prefill read the applicant's record once, and the same version of it.
  const records = recordReader(db)
  const route = await routeDossier(
    db,
    procedure,
    applicant,
    `user:${principal.userId}`,
    input.receivingAgencyId,
    records,
  )
  const documents = await checkDocuments(db, procedure, applicant, input.documents)
  const prefill = await prefillLogLater(
    db,
    principal,
    procedure,
    { consent: input.consent === true, applicant },
    records,
  )
  const data = applyPrefill(input.data, prefill.fields, prefill.values)
  validateForm(procedure, data)

  const recorded = representation
    ? {
        representativePin: representation.representativePin,
        basis: representation.basis,
        authorisationId: representation.authorisationId,
      }
    : null
  const now = options.at ?? new Date()
  const calendar = workingCalendar()
  const status = procedure.workflow.initial ?? 'new'
  const dueAt = calendar.dueDate(now, procedure.processingDays)
  // Reception has 8 working hours, but never beyond the appointment itself (same-day procedures).
  const eightHours = calendar.addWorkingHours(now, procedure.workflow.slaHours?.new ?? 8)
  const receptionDue = new Date(Math.min(eightHours.getTime(), dueAt.getTime()))
  try {
    const filed = await db.transaction(async (tx) => {
      const attached: [string, WalletDocument][] = []
      for (const [requirementId, document] of documents)
        attached.push([requirementId, await usableDocument(tx, walletOwnerOf(applicant), document.id)])
      const code = await nextDossierCode(tx, route.receivingAgencyId, now)
      const purpose = `Hồ sơ ${code}: ${procedure.name}`
      const items: (typeof dossierItems.$inferInsert)[] = prefill.fields.map((field) => ({
        dossierCode: code,
        item: field.path.join('.'),
        kind: 'field' as const,
        reused: (prefill.values as Record<string, string | null>)[field.source] != null,
        source: `registry:${field.source}`,
        purpose,
        at: now,
      }))
      const uses: Writes[] = []
      for (const [requirementId, document] of attached) {
        uses.push(
          recordDocumentUse(tx, document, {
            dossierCode: code,
            purpose,
            usedBy: route.competentAgencyId,
          }),
        )
        items.push({
          dossierCode: code,
          item: requirementId,
          kind: 'document' as const,
          // The state already held it when it was issued or digitised by an agency, or filed before.
          reused: document.source !== 'uploaded' || document.uses > 0,
          source: `wallet:${document.id}`,
          purpose,
          at: now,
        })
      }
      const notice = announcement(
        { code, applicantUserId: principal.userId, procedureName: procedure.name },
        'submitted',
        {},
        principal.email,
      )
      const [row] = await withWrites(tx, [
        tx.insert(dossierActions).values({
          dossierCode: code,
          action: 'submit',
          at: now,
          actorId: principal.userId,
          actorRole: 'applicant',
          fromStatus: null,
          toStatus: status,
          data: { procedureVersion: procedure.version, documents: input.documents.length },
        }),
        ...(items.length > 0 ? [tx.insert(dossierItems).values(items)] : []),
        ...route.accessLog(tx, code),
        ...prefill.accessLog(tx, code),
        ...uses,
        // The draft of this application has served its purpose.
        tx
          .delete(drafts)
          .where(and(eq(drafts.userId, principal.userId), eq(drafts.procedureCode, procedure.code))),
        notify(tx, notice),
        appendAudit(tx, {
          actorId: principal.userId,
          action: 'dossier.submitted',
          entity: 'dossier',
          entityId: code,
          data: {
            procedureCode: procedure.code,
            agencyId: route.competentAgencyId,
            ...(representation ? { onBehalfOf: representation.represented, representation: recorded } : {}),
          },
        }),
        publish(tx, {
          name: 'dossier.submitted',
          payload: {
            code,
            procedureCode: procedure.code,
            procedureVersion: procedure.version,
            applicantUserId: principal.userId,
            applicantType: applicant.type,
            receivingAgencyId: route.receivingAgencyId,
            competentAgencyId: route.competentAgencyId,
            provinceCode: route.provinceCode,
            status,
            submittedAt: now.toISOString(),
            dueAt: dueAt.toISOString(),
            documents: input.documents.length,
          },
        }),
      ])
        .insert(dossiers)
        .values({
          code,
          procedureId: procedure.id,
          procedureCode: procedure.code,
          applicantUserId: principal.userId,
          applicantType: applicant.type === 'person' ? 1 : 2,
          applicantId: applicantIdOf(applicant),
          representation: recorded,
          receivingAgencyId: route.receivingAgencyId,
          competentAgencyId: route.competentAgencyId,
          provinceCode: route.provinceCode,
          status,
          statusCode: statusCodeOf(status),
          channel: 2,
          data,
          feeVnd: feeFor(procedure.fee, data),
          submittedAt: now,
          receptionDueAt: receptionDue,
          dueAt,
          idempotencyKey: idempotencyKey ?? null,
          idempotencyFingerprint: fingerprint,
        })
        .returning()
      return row!
    })
    return { dossier: toView(filed), replayed: false }
  } catch (error) {
    // Two retries with one key raced: the loser returns the winner's dossier.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await findByIdempotencyKey(db, principal.userId, idempotencyKey, fingerprint!)
      if (earlier) return { dossier: earlier, replayed: true }
    }
    throw error
  }
}

/** What identifies a request's body whatever the order of its keys: sha256 of its canonical JSON (RFC 8785). */
const fingerprintOf = (input: SubmitInput) =>
  createHash('sha256')
    .update(canonicalize(input) ?? '')
    .digest('base64url')

/** The dossier filed earlier with this key; a 422 when it was filed from another body. */
async function findByIdempotencyKey(
  db: Db,
  userId: string,
  key: string,
  fingerprint: string,
): Promise<DossierView | null> {
  const statement = prepared(db, 'dossier_by_idempotency_key', (db, name) =>
    db
      .select()
      .from(dossiers)
      .where(
        and(
          eq(dossiers.applicantUserId, sql.placeholder('userId')),
          eq(dossiers.idempotencyKey, sql.placeholder('key')),
        ),
      )
      .prepare(name),
  )
  const [row] = await statement.execute({ userId, key })
  if (!row) return null
  // Dossiers filed before fingerprints were kept have none: they are returned as before.
  if (row.idempotencyFingerprint !== null && row.idempotencyFingerprint !== fingerprint)
    throw idempotencyKeyReused()
  return toView(row)
}

/** PostgreSQL's unique_violation, whether the driver's error arrives bare or wrapped by Drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } }
  return e?.code === '23505' || e?.cause?.code === '23505'
}
