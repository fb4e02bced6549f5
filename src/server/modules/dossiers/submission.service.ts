import { and, eq } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { appendAudit } from '../audit/service'
import { workingCalendar } from '../calendar/service'
import { getProcedure, type Procedure, statusCodeOf } from '../catalog/service'
import type { Principal } from '../identity/service'
import { readForPrefill } from '../registry/service'
import type { Applicant } from '../registry/types'
import { getOwnDocument, reuseDocument, type WalletDocument } from '../wallet/service'
import { nextDossierCode } from './codes'
import {
  consentMissing,
  documentNotAccepted,
  documentRequired,
  notAnApplicant,
  unknownRequirement,
} from './errors'
import { feeFor } from './fees'
import { applyPrefill, type PrefilledField, prefilledFields, validateForm } from './form'
import { announce } from './notices'
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
  const applicant = applicantOf(principal)
  const all = prefilledFields(procedure.form.schema)
  const read = async (fields: PrefilledField[]) => {
    if (fields.length === 0) return { fields, values: {} as Record<string, string | null>, subjects: {} }
    const result = await readForPrefill(db, {
      applicant,
      sources: [...new Set(fields.map((f) => f.source))],
      purpose: `Điền sẵn hồ sơ thủ tục ${procedure.code} (${procedure.name})`,
      requestedBy: `user:${principal.userId}`,
      dossierCode: options.dossierCode,
      consentBy: options.consent ? applicantIdOf(applicant) : undefined,
    })
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
  for (const subject of new Set(all.map((f) => f.source.split('.')[1]))) {
    try {
      const part = await read(all.filter((f) => f.source.split('.')[1] === subject))
      merged.fields.push(...part.fields)
      Object.assign(merged.values, part.values)
      Object.assign(merged.subjects, part.subjects)
    } catch (error) {
      if ((error as { code?: string }).code !== 'CONSENT_REQUIRED') throw error
    }
  }
  return { ...merged, needsConsent: true }
}

/** Checks the referenced wallet documents against the procedure's requirements. */
async function checkDocuments(
  tx: Tx,
  procedure: Procedure,
  applicant: Applicant,
  references: DocumentReference[],
): Promise<Map<string, WalletDocument>> {
  const owner = walletOwnerOf(applicant)
  const attached = new Map<string, WalletDocument>()
  for (const reference of references) {
    const requirement = procedure.documents.find((r) => r.id === reference.requirementId)
    if (!requirement) throw unknownRequirement(reference.requirementId)
    const document = await getOwnDocument(tx, owner, reference.walletDocumentId)
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
 * appointment in working days — and the dossier, its first action, its once-only items, the audit
 * event and the applicant's notice all committed in one transaction.
 */
export async function submitDossier(
  db: Db,
  principal: Principal,
  input: SubmitInput,
  idempotencyKey?: string,
  /** `at` backdates the filing: only the demo generator, replaying history, sets it. */
  options: { at?: Date } = {},
): Promise<{ dossier: DossierView; replayed: boolean }> {
  const applicant = applicantOf(principal)
  if (idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, principal.userId, idempotencyKey)
    if (earlier) return { dossier: earlier, replayed: true }
  }
  const procedure = await getProcedure(db, input.procedureCode)
  // Reads only, before the transaction: it holds the agency's daily sequence of codes to its end.
  const route = await routeDossier(db, procedure, applicant, input.receivingAgencyId)
  try {
    const filed = await db.transaction(async (tx) => {
      const documents = await checkDocuments(tx, procedure, applicant, input.documents)
      const now = options.at ?? new Date()
      const code = await nextDossierCode(tx, route.receivingAgencyId, now)
      const prefill = await prefillFor(tx, principal, procedure, {
        consent: input.consent === true,
        dossierCode: code,
      })
      const data = applyPrefill(input.data, prefill.fields, prefill.values)
      validateForm(procedure, data)

      const calendar = workingCalendar()
      const status = procedure.workflow.initial ?? 'new'
      const dueAt = calendar.dueDate(now, procedure.processingDays)
      // Reception has 8 working hours, but never beyond the appointment itself (same-day procedures).
      const eightHours = calendar.addWorkingHours(now, procedure.workflow.slaHours?.new ?? 8)
      const receptionDue = new Date(Math.min(eightHours.getTime(), dueAt.getTime()))
      const [row] = await tx
        .insert(dossiers)
        .values({
          code,
          procedureId: procedure.id,
          procedureCode: procedure.code,
          applicantUserId: principal.userId,
          applicantType: applicant.type === 'person' ? 1 : 2,
          applicantId: applicantIdOf(applicant),
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
        })
        .returning()
      await tx.insert(dossierActions).values({
        dossierCode: code,
        action: 'submit',
        at: now,
        actorId: principal.userId,
        actorRole: 'applicant',
        fromStatus: null,
        toStatus: status,
        data: { procedureVersion: procedure.version, documents: input.documents.length },
      })
      const purpose = `Hồ sơ ${code}: ${procedure.name}`
      const items: (typeof dossierItems.$inferInsert)[] = [
        ...prefill.fields.map((field) => ({
          dossierCode: code,
          item: field.path.join('.'),
          kind: 'field' as const,
          reused: (prefill.values as Record<string, string | null>)[field.source] != null,
          source: `registry:${field.source}`,
          purpose,
          at: now,
        })),
      ]
      for (const [requirementId, document] of documents) {
        // The state already held it when it was issued or digitised by an agency, or filed before.
        const heldBefore = document.source !== 'uploaded' || document.uses > 0
        await reuseDocument(tx, {
          documentId: document.id,
          owner: walletOwnerOf(applicant),
          dossierCode: code,
          purpose,
          usedBy: route.competentAgencyId,
        })
        items.push({
          dossierCode: code,
          item: requirementId,
          kind: 'document' as const,
          reused: heldBefore,
          source: `wallet:${document.id}`,
          purpose,
          at: now,
        })
      }
      if (items.length > 0) await tx.insert(dossierItems).values(items)
      // The draft of this application has served its purpose.
      await tx
        .delete(drafts)
        .where(and(eq(drafts.userId, principal.userId), eq(drafts.procedureCode, procedure.code)))
      await announce(
        tx,
        { code, applicantUserId: principal.userId, procedureName: procedure.name },
        'submitted',
      )
      // Last: the audit chain is one lock for all of Sen, held from here to the commit.
      await appendAudit(tx, {
        actorId: principal.userId,
        action: 'dossier.submitted',
        entity: 'dossier',
        entityId: code,
        data: { procedureCode: procedure.code, agencyId: route.competentAgencyId },
      })
      return row!
    })
    return { dossier: toView(filed), replayed: false }
  } catch (error) {
    // Two retries with one key raced: the loser returns the winner's dossier.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await findByIdempotencyKey(db, principal.userId, idempotencyKey)
      if (earlier) return { dossier: earlier, replayed: true }
    }
    throw error
  }
}

async function findByIdempotencyKey(db: Db, userId: string, key: string): Promise<DossierView | null> {
  const [row] = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.applicantUserId, userId), eq(dossiers.idempotencyKey, key)))
  return row ? toView(row) : null
}

/** PostgreSQL's unique_violation, whether the driver's error arrives bare or wrapped by Drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } }
  return e?.code === '23505' || e?.cause?.code === '23505'
}
