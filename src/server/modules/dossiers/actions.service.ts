import { eq } from 'drizzle-orm'
import type { Db } from '../../db'
import { changedHere } from '../../db/invalidation'
import { withWrites } from '../../db/together'
import { AppError } from '../../errors'
import { appendAudit } from '../audit/service'
import { workingCalendar } from '../calendar/service'
import { getProcedureVersion, nextState, noFeeDue, openStates } from '../catalog/service'
import { publish } from '../events/service'
import { getAccount, getAgency, type Principal } from '../identity/service'
import { notify } from '../notify/service'
import { officialTitle, signDecision } from '../signing/service'
import { recordDocumentUse, usableDocument } from '../wallet/service'
import { reasonRequired } from './errors'
import { applyPrefill, validateForm } from './form'
import { announcement } from './notices'
import { openPayment } from './payment-requests.service'
import { getDossierRow, INTERNAL_ACTIONS, previousStatus, rolesOn, toView } from './queries.service'
import { issueResult } from './result.service'
import { dossierActions, dossierItems, dossiers } from './schema'
import { applicantOf, prefillFor } from './submission.service'
import type { ActionInput, DossierView } from './types'

/** Sen itself as the actor, e.g. when the payment provider confirms a payment. */
export const SYSTEM = 'system'

/** The role an action is recorded under: the first of the actor's roles that the workflow lets take it. */
function actingRole(step: { roles: string[] } | undefined, roles: string[]): string {
  return roles.find((role) => step?.roles.includes(role)) ?? roles[0] ?? 'unknown'
}

const apologyNotAllowed = () =>
  new AppError(409, 'NOT_LATE', {
    vi: 'Chỉ gửi thư xin lỗi khi hồ sơ đã quá hạn.',
    en: 'An apology is sent only for a late dossier.',
  })

const badNewDueDate = () =>
  new AppError(
    400,
    'BAD_DUE_DATE',
    { vi: 'Ngày hẹn mới phải sau thời điểm hiện tại.', en: 'The new appointment must be in the future.' },
    'newDueAt',
  )

/**
 * Takes one workflow action on a dossier: checks that the actor may (applicant, or an official of
 * the competent agency's jurisdiction with a role the workflow names), moves the state as the
 * workflow says, applies the action's effects (clock stop and restart, signed decision and result,
 * apology with a new appointment), and records the action, the audit event and the applicant's
 * notice in one transaction.
 */
export async function takeAction(
  db: Db,
  actor: Principal | typeof SYSTEM,
  code: string,
  input: ActionInput,
  /** `at` backdates the action: only the demo generator, replaying history, sets it. */
  options: { publicUrl: string; at?: Date },
): Promise<DossierView> {
  const note = input.note?.trim() || null
  const updated = await db.transaction(async (tx) => {
    const row = await getDossierRow(tx, code, true)
    const principal = actor === SYSTEM ? null : actor
    const actorId = principal?.userId ?? null
    const roles = principal ? await rolesOn(tx, principal, row) : [SYSTEM]
    const procedure = await getProcedureVersion(tx, row.procedureId)
    const now = options.at ?? new Date()
    const calendar = workingCalendar()
    const changes: Partial<typeof dossiers.$inferInsert> = { updatedAt: now }
    let toStatus = row.status
    let signature: string | null = null
    let role = roles[0] ?? 'unknown'

    if (input.action === 'apologise') {
      // Not a change of state: the apology notice for a late dossier, with its new appointment.
      if (!roles.some((r) => r === 'specialist' || r === 'leader'))
        throw new AppError(403, 'FORBIDDEN', {
          vi: 'Bạn không có quyền thực hiện thao tác này.',
          en: 'You are not allowed to do this.',
        })
      if (row.dueAt >= now || !openStates().includes(row.status)) {
        throw apologyNotAllowed()
      }
      const newDueAt = input.newDueAt ? new Date(input.newDueAt) : null
      if (!newDueAt || Number.isNaN(newDueAt.getTime()) || newDueAt <= now) throw badNewDueDate()
      if (!note) throw reasonRequired()
      role = roles.find((r) => r === 'specialist' || r === 'leader')!
      changes.dueAt = calendar.endOf(calendar.localDay(newDueAt))
    } else {
      const transition = nextState(
        procedure.workflow,
        input.action,
        row.status,
        await previousStatus(tx, code),
        roles,
        { stage: row.stage, feeDue: row.feeVnd > 0 },
      )
      if (transition.reasonRequired && !note) throw reasonRequired()
      toStatus = transition.to
      role = actingRole(
        procedure.workflow.actions.find((a) => a.action === input.action),
        roles,
      )
      changes.status = transition.to
      changes.statusCode = transition.statusCode
      // The first official answer at reception (accept, refuse, ask for more) ends its 8 working hours.
      if (row.status === 'new' && row.receivedAt === null && role !== 'applicant') changes.receivedAt = now
      changes.stage = transition.stage
      switch (input.action) {
        case 'assign':
          changes.assigneeId = input.assigneeId ?? actorId
          break
        case 'request_supplement':
          changes.pausedAt = now
          changes.supplementRequests = row.supplementRequests + 1
          break
        case 'supplement': {
          if (input.data) {
            const prefill = await prefillFor(tx, principal!, procedure, { consent: true, dossierCode: code })
            const data = applyPrefill({ ...row.data, ...input.data }, prefill.fields, prefill.values)
            validateForm(procedure, data)
            changes.data = data
          }
          for (const reference of input.documents ?? []) {
            const document = await usableDocument(
              tx,
              applicantOf(principal!).type === 'person'
                ? { type: 'person', id: row.applicantId }
                : { type: 'organisation', id: row.applicantId },
              reference.walletDocumentId,
            )
            await recordDocumentUse(tx, document, {
              dossierCode: code,
              purpose: `Bổ sung hồ sơ ${code}`,
              usedBy: row.competentAgencyId,
            })
            await tx.insert(dossierItems).values({
              dossierCode: code,
              item: reference.requirementId,
              kind: 'document',
              reused: document.source !== 'uploaded' || document.uses > 0,
              source: `wallet:${document.id}`,
              purpose: `Bổ sung hồ sơ ${code}`,
            })
          }
          if (row.pausedAt) {
            changes.dueAt = calendar.extendBy(row.dueAt, row.pausedAt, now)
            changes.pausedAt = null
          }
          break
        }
        case 'request_payment':
          // The workflow refuses it where no fee is due ('requiresFee'); versions stored before it said so do not.
          if (row.feeVnd <= 0) throw noFeeDue()
          await openPayment(tx, code, row.feeVnd)
          break
        case 'pay':
          changes.paid = true
          break
        case 'approve':
        case 'reject': {
          const account = await getAccount(tx, actorId!)
          const agency = await getAgency(tx, row.competentAgencyId)
          const official = {
            userId: actorId!,
            displayName: account.displayName,
            agencyName: agency.name,
            title: officialTitle([role]),
          }
          // The decision is the official's signed electronic work record.
          signature = await signDecision(tx, official, {
            dossierCode: code,
            decision: transition.decision ?? input.action,
            note,
            decidedAt: now.toISOString(),
          })
          changes.decidedAt = now
          changes.decisionSigned = true
          if (input.action === 'approve') {
            const applicant = await getAccount(tx, row.applicantUserId)
            changes.resultDocumentId = await issueResult(tx, row, procedure, {
              publicUrl: options.publicUrl,
              applicantName: applicant.displayName,
              official,
              at: now,
            })
          }
          break
        }
        case 'return_result':
          changes.returnedAt = now
          break
      }
    }

    // The applicant is told of each step but their own and those between officials.
    const notice =
      role === 'applicant' || INTERNAL_ACTIONS.includes(input.action)
        ? null
        : announcement(
            {
              code,
              applicantUserId: row.applicantUserId,
              procedureName: procedure.name,
              dueAt: changes.dueAt ?? row.dueAt,
            },
            input.action,
            { reason: note, status: toStatus },
            (await getAccount(tx, row.applicantUserId)).email,
          )
    // The change, its action, its audit event and the applicant's notice: one statement.
    const [updated] = await withWrites(tx, [
      tx.insert(dossierActions).values({
        dossierCode: code,
        action: input.action,
        at: now,
        actorId,
        actorRole: role,
        fromStatus: row.status,
        toStatus,
        note,
        data:
          input.action === 'apologise'
            ? { newDueAt: changes.dueAt?.toISOString() }
            : input.assigneeId
              ? { assigneeId: input.assigneeId }
              : null,
        signature,
      }),
      appendAudit(tx, {
        actorId,
        action: `dossier.${input.action}`,
        entity: 'dossier',
        entityId: code,
        data: { from: row.status, to: toStatus, role },
      }),
      ...(notice ? [notify(tx, notice)] : []),
      publish(tx, {
        name: 'dossier.action_taken',
        payload: {
          code,
          action: input.action,
          fromStatus: row.status,
          toStatus,
          actorId,
          role,
          competentAgencyId: row.competentAgencyId,
          at: now.toISOString(),
        },
      }),
    ])
      .update(dossiers)
      .set(changes)
      .where(eq(dossiers.code, code))
      .returning()
    return updated!
  })
  changedHere(db, 'dossier', code)
  return toView(updated)
}
