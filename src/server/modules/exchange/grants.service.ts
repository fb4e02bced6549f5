import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { appendAudit } from '../audit/service'
import { publish } from '../events/service'
import type { Principal } from '../identity/service'
import { assertManages, getSubsystem, serviceRow } from './directory.service'
import {
  agreementMismatch,
  alreadyWithdrawn,
  consentNotFound,
  expiryInPast,
  grantNotFound,
  serviceNotFound,
} from './errors'
import { memberOf } from './ids'
import {
  exchangeAgreements,
  exchangeConsents,
  exchangeGrants,
  exchangeGrantWithdrawals,
  exchangeLog,
  exchangeServices,
  exchangeSubsystems,
} from './schema'
import type { AgreementInput, AgreementView, ConsentInput, ConsentView, GrantInput, GrantView } from './types'

const iso = (d: Date) => d.toISOString()

type GrantRow = typeof exchangeGrants.$inferSelect
type WithdrawalRow = typeof exchangeGrantWithdrawals.$inferSelect

function grantView(row: GrantRow, withdrawal: WithdrawalRow | null, now = new Date()): GrantView {
  return {
    id: row.id,
    serviceId: row.serviceId,
    clientId: row.clientId,
    method: row.method,
    pathPattern: row.pathPattern,
    purposes: row.purposes,
    legalBasis: row.legalBasis,
    expiresAt: iso(row.expiresAt),
    ratePerMinute: row.ratePerMinute,
    quotaPerDay: row.quotaPerDay,
    agreementId: row.agreementId,
    grantedBy: row.grantedBy,
    createdAt: iso(row.createdAt),
    withdrawnAt: withdrawal ? iso(withdrawal.withdrawnAt) : null,
    withdrawalReason: withdrawal?.reason ?? null,
    state: withdrawal ? 'withdrawn' : row.expiresAt <= now ? 'expired' : 'active',
  }
}

/**
 * The provider grants a client subsystem one method on paths matching a pattern of one service, for
 * named purposes on a legal basis, until it expires (deny by default: nothing else is allowed). A
 * grant is never edited: a change is a new grant and the old one's withdrawal.
 */
export async function createGrant(db: Db, actor: Principal, input: GrantInput): Promise<GrantView> {
  const service = await serviceRow(db, input.serviceId)
  if (!service) throw serviceNotFound()
  await assertManages(db, actor, memberOf(service.id))
  const client = await getSubsystem(db, input.clientId)
  const expiresAt = new Date(input.expiresAt)
  if (expiresAt <= new Date()) throw expiryInPast()
  if (input.agreementId) {
    const [agreement] = await db
      .select()
      .from(exchangeAgreements)
      .where(eq(exchangeAgreements.id, input.agreementId))
    if (
      !agreement ||
      agreement.providerMemberId !== memberOf(service.id) ||
      agreement.consumerMemberId !== client.memberId ||
      agreement.validUntil <= new Date()
    )
      throw agreementMismatch()
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeGrants)
      .values({
        serviceId: service.id,
        clientId: client.id,
        method: input.method,
        pathPattern: input.pathPattern,
        purposes: input.purposes.map((p) => p.trim()),
        legalBasis: input.legalBasis.trim(),
        expiresAt,
        ratePerMinute: input.ratePerMinute,
        quotaPerDay: input.quotaPerDay,
        agreementId: input.agreementId ?? null,
        grantedBy: actor.userId,
      })
      .returning()
    await appendAudit(tx, {
      actorId: actor.userId,
      action: 'exchange.grant.created',
      entity: 'exchange_grant',
      entityId: row!.id,
      data: {
        serviceId: service.id,
        clientId: client.id,
        method: input.method,
        pathPattern: input.pathPattern,
      },
    })
    await publish(tx, {
      name: 'exchange.grant_created',
      payload: {
        grantId: row!.id,
        serviceId: service.id,
        clientId: client.id,
        method: input.method,
        pathPattern: input.pathPattern,
        expiresAt: iso(expiresAt),
        agreementId: input.agreementId ?? null,
      },
    })
    return grantView(row!, null)
  })
}

/** The provider withdraws a grant: every call after its commit is refused (nothing is cached). */
export async function withdrawGrant(
  db: Db,
  actor: Principal,
  grantId: string,
  reason: string,
): Promise<GrantView> {
  const [grant] = await db.select().from(exchangeGrants).where(eq(exchangeGrants.id, grantId))
  if (!grant) throw grantNotFound()
  await assertManages(db, actor, memberOf(grant.serviceId))
  return db.transaction(async (tx) => {
    const [withdrawal] = await tx
      .insert(exchangeGrantWithdrawals)
      .values({ grantId, reason: reason.trim(), withdrawnBy: actor.userId })
      .onConflictDoNothing()
      .returning()
    if (!withdrawal) throw alreadyWithdrawn()
    await appendAudit(tx, {
      actorId: actor.userId,
      action: 'exchange.grant.withdrawn',
      entity: 'exchange_grant',
      entityId: grantId,
      data: { reason },
    })
    await publish(tx, {
      name: 'exchange.grant_withdrawn',
      payload: { grantId, serviceId: grant.serviceId, clientId: grant.clientId },
    })
    return grantView(grant, withdrawal)
  })
}

/** Grants of the services a member provides, or that it holds as a client: visible to both sides. */
export async function listGrants(
  db: Db,
  actor: Principal,
  filter: { serviceId?: string; clientId?: string },
): Promise<GrantView[]> {
  const member = filter.serviceId
    ? memberOf(filter.serviceId)
    : filter.clientId
      ? memberOf(filter.clientId)
      : null
  if (member) await assertManages(db, actor, member)
  else if (!actor.roles.includes('system_admin')) {
    await assertManages(db, actor, `VN/GOV/${actor.agencyId ?? ''}`)
  }
  const own = !member && !actor.roles.includes('system_admin') ? `VN/GOV/${actor.agencyId}` : null
  const rows = await db
    .select({ grant: exchangeGrants, withdrawal: exchangeGrantWithdrawals })
    .from(exchangeGrants)
    .leftJoin(exchangeGrantWithdrawals, eq(exchangeGrantWithdrawals.grantId, exchangeGrants.id))
    .where(
      and(
        filter.serviceId ? eq(exchangeGrants.serviceId, filter.serviceId) : undefined,
        filter.clientId ? eq(exchangeGrants.clientId, filter.clientId) : undefined,
        own
          ? sql`(${exchangeGrants.serviceId} like ${`${own}/%`} or ${exchangeGrants.clientId} like ${`${own}/%`})`
          : undefined,
      ),
    )
    .orderBy(desc(exchangeGrants.createdAt))
  const now = new Date()
  return rows.map((r) => grantView(r.grant, r.withdrawal, now))
}

/** Does a grant's path pattern take this path? `*` (or `{name}`) is one segment, a trailing `/**` any rest. */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter(Boolean)
  const have = path.split('?')[0]!.split('/').filter(Boolean)
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!
    if (part === '**' && i === want.length - 1) return true
    const segment = have[i]
    if (segment === undefined) return false
    if (part === '*' || /^\{[^}]+\}$/.test(part)) continue
    if (part !== segment) return false
  }
  return have.length === want.length
}

export type CallGrant = Pick<
  GrantRow,
  'id' | 'purposes' | 'legalBasis' | 'ratePerMinute' | 'quotaPerDay' | 'expiresAt'
>

/**
 * The grants in force now for this client on this service, this method and path (not withdrawn, not
 * expired), read at each call so that a withdrawal holds from its commit.
 */
export async function grantsInForce(
  db: Db | Tx,
  call: { clientId: string; serviceId: string; method: string; path: string },
): Promise<CallGrant[]> {
  const rows = await db
    .select({
      id: exchangeGrants.id,
      method: exchangeGrants.method,
      pathPattern: exchangeGrants.pathPattern,
      purposes: exchangeGrants.purposes,
      legalBasis: exchangeGrants.legalBasis,
      ratePerMinute: exchangeGrants.ratePerMinute,
      quotaPerDay: exchangeGrants.quotaPerDay,
      expiresAt: exchangeGrants.expiresAt,
    })
    .from(exchangeGrants)
    .leftJoin(exchangeGrantWithdrawals, eq(exchangeGrantWithdrawals.grantId, exchangeGrants.id))
    .where(
      and(
        eq(exchangeGrants.clientId, call.clientId),
        eq(exchangeGrants.serviceId, call.serviceId),
        eq(exchangeGrants.method, call.method),
        isNull(exchangeGrantWithdrawals.grantId),
        gt(exchangeGrants.expiresAt, sql`now()`),
      ),
    )
  return rows.filter((row) => pathMatches(row.pathPattern, call.path))
}

/** The services a client may call on a provider subsystem now (X-Road's allowedMethods). */
export async function allowedServices(db: Db, clientId: string, provider: string) {
  return db
    .selectDistinct({
      serviceId: exchangeGrants.serviceId,
      method: exchangeGrants.method,
      pathPattern: exchangeGrants.pathPattern,
    })
    .from(exchangeGrants)
    .innerJoin(exchangeServices, eq(exchangeServices.id, exchangeGrants.serviceId))
    .leftJoin(exchangeGrantWithdrawals, eq(exchangeGrantWithdrawals.grantId, exchangeGrants.id))
    .where(
      and(
        eq(exchangeGrants.clientId, clientId),
        eq(exchangeServices.subsystemId, provider),
        isNull(exchangeGrantWithdrawals.grantId),
        gt(exchangeGrants.expiresAt, sql`now()`),
      ),
    )
}

// Consent --------------------------------------------------------------------------------------

const consentView = (row: {
  consent: typeof exchangeConsents.$inferSelect
  clientName: string
  serviceTitle: string
}): ConsentView => ({
  id: row.consent.id,
  clientId: row.consent.clientId,
  clientName: row.clientName,
  serviceId: row.consent.serviceId,
  serviceTitle: row.serviceTitle,
  purpose: row.consent.purpose,
  givenAt: iso(row.consent.givenAt),
  expiresAt: iso(row.consent.expiresAt),
  withdrawnAt: row.consent.withdrawnAt ? iso(row.consent.withdrawnAt) : null,
})

/** A person consents that a client may read their data from a service, for a purpose, until a date. */
export async function giveConsent(
  db: Db,
  subject: string,
  actorId: string,
  input: ConsentInput,
): Promise<ConsentView> {
  const service = await serviceRow(db, input.serviceId)
  if (!service) throw serviceNotFound()
  const client = await getSubsystem(db, input.clientId)
  const expiresAt = new Date(input.expiresAt)
  if (expiresAt <= new Date()) throw expiryInPast()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeConsents)
      .values({
        subject,
        clientId: client.id,
        serviceId: service.id,
        purpose: input.purpose.trim(),
        expiresAt,
      })
      .returning()
    await appendAudit(tx, {
      actorId,
      action: 'exchange.consent.given',
      entity: 'exchange_consent',
      entityId: row!.id,
      data: { clientId: client.id, serviceId: service.id, purpose: input.purpose },
    })
    return consentView({ consent: row!, clientName: client.name, serviceTitle: service.title })
  })
}

/** The person withdraws a consent: calls that relied on it are refused from now on. */
export async function withdrawConsent(
  db: Db,
  subject: string,
  actorId: string,
  id: string,
): Promise<ConsentView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(exchangeConsents)
      .set({ withdrawnAt: sql`coalesce(${exchangeConsents.withdrawnAt}, now())` })
      .where(and(eq(exchangeConsents.id, id), eq(exchangeConsents.subject, subject)))
      .returning()
    if (!row) throw consentNotFound()
    await appendAudit(tx, {
      actorId,
      action: 'exchange.consent.withdrawn',
      entity: 'exchange_consent',
      entityId: id,
    })
    const [names] = await tx
      .select({ clientName: exchangeSubsystems.name, serviceTitle: exchangeServices.title })
      .from(exchangeSubsystems)
      .innerJoin(exchangeServices, eq(exchangeServices.id, row.serviceId))
      .where(eq(exchangeSubsystems.id, row.clientId))
    return consentView({
      consent: row,
      clientName: names?.clientName ?? row.clientId,
      serviceTitle: names?.serviceTitle ?? row.serviceId,
    })
  })
}

export async function consentsOf(db: Db, subject: string): Promise<ConsentView[]> {
  const rows = await db
    .select({
      consent: exchangeConsents,
      clientName: exchangeSubsystems.name,
      serviceTitle: exchangeServices.title,
    })
    .from(exchangeConsents)
    .innerJoin(exchangeSubsystems, eq(exchangeSubsystems.id, exchangeConsents.clientId))
    .innerJoin(exchangeServices, eq(exchangeServices.id, exchangeConsents.serviceId))
    .where(eq(exchangeConsents.subject, subject))
    .orderBy(desc(exchangeConsents.givenAt))
  return rows.map(consentView)
}

/** The person's consent in force for this client, service and purpose, if any. */
export async function consentInForce(
  db: Db | Tx,
  call: { subject: string; clientId: string; serviceId: string; purpose: string },
): Promise<string | null> {
  const [row] = await db
    .select({ id: exchangeConsents.id })
    .from(exchangeConsents)
    .where(
      and(
        eq(exchangeConsents.subject, call.subject),
        eq(exchangeConsents.clientId, call.clientId),
        eq(exchangeConsents.serviceId, call.serviceId),
        eq(exchangeConsents.purpose, call.purpose),
        isNull(exchangeConsents.withdrawnAt),
        gt(exchangeConsents.expiresAt, sql`now()`),
      ),
    )
    .limit(1)
  return row?.id ?? null
}

// Data-sharing agreements ----------------------------------------------------------------------

/**
 * A data-sharing agreement between the provider (the data's owner) and a consumer: rights of use,
 * conditions, value sharing and term. Recorded by the provider's administrator; grants cite it.
 */
export async function createAgreement(
  db: Db,
  actor: Principal,
  input: AgreementInput,
): Promise<AgreementView> {
  await assertManages(db, actor, input.providerMemberId)
  const validFrom = new Date(input.validFrom)
  const validUntil = new Date(input.validUntil)
  if (validUntil <= validFrom || validUntil <= new Date()) throw expiryInPast()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeAgreements)
      .values({ ...input, validFrom, validUntil, createdBy: actor.userId })
      .returning()
    await appendAudit(tx, {
      actorId: actor.userId,
      action: 'exchange.agreement.created',
      entity: 'exchange_agreement',
      entityId: row!.id,
      data: { consumerMemberId: input.consumerMemberId },
    })
    await publish(tx, {
      name: 'exchange.agreement_created',
      payload: {
        agreementId: row!.id,
        providerMemberId: input.providerMemberId,
        consumerMemberId: input.consumerMemberId,
        validUntil: iso(validUntil),
      },
    })
    return { ...agreementDates(row!), grants: 0, calls30d: 0 }
  })
}

function agreementDates(row: typeof exchangeAgreements.$inferSelect) {
  return {
    id: row.id,
    providerMemberId: row.providerMemberId,
    consumerMemberId: row.consumerMemberId,
    title: row.title,
    dataDescription: row.dataDescription,
    rightsOfUse: row.rightsOfUse,
    conditions: row.conditions,
    valueSharing: row.valueSharing,
    validFrom: iso(row.validFrom),
    validUntil: iso(row.validUntil),
    createdAt: iso(row.createdAt),
  }
}

/**
 * The agreements a member is a party to, on either side, with how many grants cite each and how
 * many calls were made under them in the last 30 days: the same view for provider and consumer.
 */
export async function agreementsOf(db: Db, actor: Principal, member: string): Promise<AgreementView[]> {
  await assertManages(db, actor, member)
  const rows = await db
    .select({
      agreement: exchangeAgreements,
      grants: sql<number>`(select count(*)::int from ${exchangeGrants} where ${exchangeGrants.agreementId} = ${exchangeAgreements.id})`,
      calls30d: sql<number>`(select count(*)::int from ${exchangeLog} join ${exchangeGrants} g on g.id = ${exchangeLog.grantId}
        where g.agreement_id = ${exchangeAgreements.id} and ${exchangeLog.at} > now() - interval '30 days')`,
    })
    .from(exchangeAgreements)
    .where(
      sql`${exchangeAgreements.providerMemberId} = ${member} or ${exchangeAgreements.consumerMemberId} = ${member}`,
    )
    .orderBy(desc(exchangeAgreements.createdAt))
  return rows.map((r) => ({
    ...agreementDates(r.agreement),
    grants: Number(r.grants),
    calls30d: Number(r.calls30d),
  }))
}
