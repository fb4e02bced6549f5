import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { rowCache } from '../../db/invalidation'
import { prepared } from '../../db/prepared'
import { appendAudit } from '../audit/service'
import { getProcedureVersion, openStates } from '../catalog/service'
import {
  agencyIdsUnder,
  applicantNames,
  getAgency,
  inJurisdiction,
  type Principal,
  staffRolesOver,
} from '../identity/service'
import { getDocument, getOwnFile } from '../wallet/service'
import { attachedDocumentNotFound, dossierNotFound } from './errors'
import { dossierActions, dossierItems, dossiers } from './schema'
import { AWAITING_APPROVAL, type DossierStatus, type DossierView, type Queue } from './types'

type DossierRow = typeof dossiers.$inferSelect

export function toView(row: DossierRow): DossierView {
  return {
    code: row.code,
    procedureCode: row.procedureCode,
    procedureVersion: row.procedureId,
    status: row.status,
    statusCode: row.statusCode,
    stage: row.stage,
    applicantType: row.applicantType,
    applicantId: row.applicantId,
    receivingAgencyId: row.receivingAgencyId,
    competentAgencyId: row.competentAgencyId,
    channel: row.channel,
    data: row.data,
    feeVnd: row.feeVnd,
    paid: row.paid,
    assigneeId: row.assigneeId,
    submittedAt: row.submittedAt.toISOString(),
    receptionDueAt: row.receptionDueAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    paused: row.pausedAt !== null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    returnedAt: row.returnedAt?.toISOString() ?? null,
    resultDocumentId: row.resultDocumentId,
    decisionSigned: row.decisionSigned,
    representation: row.representation ?? null,
  }
}

export async function getDossierRow(db: Db, code: string, forUpdate = false): Promise<DossierRow> {
  const [row] = forUpdate
    ? await db.select().from(dossiers).where(eq(dossiers.code, code)).for('update')
    : await prepared(db, 'dossier_by_code', (db, name) =>
        db
          .select()
          .from(dossiers)
          .where(eq(dossiers.code, sql.placeholder('code')))
          .prepare(name),
      ).execute({ code })
  if (!row) throw dossierNotFound()
  return row
}

/**
 * The workflow roles a principal holds on a dossier: 'applicant' for its applicant; the staff roles
 * of an official whose jurisdiction covers the competent or the receiving agency. Nobody else may
 * see it: they get 404, so that codes cannot be probed.
 */
export async function rolesOn(
  db: Db,
  principal: Principal,
  row: Pick<DossierRow, 'applicantUserId' | 'competentAgencyId' | 'receivingAgencyId'> &
    Partial<Pick<DossierRow, 'applicantId' | 'representation'>>,
): Promise<string[]> {
  if (row.applicantUserId === principal.userId) return ['applicant']
  // The person or business filed for by a representative sees it (and acts on nothing).
  if (row.representation && row.applicantId && row.applicantId === (principal.pin ?? principal.taxCode)) {
    return ['represented']
  }
  const staffRoles = await staffRolesOver(db, principal, [row.competentAgencyId, row.receivingAgencyId])
  if (staffRoles.length > 0) return staffRoles
  throw dossierNotFound()
}

export async function getDossierFor(db: Db, principal: Principal, code: string) {
  const row = await getDossierRow(db, code)
  const roles = await rolesOn(db, principal, row)
  return { dossier: toView(row), roles, applicantUserId: row.applicantUserId }
}

/** The columns a status read shows and checks, as kept in memory. */
type StatusRow = Pick<
  DossierRow,
  | 'code'
  | 'procedureId'
  | 'procedureCode'
  | 'status'
  | 'statusCode'
  | 'applicantUserId'
  | 'receivingAgencyId'
  | 'competentAgencyId'
  | 'submittedAt'
  | 'dueAt'
  | 'pausedAt'
  | 'decidedAt'
  | 'returnedAt'
  | 'resultDocumentId'
>

/**
 * Where each recently asked-about dossier stands, kept in memory: applicants' pages poll it. Its
 * row's trigger drops an entry whenever the dossier changes, in any process; `takeAction` drops it
 * here at once.
 */
const dossierStatuses = (db: Db) =>
  rowCache<StatusRow>(db, 'dossier-statuses', {
    max: 50_000,
    kinds: ['dossier'],
    keys: (_kind, code) => [code],
  })

/**
 * Where a dossier stands, for those who may see it (others get 404, as for the dossier itself).
 * Clients poll it; it must stay cheap: from memory when it can, else one prepared read.
 */
export async function dossierStatus(db: Db, principal: Principal, code: string): Promise<DossierStatus> {
  const row = await dossierStatuses(db).read(code, async () => {
    const statement = prepared(db, 'dossier_status', (db, name) =>
      db
        .select({
          code: dossiers.code,
          procedureId: dossiers.procedureId,
          procedureCode: dossiers.procedureCode,
          status: dossiers.status,
          statusCode: dossiers.statusCode,
          applicantUserId: dossiers.applicantUserId,
          receivingAgencyId: dossiers.receivingAgencyId,
          competentAgencyId: dossiers.competentAgencyId,
          submittedAt: dossiers.submittedAt,
          dueAt: dossiers.dueAt,
          pausedAt: dossiers.pausedAt,
          decidedAt: dossiers.decidedAt,
          returnedAt: dossiers.returnedAt,
          resultDocumentId: dossiers.resultDocumentId,
        })
        .from(dossiers)
        .where(eq(dossiers.code, sql.placeholder('code')))
        .prepare(name),
    )
    const [found] = await statement.execute({ code })
    return found
  })
  if (!row) throw dossierNotFound()
  await rolesOn(db, principal, row)
  const procedure = await getProcedureVersion(db, row.procedureId)
  return {
    code: row.code,
    procedureCode: row.procedureCode,
    procedureName: procedure.name,
    procedureNameEn: procedure.nameEn,
    status: row.status,
    statusCode: row.statusCode,
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    paused: row.pausedAt !== null,
    // As the overdue queue counts it; computed at each read, since time moves on a kept row.
    late: openStates().includes(row.status) && row.pausedAt === null && row.dueAt.getTime() < Date.now(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    returnedAt: row.returnedAt?.toISOString() ?? null,
    resultIssued: row.resultDocumentId !== null,
  }
}

/** Steps between officials inside the agency: their notes are for the officials, not the applicant. */
export const INTERNAL_ACTIONS: readonly string[] = ['submit_to_leader', 'return_to_specialist']

/** A dossier's actions, oldest first; `forApplicant` leaves out the notes officials wrote to each other. */
export async function dossierHistory(db: Db, code: string, options: { forApplicant?: boolean } = {}) {
  const statement = prepared(db, 'dossier_history', (db, name) =>
    db
      .select({
        action: dossierActions.action,
        actorRole: dossierActions.actorRole,
        fromStatus: dossierActions.fromStatus,
        toStatus: dossierActions.toStatus,
        note: dossierActions.note,
        // The signature itself is long; the history only says whether there is one.
        signed: sql<boolean>`${dossierActions.signature} is not null`,
        at: dossierActions.at,
      })
      .from(dossierActions)
      .where(eq(dossierActions.dossierCode, sql.placeholder('code')))
      .orderBy(asc(dossierActions.id))
      .prepare(name),
  )
  const rows = await statement.execute({ code })
  return rows.map((row) => ({
    ...row,
    note: options.forApplicant && INTERNAL_ACTIONS.includes(row.action) ? null : row.note,
    at: row.at.toISOString(),
  }))
}

/** The documents attached to a dossier by reference: which requirement, which wallet document, reused or not. */
export async function dossierDocuments(db: Db, code: string) {
  const statement = prepared(db, 'dossier_documents', (db, name) =>
    db
      .select({ requirementId: dossierItems.item, source: dossierItems.source, reused: dossierItems.reused })
      .from(dossierItems)
      .where(and(eq(dossierItems.dossierCode, sql.placeholder('code')), eq(dossierItems.kind, 'document')))
      .orderBy(asc(dossierItems.id))
      .prepare(name),
  )
  const rows = await statement.execute({ code })
  return rows.map((row) => ({
    requirementId: row.requirementId,
    walletDocumentId: row.source.replace(/^wallet:/, ''),
    reused: row.reused,
  }))
}

/**
 * The documents attached to a dossier with what the wallet holds of each and where it came from:
 * from the applicant's wallet (reused) or uploaded for this application. For those who may see the
 * dossier (the caller checked).
 */
export async function attachedDocuments(db: Db, code: string) {
  const references = await dossierDocuments(db, code)
  return Promise.all(
    references.map(async (reference) => {
      const document = await getDocument(db, reference.walletDocumentId)
      return {
        ...reference,
        provenance: reference.reused ? ('wallet' as const) : ('upload' as const),
        title: document.title,
        type: document.type,
        source: document.source,
        issuerAgencyId: document.issuerAgencyId,
        mimeType: document.mimeType,
        hasFile: document.hasFile,
        status: document.status,
        issuedAt: document.issuedAt,
      }
    }),
  )
}

/**
 * The file of a document attached to a dossier, for the officials handling it (`rolesOn` checked):
 * 404 for a document the dossier does not carry. Each read is in the audit log, with its purpose.
 */
export async function attachedFile(db: Db, principal: Principal, code: string, documentId: string) {
  const row = await getDossierRow(db, code)
  await rolesOn(db, principal, row)
  const attached = await dossierDocuments(db, code)
  if (!attached.some((d) => d.walletDocumentId === documentId)) throw attachedDocumentNotFound()
  const owner = { type: row.applicantType === 1 ? 'person' : 'organisation', id: row.applicantId } as const
  const [document, blob] = await Promise.all([getDocument(db, documentId), getOwnFile(db, owner, documentId)])
  await db.transaction((tx) =>
    appendAudit(tx, {
      actorId: principal.userId,
      action: 'dossier.document_read',
      entity: 'wallet_document',
      entityId: documentId,
      data: { dossierCode: code, purpose: `Xử lý hồ sơ ${code}` },
    }),
  )
  return { document, blob }
}

/** The state the dossier was in before its current one (for actions that return to it). */
export async function previousStatus(db: Db, code: string): Promise<string | null> {
  const [last] = await db
    .select({ fromStatus: dossierActions.fromStatus, toStatus: dossierActions.toStatus })
    .from(dossierActions)
    .where(
      and(
        eq(dossierActions.dossierCode, code),
        sql`${dossierActions.fromStatus} is distinct from ${dossierActions.toStatus}`,
      ),
    )
    .orderBy(desc(dossierActions.id))
    .limit(1)
  return last?.fromStatus ?? null
}

export interface DossierQuery {
  statusCode?: number
  procedureCode?: string
  queue?: Queue
  /** Only dossiers still being handled (new, accepted, processing, waiting for the applicant). */
  open?: boolean
  agencyId?: string
  page: number
  pageSize: number
}

/** Working days before the appointment that count as "due soon". */
const DUE_SOON_MS = 2 * 24 * 3600_000

function queueFilter(queue: Queue | undefined, now: Date): SQL | undefined {
  switch (queue) {
    case 'new':
      return eq(dossiers.status, 'new')
    case 'reception_overdue':
      return and(eq(dossiers.status, 'new'), lt(dossiers.receptionDueAt, now))
    case 'to_process':
      return and(inArray(dossiers.status, ['accepted', 'processing']), isNull(dossiers.stage))
    case 'awaiting_approval':
      return and(eq(dossiers.status, 'processing'), eq(dossiers.stage, AWAITING_APPROVAL))
    case 'waiting':
      return inArray(dossiers.status, ['supplement_requested', 'payment_requested'])
    case 'overdue':
      return and(
        inArray(dossiers.status, [...openStates()]),
        isNull(dossiers.pausedAt),
        lt(dossiers.dueAt, now),
      )
    case 'due_soon':
      return and(
        inArray(dossiers.status, [...openStates()]),
        isNull(dossiers.pausedAt),
        gt(dossiers.dueAt, now),
        lte(dossiers.dueAt, new Date(now.getTime() + DUE_SOON_MS)),
      )
    default:
      return undefined
  }
}

/**
 * A citizen's or business's own dossiers; for an official, the dossiers of their agency and the
 * agencies below it (or of one agency inside their jurisdiction), filtered into work queues.
 */
/** Which dossiers a principal's lists cover: an official's agency subtree (or one agency in it), or their own. */
async function listScope(db: Db, principal: Principal, agencyId?: string): Promise<SQL> {
  if (principal.kind !== 'official') {
    const own = principal.pin ?? principal.taxCode
    // Their own filings, and those a representative filed for them.
    return own
      ? or(
          eq(dossiers.applicantUserId, principal.userId),
          and(eq(dossiers.applicantId, own), isNotNull(dossiers.representation)),
        )!
      : eq(dossiers.applicantUserId, principal.userId)
  }
  const rootId = agencyId ?? principal.agencyId
  const root = rootId ? await getAgency(db, rootId) : null
  if (!root || !inJurisdiction(principal, root.path)) throw dossierNotFound()
  return inArray(dossiers.competentAgencyId, await agencyIdsUnder(db, root.path))
}

export async function listDossiers(db: Db, principal: Principal, query: DossierQuery) {
  const now = new Date()
  const where = and(
    await listScope(db, principal, query.agencyId),
    query.statusCode ? eq(dossiers.statusCode, query.statusCode) : undefined,
    query.procedureCode ? eq(dossiers.procedureCode, query.procedureCode) : undefined,
    query.open ? inArray(dossiers.status, [...openStates()]) : undefined,
    queueFilter(query.queue, now),
  )
  const order = principal.kind === 'official' ? [asc(dossiers.dueAt)] : [desc(dossiers.submittedAt)]
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(dossiers)
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(dossiers).where(where),
  ])
  // Officials see who applied: the applicant of a dossier their agency handles (listScope checked it),
  // whose name the dossier's own form data already carries.
  const names =
    principal.kind === 'official'
      ? await applicantNames(
          db,
          rows.map((r) => r.applicantUserId),
        )
      : null
  return {
    items: rows.map((row) => ({ ...toView(row), applicantName: names?.get(row.applicantUserId) ?? null })),
    total: count?.n ?? 0,
  }
}

/** The name of a dossier's applicant, for the officials handling it (the caller checked that they are). */
export async function applicantNameOf(db: Db, applicantUserId: string): Promise<string | null> {
  return (await applicantNames(db, [applicantUserId])).get(applicantUserId) ?? null
}

/** Counts per queue for an official's workspace, in one pass over their dossiers. */
export async function queueCounts(db: Db, principal: Principal): Promise<Record<Queue, number>> {
  const now = new Date()
  const count = (queue: Queue) => sql<number>`(count(*) filter (where ${queueFilter(queue, now)}))::int`
  const [row] = await db
    .select({
      new: count('new'),
      reception_overdue: count('reception_overdue'),
      to_process: count('to_process'),
      awaiting_approval: count('awaiting_approval'),
      due_soon: count('due_soon'),
      overdue: count('overdue'),
      waiting: count('waiting'),
    })
    .from(dossiers)
    .where(await listScope(db, principal))
  return (
    row ?? {
      new: 0,
      reception_overdue: 0,
      to_process: 0,
      awaiting_approval: 0,
      due_soon: 0,
      overdue: 0,
      waiting: 0,
    }
  )
}
