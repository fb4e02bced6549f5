import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { withWrites } from '../../db/together'
import { appendAudit } from '../audit/service'
import { publish } from '../events/service'
import {
  agencyIdsUnder,
  getAgency,
  inJurisdiction,
  officialsWithRole,
  type Principal,
} from '../identity/service'
import { notify } from '../notify/service'
import { dossierNotFound } from './errors'
import { dossiers } from './schema'

// Reception within 8 working hours (Decree 45/2020, Art. 11): an online dossier is accepted, refused or
// sent back for more within 8 working hours of its filing. The deadline is computed at filing from the
// working calendar (receptionDueAt); the first official answer records receivedAt.

const BATCH = 200

/**
 * Alerts the reception desk of each dossier still new past its reception deadline, once: an in-app
 * notice (and e-mail) to every reception official of its receiving and competent agencies, the
 * alert's time on the dossier, an audit event and `dossier.reception_overdue`. Returns how many
 * dossiers were alerted. Safe to run from several processes (rows are taken with SKIP LOCKED).
 */
export async function alertLateReceptions(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const late = await tx
      .select({
        code: dossiers.code,
        procedureCode: dossiers.procedureCode,
        receivingAgencyId: dossiers.receivingAgencyId,
        competentAgencyId: dossiers.competentAgencyId,
        receptionDueAt: dossiers.receptionDueAt,
      })
      .from(dossiers)
      .where(
        and(
          eq(dossiers.status, 'new'),
          lt(dossiers.receptionDueAt, now),
          isNull(dossiers.receptionAlertedAt),
        ),
      )
      .orderBy(dossiers.receptionDueAt)
      .limit(BATCH)
      .for('update', { skipLocked: true })
    if (late.length === 0) return 0
    const desks = await officialsWithRole(
      tx,
      [...new Set(late.flatMap((d) => [d.receivingAgencyId, d.competentAgencyId]))],
      'reception',
    )
    for (const dossier of late) {
      const due = dossier.receptionDueAt.toISOString()
      const recipients = desks.filter(
        (o) => o.agencyId === dossier.receivingAgencyId || o.agencyId === dossier.competentAgencyId,
      )
      await withWrites(tx, [
        ...recipients.map((o) =>
          notify(tx, {
            userId: o.userId,
            email: o.email,
            title: {
              vi: `Hồ sơ ${dossier.code} quá hạn tiếp nhận`,
              en: `Dossier ${dossier.code} not received in time`,
            },
            body: {
              vi: `Hồ sơ ${dossier.code} chưa được tiếp nhận trong 8 giờ làm việc (hạn ${due}). Hãy tiếp nhận, từ chối hoặc yêu cầu bổ sung ngay.`,
              en: `Dossier ${dossier.code} was not received within 8 working hours (due ${due}). Accept it, refuse it or ask for a supplement now.`,
            },
            link: `/workspace/dossiers/${dossier.code}`,
          }),
        ),
        appendAudit(tx, {
          actorId: null,
          action: 'dossier.reception_overdue',
          entity: 'dossier',
          entityId: dossier.code,
          data: { receptionDueAt: due, alerted: recipients.length },
        }),
        publish(tx, {
          name: 'dossier.reception_overdue',
          payload: {
            code: dossier.code,
            procedureCode: dossier.procedureCode,
            receivingAgencyId: dossier.receivingAgencyId,
            competentAgencyId: dossier.competentAgencyId,
            receptionDueAt: due,
            alerted: recipients.length,
          },
        }),
      ])
        .update(dossiers)
        .set({ receptionAlertedAt: now })
        .where(eq(dossiers.code, dossier.code))
    }
    return late.length
  })
}

/**
 * Dossiers not received in time, per competent agency, in an official's jurisdiction (or one agency
 * in it): still new past their reception deadline now. Agencies with none are left out.
 */
export async function receptionOverdueByAgency(
  db: Db,
  principal: Principal,
  agencyId?: string,
): Promise<{ agencyId: string; name: string; overdue: number; oldestDueAt: string }[]> {
  const rootId = agencyId ?? principal.agencyId
  const root = rootId ? await getAgency(db, rootId) : null
  if (!root || !inJurisdiction(principal, root.path)) throw dossierNotFound()
  const rows = await db
    .select({
      agencyId: dossiers.competentAgencyId,
      overdue: sql<number>`count(*)::int`,
      oldestDueAt: sql<Date>`min(${dossiers.receptionDueAt})`,
    })
    .from(dossiers)
    .where(
      and(
        inArray(dossiers.competentAgencyId, await agencyIdsUnder(db, root.path)),
        eq(dossiers.status, 'new'),
        lt(dossiers.receptionDueAt, new Date()),
      ),
    )
    .groupBy(dossiers.competentAgencyId)
    .orderBy(desc(sql`count(*)`), dossiers.competentAgencyId)
  return Promise.all(
    rows.map(async (r) => ({
      agencyId: r.agencyId,
      name: (await getAgency(db, r.agencyId)).name,
      overdue: r.overdue,
      oldestDueAt: new Date(r.oldestDueAt).toISOString(),
    })),
  )
}
