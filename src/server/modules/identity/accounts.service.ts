import { hash } from '@node-rs/argon2'
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { prepared } from '../../db/prepared'
import { forbidden, notFound, outsideJurisdiction } from '../../errors'
import { appendAudit } from '../audit/service'
import { assertInJurisdiction, escapeLike, getAgency, inJurisdiction } from './agencies.service'
import { roleNotGrantable, usernameTaken } from './errors'
import { agencies, organisations, people, users } from './schema'
import type { Principal, Role, UserKind } from './types'

export interface PersonInput {
  pin: string
  fullName: string
  birthDate?: string | null
  gender?: 'male' | 'female' | 'other' | null
  provinceCode?: string | null
  communeCode?: string | null
}

export interface NewAccount {
  username: string
  password: string
  displayName: string
  kind: UserKind
  email?: string | null
  person?: PersonInput
  organisation?: { taxCode: string; name: string; provinceCode?: string | null }
  agencyId?: string
  roles?: Role[]
}

/** What a user sees of their own account, and an administrator of an official's. */
export interface AccountView {
  id: string
  username: string
  kind: UserKind
  displayName: string
  email: string | null
  roles: Role[]
  agency: { id: string; name: string; nameEn: string | null } | null
  person: { pin: string; fullName: string; birthDate: string | null } | null
  organisation: { taxCode: string; name: string } | null
  totpEnabled: boolean
  active: boolean
}

const ACCOUNT = { vi: 'tài khoản', en: 'Account' }

export const hashPassword = (password: string) => hash(password)

/** Creates an account (and its person or organisation record when given) in one transaction. */
export async function createAccount(
  db: Db,
  actor: Principal | null,
  input: NewAccount,
): Promise<AccountView> {
  const passwordHash = await hashPassword(input.password)
  const id = await db.transaction(async (tx) => {
    if (actor && input.agencyId) await assertInJurisdiction(tx, actor, input.agencyId)
    else if (input.agencyId) await getAgency(tx, input.agencyId)
    let personId: string | null = null
    if (input.person) {
      const [person] = await tx
        .insert(people)
        .values(input.person)
        .onConflictDoUpdate({ target: people.pin, set: { fullName: input.person.fullName } })
        .returning({ id: people.id })
      personId = person!.id
    }
    let organisationId: string | null = null
    if (input.organisation) {
      const [org] = await tx
        .insert(organisations)
        .values(input.organisation)
        .onConflictDoUpdate({ target: organisations.taxCode, set: { name: input.organisation.name } })
        .returning({ id: organisations.id })
      organisationId = org!.id
    }
    const [user] = await tx
      .insert(users)
      .values({
        username: input.username,
        kind: input.kind,
        displayName: input.displayName,
        email: input.email ?? null,
        passwordHash,
        personId,
        organisationId,
        agencyId: input.agencyId ?? null,
        roles: input.roles ?? [],
      })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id })
    if (!user) throw usernameTaken()
    await appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'account.created',
      entity: 'user',
      entityId: user.id,
      data: {
        username: input.username,
        kind: input.kind,
        agencyId: input.agencyId ?? null,
        roles: input.roles ?? [],
      },
    })
    return user.id
  })
  return getAccount(db, id)
}

/** Which roles an actor may grant: a system administrator any, an agency administrator all but system_admin. */
export function assertCanGrant(actor: Principal, roles: Role[]) {
  if (actor.roles.includes('system_admin')) return
  if (!actor.roles.includes('agency_admin')) throw forbidden()
  const denied = roles.find((role) => role === 'system_admin')
  if (denied) throw roleNotGrantable(denied)
}

const accountColumns = {
  id: users.id,
  username: users.username,
  kind: users.kind,
  displayName: users.displayName,
  email: users.email,
  roles: users.roles,
  totpSecret: users.totpSecret,
  active: users.active,
  agencyId: agencies.id,
  agencyName: agencies.name,
  agencyNameEn: agencies.nameEn,
  agencyPath: agencies.path,
  pin: people.pin,
  fullName: people.fullName,
  birthDate: people.birthDate,
  taxCode: organisations.taxCode,
  organisationName: organisations.name,
}

type AccountRow = {
  [K in keyof typeof accountColumns]: (typeof accountColumns)[K]['_']['data'] | null
}

function toView(row: AccountRow): AccountView {
  return {
    id: row.id!,
    username: row.username!,
    kind: row.kind!,
    displayName: row.displayName!,
    email: row.email,
    roles: (row.roles ?? []) as Role[],
    agency: row.agencyId ? { id: row.agencyId, name: row.agencyName!, nameEn: row.agencyNameEn } : null,
    person: row.pin ? { pin: row.pin, fullName: row.fullName!, birthDate: row.birthDate } : null,
    organisation: row.taxCode ? { taxCode: row.taxCode, name: row.organisationName! } : null,
    totpEnabled: row.totpSecret !== null,
    active: row.active ?? true,
  }
}

function accountsQuery(db: Db) {
  return db
    .select(accountColumns)
    .from(users)
    .leftJoin(agencies, eq(users.agencyId, agencies.id))
    .leftJoin(people, eq(users.personId, people.id))
    .leftJoin(organisations, eq(users.organisationId, organisations.id))
}

export async function getAccount(db: Db, id: string): Promise<AccountView> {
  const statement = prepared(db, 'account_by_id', (db, name) =>
    accountsQuery(db)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(name),
  )
  const [row] = await statement.execute({ id })
  if (!row) throw notFound(ACCOUNT)
  return toView(row)
}

/**
 * The names under which citizens and businesses apply (the person's or organisation's recorded name,
 * else the account's), by account id. For officials who handle those people's dossiers: the caller
 * checks that they do.
 */
export async function applicantNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({
      id: users.id,
      name: sql<string>`coalesce(${people.fullName}, ${organisations.name}, ${users.displayName})`,
    })
    .from(users)
    .leftJoin(people, eq(users.personId, people.id))
    .leftJoin(organisations, eq(users.organisationId, organisations.id))
    .where(inArray(users.id, [...new Set(ids)]))
  return new Map(rows.map((row) => [row.id, row.name]))
}

/**
 * The active citizen accounts of a person (by personal id number), with where their notices go and
 * the commune they live in: for a module that tells a person about their own records (proactive
 * suggestions at a life event).
 */
export async function accountsOfPerson(
  db: Db,
  pin: string,
): Promise<{ userId: string; email: string | null; communeCode: string | null }[]> {
  return (await accountsOfPeople(db, [pin])).get(pin) ?? []
}

/** {@link accountsOfPerson} for many people at once, by personal id number (none: absent). */
export async function accountsOfPeople(
  db: Db,
  pins: readonly string[],
): Promise<Map<string, { userId: string; email: string | null; communeCode: string | null }[]>> {
  const out = new Map<string, { userId: string; email: string | null; communeCode: string | null }[]>()
  if (pins.length === 0) return out
  const rows = await db
    .select({ pin: people.pin, userId: users.id, email: users.email, communeCode: people.communeCode })
    .from(users)
    .innerJoin(people, eq(users.personId, people.id))
    .where(and(inArray(people.pin, [...pins]), eq(users.kind, 'citizen'), eq(users.active, true)))
  for (const { pin, ...account } of rows) out.set(pin, [...(out.get(pin) ?? []), account])
  return out
}

/** Where an account's notices go by e-mail (null: none, or no such active account), by account id. */
export async function emailsOf(db: Db, userIds: readonly string[]): Promise<Map<string, string | null>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), eq(users.active, true)))
  return new Map(rows.map((row) => [row.id, row.email]))
}

/**
 * An account as seen by `actor`: their own; an official's inside the actor's jurisdiction
 * for administrators; any for a system administrator. Citizens' accounts are their owners' alone.
 */
export async function readAccount(db: Db, actor: Principal, id: string): Promise<AccountView> {
  if (id === actor.userId) return getAccount(db, id)
  const [row] = await accountsQuery(db).where(eq(users.id, id))
  if (!row) throw notFound(ACCOUNT)
  if (actor.roles.includes('system_admin')) return toView(row)
  if (!actor.roles.includes('agency_admin') && !actor.roles.includes('leader')) throw forbidden()
  if (row.kind !== 'official' || !row.agencyPath) throw forbidden()
  if (!inJurisdiction(actor, row.agencyPath)) throw outsideJurisdiction()
  return toView(row)
}

/** Officials of an agency and the agencies below it, for its administrators and leaders. */
export async function listOfficials(
  db: Db,
  actor: Principal,
  query: { agencyId?: string; page: number; pageSize: number },
): Promise<{ items: AccountView[]; total: number }> {
  const agencyId = query.agencyId ?? actor.agencyId
  if (!agencyId) throw forbidden()
  const agency = await assertInJurisdiction(db, actor, agencyId)
  const where = and(eq(users.kind, 'official'), like(agencies.path, `${escapeLike(agency.path)}%`))
  const [rows, [count]] = await Promise.all([
    accountsQuery(db)
      .where(where)
      .orderBy(asc(users.username))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .leftJoin(agencies, eq(users.agencyId, agencies.id))
      .where(where),
  ])
  return { items: rows.map(toView), total: count?.n ?? 0 }
}

export async function countAccounts(db: Db, kind?: UserKind): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(kind ? eq(users.kind, kind) : undefined)
  return row?.n ?? 0
}

/** The active officials of these agencies who hold a role: whom an agency's alerts go to. */
export async function officialsWithRole(
  db: Db,
  agencyIds: string[],
  role: Role,
): Promise<{ userId: string; email: string | null; agencyId: string }[]> {
  if (agencyIds.length === 0) return []
  const rows = await db
    .select({ userId: users.id, email: users.email, agencyId: users.agencyId })
    .from(users)
    .where(
      and(
        eq(users.kind, 'official'),
        eq(users.active, true),
        inArray(users.agencyId, agencyIds),
        sql`${role} = any(${users.roles})`,
      ),
    )
  return rows.map((r) => ({ ...r, agencyId: r.agencyId! }))
}
