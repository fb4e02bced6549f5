import { and, asc, eq, ilike, like, or, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { changedHere, rowCache } from '../../db/invalidation'
import { notFound, outsideJurisdiction } from '../../errors'
import { appendAudit } from '../audit/service'
import { agencyExists } from './errors'
import { agencies } from './schema'
import type { AgencyLevel, AgencyView, Principal, Role } from './types'

export interface AgencyInput {
  id: string
  parentId: string | null
  level: AgencyLevel
  name: string
  nameEn?: string | null
  adminUnitCode?: string | null
}

const AGENCY = { vi: 'cơ quan', en: 'Agency' }

// Qualified by hand: Drizzle leaves single-table columns unqualified, which would bind to the alias.
const childCount = sql<number>`(select count(*)::int from agencies c where c.parent_id = "agencies"."id")`

const view = {
  id: agencies.id,
  parentId: agencies.parentId,
  name: agencies.name,
  nameEn: agencies.nameEn,
  level: agencies.level,
  adminUnitCode: agencies.adminUnitCode,
  childCount,
}

/** Children of an agency (the roots without one), or a search by name or id across the tree. */
export async function listAgencies(
  db: Db,
  query: { parentId?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: AgencyView[]; total: number }> {
  const where = query.q
    ? or(ilike(agencies.name, `%${escapeLike(query.q)}%`), ilike(agencies.id, `${escapeLike(query.q)}%`))
    : query.parentId
      ? eq(agencies.parentId, query.parentId)
      : sql`${agencies.parentId} is null`
  const [items, [count]] = await Promise.all([
    db
      .select(view)
      .from(agencies)
      .where(where)
      .orderBy(asc(agencies.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where),
  ])
  return { items, total: count?.n ?? 0 }
}

/**
 * Agencies by id, kept in memory: routing a dossier and deciding who may see one read them all the
 * time, and the tree changes seldom (any change drops them all). Given a transaction, reads in it
 * (see rowCache).
 */
const agenciesById = (db: Db) =>
  rowCache<AgencyView & { path: string }>(db, 'agencies', {
    max: 10_000,
    kinds: ['agency'],
  })

export async function getAgency(db: Db, id: string): Promise<AgencyView & { path: string }> {
  const row = await agenciesById(db).read(id, async () => {
    const [found] = await db
      .select({ ...view, path: agencies.path })
      .from(agencies)
      .where(eq(agencies.id, id))
    return found
  })
  if (!row) throw notFound(AGENCY)
  return row
}

/** True when `agencyPath` is the official's own agency or one below it. */
export function inJurisdiction(principal: Principal, agencyPath: string): boolean {
  if (principal.roles.includes('system_admin')) return true
  return principal.agencyPath !== null && agencyPath.startsWith(principal.agencyPath)
}

/** The roles that work dossiers: an official holding one works those of their jurisdiction. */
const STAFF_ROLES: Role[] = ['reception', 'specialist', 'leader', 'system_admin']

/**
 * The staff roles (one-stop desk, specialist, leader; system administrator) an official holds over
 * any of these agencies, through their jurisdiction (their agency and the ones below it); none for
 * anyone else.
 */
export async function staffRolesOver(
  db: Db,
  principal: Principal,
  agencyIds: Iterable<string>,
): Promise<Role[]> {
  if (principal.kind !== 'official') return []
  const roles = principal.roles.filter((role) => STAFF_ROLES.includes(role))
  if (roles.length === 0) return []
  for (const agencyId of new Set(agencyIds)) {
    const agency = await getAgency(db, agencyId)
    if (inJurisdiction(principal, agency.path)) return roles
  }
  return []
}

export async function assertInJurisdiction(db: Db, principal: Principal, agencyId: string) {
  const agency = await getAgency(db, agencyId)
  if (!inJurisdiction(principal, agency.path)) throw outsideJurisdiction()
  return agency
}

export async function createAgency(db: Db, actor: Principal | null, input: AgencyInput): Promise<AgencyView> {
  const created = await db.transaction(async (tx) => {
    let path = `/${input.id}/`
    if (input.parentId) {
      const parent = actor
        ? await assertInJurisdiction(tx, actor, input.parentId)
        : await getAgency(tx, input.parentId)
      path = `${parent.path}${input.id}/`
    }
    const inserted = await tx
      .insert(agencies)
      .values({ ...input, nameEn: input.nameEn ?? null, adminUnitCode: input.adminUnitCode ?? null, path })
      .onConflictDoNothing()
      .returning({ id: agencies.id })
    if (inserted.length === 0) throw agencyExists()
    await appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'agency.created',
      entity: 'agency',
      entityId: input.id,
      data: { parentId: input.parentId, level: input.level, name: input.name },
    })
    return {
      ...input,
      nameEn: input.nameEn ?? null,
      adminUnitCode: input.adminUnitCode ?? null,
      childCount: 0,
    }
  })
  changedHere(db, 'agency')
  return created
}

/**
 * Creates or renames many agencies at once (the administrative-unit import), parents first.
 * Returns how many rows were new.
 */
export async function upsertAgencies(
  db: Db,
  rows: AgencyInput[],
  onProgress?: (done: number) => void,
): Promise<{ created: number; updated: number }> {
  let created = 0
  let updated = 0
  const chunk = 500
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk)
    await db.transaction(async (tx) => {
      const parentIds = [...new Set(slice.map((r) => r.parentId).filter((p): p is string => p !== null))]
      const parents = parentIds.length
        ? await tx
            .select({ id: agencies.id, path: agencies.path })
            .from(agencies)
            .where(sql`${agencies.id} in ${parentIds}`)
        : []
      const pathOf = new Map(parents.map((p) => [p.id, p.path]))
      // Rows come parents first, so a parent earlier in the same chunk already has its path.
      const values = slice.map((row) => {
        const parentPath = row.parentId ? pathOf.get(row.parentId) : ''
        if (parentPath === undefined) {
          throw notFound({ vi: `cơ quan cấp trên ${row.parentId}`, en: `Parent agency ${row.parentId}` })
        }
        const path = `${parentPath || '/'}${row.id}/`
        pathOf.set(row.id, path)
        return { ...row, nameEn: row.nameEn ?? null, adminUnitCode: row.adminUnitCode ?? null, path }
      })
      const result = await tx
        .insert(agencies)
        .values(values)
        .onConflictDoUpdate({
          target: agencies.id,
          set: { name: sql`excluded.name`, nameEn: sql`excluded.name_en`, level: sql`excluded.level` },
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` })
      const fresh = result.filter((r) => r.inserted).length
      created += fresh
      updated += result.length - fresh
      await appendAudit(tx, {
        actorId: null,
        action: 'agency.imported',
        entity: 'agency',
        entityId: `${slice[0]!.id}..${slice[slice.length - 1]!.id}`,
        data: { rows: slice.length, created: fresh },
      })
    })
    onProgress?.(Math.min(start + chunk, rows.length))
  }
  changedHere(db, 'agency')
  return { created, updated }
}

export async function countAgencies(db: Db, level?: AgencyLevel): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(agencies)
    .where(level ? eq(agencies.level, level) : undefined)
  return row?.n ?? 0
}

/** Agencies in the subtree of `path` (itself included). */
export async function agencyIdsUnder(db: Db, path: string): Promise<string[]> {
  const rows = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(like(agencies.path, `${escapeLike(path)}%`)))
  return rows.map((r) => r.id)
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export interface AgencyNode {
  id: string
  parentId: string | null
  path: string
  level: AgencyLevel
  name: string
  nameEn: string | null
}

/** The whole tree (a few thousand rows), for jobs that roll figures up from communes to the nation. */
export async function agencyTree(db: Db): Promise<AgencyNode[]> {
  return db
    .select({
      id: agencies.id,
      parentId: agencies.parentId,
      path: agencies.path,
      level: agencies.level,
      name: agencies.name,
      nameEn: agencies.nameEn,
    })
    .from(agencies)
    .orderBy(asc(agencies.path))
}
