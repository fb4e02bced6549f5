import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { getAccount } from '../identity/service'
import { accessLogFor } from '../registry/service'
import { purposeOf } from './gateway.service'
import { agencyOfMember } from './ids'
import { exchangeGrants, exchangeLog, exchangeMembers, exchangeServices, exchangeSubsystems } from './schema'
import type { TrackedRead } from './types'

/** How a prefill read is named in the tracker: the registry read while the person filed online. */
const PREFILL = {
  system: 'Cổng dịch vụ công: điền sẵn hồ sơ trực tuyến',
  service: 'Cơ sở dữ liệu quốc gia về dân cư',
}

/** Reads through the gateway of this subject's data that answered (a refused call read nothing). */
async function gatewayReads(db: Db, subject: string, limit: number) {
  const where = and(
    eq(exchangeLog.subject, subject),
    lt(exchangeLog.status, 400),
    isNotNull(exchangeLog.grantId),
  )
  const [rows, [count]] = await Promise.all([
    db
      .select({
        at: exchangeLog.at,
        clientId: exchangeLog.clientId,
        issue: exchangeLog.issue,
        grantId: exchangeLog.grantId,
        consentId: exchangeLog.consentId,
        legalBasis: exchangeGrants.legalBasis,
        system: exchangeSubsystems.name,
        memberId: exchangeMembers.id,
        memberName: exchangeMembers.name,
        service: exchangeServices.title,
      })
      .from(exchangeLog)
      .leftJoin(exchangeGrants, eq(exchangeGrants.id, exchangeLog.grantId))
      .leftJoin(exchangeSubsystems, eq(exchangeSubsystems.id, exchangeLog.clientId))
      .leftJoin(exchangeMembers, eq(exchangeMembers.id, exchangeSubsystems.memberId))
      .leftJoin(exchangeServices, eq(exchangeServices.id, exchangeLog.serviceId))
      .where(where)
      .orderBy(desc(exchangeLog.at), desc(exchangeLog.seq))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(exchangeLog).where(where),
  ])
  const items = rows.map(
    (r): TrackedRead => ({
      source: 'gateway',
      at: r.at.toISOString(),
      agencyId: r.memberId ? agencyOfMember(r.memberId) : null,
      agencyName: r.memberName,
      system: r.system ?? r.clientId,
      service: r.service ?? '',
      attributes: [],
      purpose: purposeOf(r.issue),
      dossierCode: r.issue?.includes(' #') ? r.issue.split(' #')[1]!.trim() : null,
      grantId: r.grantId,
      legalBasis: r.legalBasis,
      consentId: r.consentId,
      consentBy: null,
      bySelf: false,
    }),
  )
  return { items, total: Number(count?.n ?? 0) }
}

/**
 * The registry's own log of prefill reads (and officials' look-ups), kept by the registry in the
 * transaction of the filing they served: merged here, so that the person has one tracker.
 */
async function registryReads(db: Db, subject: string, selfUserId: string, limit: number) {
  const page = await accessLogFor(db, subject, { page: 1, pageSize: limit })
  const requesters = new Map<string, { id: string; name: string } | null>()
  for (const entry of page.items) {
    const userId = entry.requestedBy.startsWith('user:') ? entry.requestedBy.slice(5) : null
    if (!userId || userId === selfUserId || requesters.has(userId)) continue
    requesters.set(
      userId,
      await getAccount(db, userId).then(
        (a) => a.agency,
        () => null,
      ),
    )
  }
  const items = page.items.map((entry): TrackedRead => {
    const userId = entry.requestedBy.startsWith('user:') ? entry.requestedBy.slice(5) : null
    const agency = userId ? requesters.get(userId) : null
    return {
      source: 'prefill',
      at: entry.at,
      agencyId: agency?.id ?? null,
      agencyName: agency?.name ?? null,
      system: agency ? 'Hệ thống thông tin giải quyết thủ tục hành chính' : PREFILL.system,
      service: PREFILL.service,
      attributes: entry.attributes,
      purpose: entry.purpose,
      dossierCode: entry.dossierCode,
      grantId: null,
      legalBasis: null,
      consentId: null,
      consentBy: entry.consentBy,
      bySelf: userId === selfUserId,
    }
  })
  return { items, total: page.total }
}

/**
 * The person's data tracker: every read of their data, newest first, by whichever agency and
 * system, for what purpose, under which grant or consent: the gateway's log and the registry's
 * prefill log together.
 */
export async function readsOf(
  db: Db,
  person: { subject: string; userId: string },
  page: { page: number; pageSize: number },
): Promise<{ items: TrackedRead[]; total: number }> {
  const enough = page.page * page.pageSize
  const [viaGateway, viaPrefill] = await Promise.all([
    gatewayReads(db, person.subject, enough),
    registryReads(db, person.subject, person.userId, enough),
  ])
  const items = [...viaGateway.items, ...viaPrefill.items]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice((page.page - 1) * page.pageSize, enough)
  return { items, total: viaGateway.total + viaPrefill.total }
}
