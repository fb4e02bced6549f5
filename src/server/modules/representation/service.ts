import { and, desc, eq, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { appendAudit } from '../audit/service'
import type { Principal } from '../identity/types'
import { getBusiness, getPerson } from '../registry/service'
import {
  authorisationNotFound,
  cannotAuthorise,
  invalidAuthorisation,
  notRepresenting,
  representationExpired,
  representationOutOfScope,
} from './errors'
import { authorisations } from './schema'
import type { Representation, Represented } from './types'

export type { Representation, RepresentationBasis, Represented } from './types'

/** Age of majority (Civil Code 2015, art. 20): a parent acts for a child under it. */
const MAJORITY_YEARS = 18

function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = at.getUTCFullYear() - y
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age--
  return age
}

/** Whom the principal grants for: their own person, or their business. */
function grantorOf(principal: Principal): { type: 'person' | 'business'; id: string } {
  if (principal.kind === 'citizen' && principal.pin) return { type: 'person', id: principal.pin }
  if (principal.kind === 'business' && principal.taxCode) return { type: 'business', id: principal.taxCode }
  throw cannotAuthorise()
}

export interface AuthorisationInput {
  granteePin: string
  procedures: string[]
  document: string
  expiresAt: string
}

export type AuthorisationView = {
  id: string
  grantor: Represented
  granteePin: string
  basis: 'written' | 'employee'
  procedures: string[]
  document: string
  validFrom: string
  expiresAt: string
  revokedAt: string | null
  active: boolean
}

function toView(row: typeof authorisations.$inferSelect, now = new Date()): AuthorisationView {
  return {
    id: row.id,
    grantor:
      row.grantorType === 'person'
        ? { type: 'person', pin: row.grantorId }
        : { type: 'business', taxCode: row.grantorId },
    granteePin: row.granteePin,
    basis: row.basis,
    procedures: row.procedures,
    document: row.document,
    validFrom: row.validFrom.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    active: !row.revokedAt && row.expiresAt > now && row.validFrom <= now,
  }
}

/**
 * A person authorises another person in writing, or a business one of its employees, for the
 * procedures named, until the expiry. The grantee must be in the population registry.
 */
export async function grantAuthorisation(
  db: Db,
  principal: Principal,
  input: AuthorisationInput,
): Promise<AuthorisationView> {
  const grantor = grantorOf(principal)
  const expiresAt = new Date(input.expiresAt)
  if (!(expiresAt.getTime() > Date.now())) {
    throw invalidAuthorisation('expiresAt', {
      vi: 'Ngày hết hạn phải ở tương lai.',
      en: 'The expiry must be in the future.',
    })
  }
  if (grantor.type === 'person' && input.granteePin === grantor.id) {
    throw invalidAuthorisation('granteePin', {
      vi: 'Không thể tự ủy quyền cho chính mình.',
      en: 'You cannot authorise yourself.',
    })
  }
  if (!(await getPerson(db, input.granteePin))) {
    throw invalidAuthorisation('granteePin', {
      vi: 'Không có người này trong cơ sở dữ liệu dân cư.',
      en: 'No such person in the population registry.',
    })
  }
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(authorisations)
      .values({
        grantorType: grantor.type,
        grantorId: grantor.id,
        granteePin: input.granteePin,
        basis: grantor.type === 'business' ? 'employee' : 'written',
        procedures: [...new Set(input.procedures)],
        document: input.document,
        expiresAt,
        createdBy: principal.userId,
      })
      .returning()
    await appendAudit(tx, {
      actorId: principal.userId,
      action: 'authorisation.granted',
      entity: 'authorisation',
      entityId: created!.id,
      data: {
        grantor,
        granteePin: input.granteePin,
        procedures: created!.procedures,
        expiresAt: expiresAt.toISOString(),
      },
    })
    return created!
  })
  return toView(row)
}

/** The grantor withdraws an authorisation: it covers nothing from now on. */
export async function revokeAuthorisation(
  db: Db,
  principal: Principal,
  id: string,
): Promise<AuthorisationView> {
  const grantor = grantorOf(principal)
  const row = await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(authorisations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(authorisations.id, id),
          eq(authorisations.grantorType, grantor.type),
          eq(authorisations.grantorId, grantor.id),
          isNull(authorisations.revokedAt),
        ),
      )
      .returning()
    if (!revoked) throw authorisationNotFound()
    await appendAudit(tx, {
      actorId: principal.userId,
      action: 'authorisation.revoked',
      entity: 'authorisation',
      entityId: id,
      data: { grantor },
    })
    return revoked
  })
  return toView(row)
}

/** The authorisations one has given, and those given to one (as a person). */
export async function listAuthorisations(db: Db, principal: Principal) {
  const grantor = grantorOf(principal)
  const rows = await db
    .select()
    .from(authorisations)
    .where(
      or(
        and(eq(authorisations.grantorType, grantor.type), eq(authorisations.grantorId, grantor.id)),
        principal.pin ? eq(authorisations.granteePin, principal.pin) : sql`false`,
      ),
    )
    .orderBy(desc(authorisations.createdAt))
  const views = rows.map((row) => toView(row))
  return {
    given: views.filter((_, i) => rows[i]!.grantorType === grantor.type && rows[i]!.grantorId === grantor.id),
    received: views.filter((v) => principal.pin !== null && v.granteePin === principal.pin),
  }
}

/**
 * Whether the principal may file this procedure for the one represented, and on what basis: a
 * parent for a minor child (population registry), the legal representative of a business
 * (business registry), or a written authorisation in force that names the procedure. 403 with a
 * code otherwise: REPRESENTATION_NONE, REPRESENTATION_EXPIRED, REPRESENTATION_OUT_OF_SCOPE.
 */
export async function representationFor(
  db: Db,
  principal: Principal,
  represented: Represented,
  procedureCode: string,
  at: Date = new Date(),
): Promise<Representation> {
  const pin = principal.kind === 'citizen' ? principal.pin : null
  if (!pin) throw notRepresenting()
  const base = { represented, representativePin: pin }
  if (represented.type === 'person') {
    if (represented.pin === pin) throw notRepresenting()
    const person = await getPerson(db, represented.pin)
    if (!person) throw notRepresenting()
    const parent = person.data.fatherPin === pin || person.data.motherPin === pin
    if (parent && ageOn(person.data.birthDate, at) < MAJORITY_YEARS) {
      return { ...base, basis: 'parent', authorisationId: null }
    }
  } else {
    const business = await getBusiness(db, represented.taxCode)
    if (!business) throw notRepresenting()
    if (business.data.representativePin === pin) {
      return { ...base, basis: 'legal_representative', authorisationId: null }
    }
  }
  const grantorId = represented.type === 'person' ? represented.pin : represented.taxCode
  const rows = await db
    .select()
    .from(authorisations)
    .where(
      and(
        eq(authorisations.grantorType, represented.type),
        eq(authorisations.grantorId, grantorId),
        eq(authorisations.granteePin, pin),
      ),
    )
  if (rows.length === 0) throw notRepresenting()
  const inForce = rows.filter((r) => !r.revokedAt && r.validFrom <= at && r.expiresAt > at)
  if (inForce.length === 0) throw representationExpired()
  const covering = inForce.find((r) => r.procedures.includes(procedureCode))
  if (!covering) throw representationOutOfScope(procedureCode)
  return { ...base, basis: covering.basis, authorisationId: covering.id }
}
