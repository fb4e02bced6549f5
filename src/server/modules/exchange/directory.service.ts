import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { forbidden, outsideJurisdiction } from '../../errors'
import { appendAudit } from '../audit/service'
import { publish } from '../events/service'
import { getAgency, inJurisdiction, type Principal } from '../identity/service'
import { certifySubsystemKey, ensureSubsystemKey } from '../signing/service'
import {
  alreadyExists,
  badOpenApi,
  memberNotFound,
  notYourSubsystem,
  serviceNotFound,
  subsystemNotFound,
} from './errors'
import { agencyOfMember, INSTANCE, memberId, memberOf, serviceId, subsystemId } from './ids'
import { exchangeMembers, exchangeServices, exchangeSubsystems, informationSystems } from './schema'
import type {
  MemberInput,
  MemberView,
  ServiceInput,
  ServiceView,
  SubsystemInput,
  SubsystemView,
  SystemInput,
  SystemView,
} from './types'

const iso = (d: Date) => d.toISOString()
const UNIQUE_VIOLATION = '23505'
const isUnique = (error: unknown) =>
  (error as { code?: string; cause?: { code?: string } }).code === UNIQUE_VIOLATION ||
  (error as { cause?: { code?: string } }).cause?.code === UNIQUE_VIOLATION

/**
 * May this official manage this member's registrations, services and grants? A system administrator
 * any; an agency administrator a government member in their jurisdiction (their agency or one under
 * it). Businesses are registered by a system administrator.
 */
export async function assertManages(db: Db, principal: Principal, member: string): Promise<void> {
  if (principal.roles.includes('system_admin')) return
  const agencyId = agencyOfMember(member)
  if (!agencyId || !principal.roles.includes('agency_admin')) throw forbidden()
  if (!inJurisdiction(principal, (await getAgency(db, agencyId)).path)) throw outsideJurisdiction()
}

export async function createMember(db: Db, actor: Principal | null, input: MemberInput): Promise<MemberView> {
  const id = memberId(input.memberClass, input.memberCode)
  if (actor) await assertManages(db, actor, id)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeMembers)
      .values({
        id,
        instance: INSTANCE,
        memberClass: input.memberClass,
        memberCode: input.memberCode,
        name: input.name,
      })
      .onConflictDoNothing()
      .returning()
    if (!row) throw alreadyExists({ vi: 'Thành viên', en: 'The member' })
    await appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'exchange.member.created',
      entity: 'exchange_member',
      entityId: id,
    })
    return { ...row, createdAt: iso(row.createdAt) }
  })
}

export async function listMembers(db: Db): Promise<MemberView[]> {
  const rows = await db.select().from(exchangeMembers).orderBy(asc(exchangeMembers.id))
  return rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) }))
}

async function memberRow(db: Db | Tx, id: string) {
  const [row] = await db.select().from(exchangeMembers).where(eq(exchangeMembers.id, id))
  if (!row) throw memberNotFound()
  return row
}

export async function createSystem(db: Db, actor: Principal | null, input: SystemInput): Promise<SystemView> {
  if (actor) await assertManages(db, actor, input.memberId)
  await memberRow(db, input.memberId)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(informationSystems)
      .values({
        memberId: input.memberId,
        name: input.name,
        purpose: input.purpose,
        securityLevel: input.securityLevel ?? null,
      })
      .returning()
    await appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'exchange.system.registered',
      entity: 'information_system',
      entityId: row!.id,
      data: { memberId: input.memberId, name: input.name },
    })
    return { ...row!, createdAt: iso(row!.createdAt) }
  })
}

export async function listSystems(db: Db): Promise<SystemView[]> {
  const rows = await db.select().from(informationSystems).orderBy(asc(informationSystems.createdAt))
  return rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) }))
}

export async function createSubsystem(
  db: Db,
  actor: Principal | null,
  input: SubsystemInput,
): Promise<SubsystemView> {
  if (actor) await assertManages(db, actor, input.memberId)
  await memberRow(db, input.memberId)
  const id = subsystemId(input.memberId, input.code)
  if (input.systemId) {
    const [system] = await db
      .select()
      .from(informationSystems)
      .where(eq(informationSystems.id, input.systemId))
    if (!system || system.memberId !== input.memberId) throw notYourSubsystem()
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeSubsystems)
      .values({
        id,
        memberId: input.memberId,
        code: input.code,
        name: input.name,
        systemId: input.systemId ?? null,
      })
      .onConflictDoNothing()
      .returning()
    if (!row) throw alreadyExists({ vi: 'Phân hệ', en: 'The subsystem' })
    await appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'exchange.subsystem.created',
      entity: 'exchange_subsystem',
      entityId: id,
    })
    return { ...row, createdAt: iso(row.createdAt) }
  })
}

export async function getSubsystem(db: Db | Tx, id: string) {
  const [row] = await db
    .select({
      id: exchangeSubsystems.id,
      name: exchangeSubsystems.name,
      memberId: exchangeSubsystems.memberId,
      memberName: exchangeMembers.name,
      systemId: exchangeSubsystems.systemId,
    })
    .from(exchangeSubsystems)
    .innerJoin(exchangeMembers, eq(exchangeMembers.id, exchangeSubsystems.memberId))
    .where(eq(exchangeSubsystems.id, id))
  if (!row) throw subsystemNotFound()
  return row
}

/** X-Road's listClients: every member and subsystem on the instance. */
export async function listClients(db: Db) {
  const rows = await db
    .select({
      id: exchangeSubsystems.id,
      name: exchangeSubsystems.name,
      memberId: exchangeSubsystems.memberId,
      memberName: exchangeMembers.name,
    })
    .from(exchangeSubsystems)
    .innerJoin(exchangeMembers, eq(exchangeMembers.id, exchangeSubsystems.memberId))
    .orderBy(asc(exchangeSubsystems.id))
  return rows
}

/**
 * Sen's CA certifies the key of a subsystem that runs outside Sen (it keeps its private key): its
 * client assertions are then accepted at the gateway. The previous keys are revoked.
 */
export async function certifySubsystem(db: Db, actor: Principal, id: string, publicKeyPem: string) {
  const subsystem = await getSubsystem(db, id)
  await assertManages(db, actor, subsystem.memberId)
  const key = await certifySubsystemKey(
    db,
    { id, memberName: subsystem.memberName },
    publicKeyPem,
    actor.userId,
  )
  return {
    keyId: key.id,
    serial: key.serial,
    notAfter: key.notAfter,
    certificatePem: key.certificatePem,
    chainPem: key.chainPem,
  }
}

/** The key of a subsystem Sen runs itself (its own modules as clients), issued at first use. */
export async function ensureHostedSubsystemKey(db: Db, id: string) {
  const subsystem = await getSubsystem(db, id)
  return ensureSubsystemKey(db, { id, memberName: subsystem.memberName })
}

function assertOpenApi(document: Record<string, unknown>) {
  const version = document.openapi
  if (typeof version !== 'string' || !version.startsWith('3.')) throw badOpenApi()
  if (typeof document.info !== 'object' || document.info === null) throw badOpenApi()
  if (typeof document.paths !== 'object' || document.paths === null) throw badOpenApi()
}

const serviceView = (row: typeof exchangeServices.$inferSelect): ServiceView => ({
  id: row.id,
  subsystemId: row.subsystemId,
  code: row.code,
  title: row.title,
  backendUrl: row.backendUrl,
  personalData: row.personalData,
  consentRequired: row.consentRequired,
  subjectPattern: row.subjectPattern,
  createdAt: iso(row.createdAt),
})

/** A provider publishes a REST service: its OpenAPI document, its backend, whether it carries personal data. */
export async function publishService(
  db: Db,
  actor: Principal | null,
  input: ServiceInput,
): Promise<ServiceView> {
  const subsystem = await getSubsystem(db, input.subsystemId)
  if (actor) await assertManages(db, actor, subsystem.memberId)
  assertOpenApi(input.openapi)
  if (input.subjectPattern) new RegExp(input.subjectPattern)
  const id = serviceId(input.subsystemId, input.code)
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(exchangeServices)
        .values({
          id,
          subsystemId: input.subsystemId,
          code: input.code,
          title: input.title,
          backendUrl: input.backendUrl,
          openapi: input.openapi,
          personalData: input.personalData,
          consentRequired: input.consentRequired ?? false,
          subjectPattern: input.subjectPattern ?? null,
        })
        .returning()
      await appendAudit(tx, {
        actorId: actor?.userId ?? null,
        action: 'exchange.service.published',
        entity: 'exchange_service',
        entityId: id,
        data: { backendUrl: input.backendUrl, personalData: input.personalData },
      })
      await publish(tx, {
        name: 'exchange.service_published',
        payload: { serviceId: id, providerMemberId: memberOf(id), personalData: input.personalData },
      })
      return serviceView(row!)
    })
  } catch (error) {
    if (isUnique(error)) throw alreadyExists({ vi: 'Dịch vụ', en: 'The service' })
    throw error
  }
}

export type ServiceRow = typeof exchangeServices.$inferSelect

export async function serviceRow(db: Db | Tx, id: string): Promise<ServiceRow | null> {
  const [row] = await db.select().from(exchangeServices).where(eq(exchangeServices.id, id))
  return row ?? null
}

export async function getService(db: Db, id: string): Promise<ServiceView> {
  const row = await serviceRow(db, id)
  if (!row) throw serviceNotFound()
  return serviceView(row)
}

/** Services of one provider subsystem (listMethods), or all of them. */
export async function listServices(db: Db, subsystem?: string): Promise<ServiceView[]> {
  const rows = await db
    .select()
    .from(exchangeServices)
    .where(subsystem ? eq(exchangeServices.subsystemId, subsystem) : undefined)
    .orderBy(asc(exchangeServices.id))
  return rows.map(serviceView)
}

export async function openApiOf(db: Db, id: string): Promise<Record<string, unknown>> {
  const row = await serviceRow(db, id)
  if (!row) throw serviceNotFound()
  return row.openapi as Record<string, unknown>
}

/** Registered information systems and how many of them have subsystems (for the programme figures). */
export async function countSystems(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(informationSystems)
  return row?.n ?? 0
}

export const subsystemsOfSystem = (db: Db, systemId: string) =>
  db
    .select()
    .from(exchangeSubsystems)
    .where(and(eq(exchangeSubsystems.systemId, systemId)))
