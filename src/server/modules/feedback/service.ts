import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { writeTogether } from '../../db/together'
import { AppError, outsideJurisdiction } from '../../errors'
import { appendAudit } from '../audit/service'
import { getDossierFor } from '../dossiers/service'
import { publish } from '../events/service'
import { agencyIdsUnder, getAgency, inJurisdiction, type Principal } from '../identity/service'
import { SCORES } from './routes.schema'
import { ratings } from './schema'
import type { DossierRating, Rating, RatingInput, RatingsFilter, RatingsPage, Score } from './types'

const alreadyRated = () =>
  new AppError(409, 'ALREADY_RATED', {
    vi: 'Hồ sơ này đã được đánh giá.',
    en: 'This dossier has been rated already.',
  })

const notYetDecided = () =>
  new AppError(409, 'NOT_YET_DECIDED', {
    vi: 'Chỉ đánh giá được sau khi hồ sơ có kết quả.',
    en: 'A dossier can be rated once it has a result.',
  })

const onlyApplicant = () =>
  new AppError(403, 'ONLY_APPLICANT', {
    vi: 'Chỉ người nộp hồ sơ mới được đánh giá.',
    en: 'Only the applicant may rate a dossier.',
  })

/** The applicant rates the service once the dossier has its result (processed or returned). */
export async function rateDossier(
  db: Db,
  principal: Principal,
  code: string,
  input: RatingInput,
  /** `at` backdates the rating: only the demo generator, replaying history, sets it. */
  options: { at?: Date } = {},
): Promise<Rating> {
  const { dossier, roles } = await getDossierFor(db, principal, code)
  if (!roles.includes('applicant')) throw onlyApplicant()
  if (!['processed', 'returned'].includes(dossier.status)) throw notYetDecided()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ratings)
      .values({
        dossierCode: code,
        userId: principal.userId,
        agencyId: dossier.competentAgencyId,
        procedureCode: dossier.procedureCode,
        score: input.score,
        comment: input.comment?.trim() || null,
        ...(options.at ? { createdAt: options.at } : {}),
      })
      .onConflictDoNothing({ target: ratings.dossierCode })
      .returning()
    if (!row) throw alreadyRated()
    await writeTogether(tx, [
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'feedback.rated',
        entity: 'dossier',
        entityId: code,
        data: { score: input.score },
      }),
      publish(tx, {
        name: 'feedback.rating_given',
        payload: {
          dossierCode: code,
          agencyId: row.agencyId,
          procedureCode: row.procedureCode,
          score: row.score,
        },
      }),
    ])
    return {
      dossierCode: code,
      score: row.score,
      comment: row.comment,
      createdAt: row.createdAt.toISOString(),
    }
  })
}

/** An agency's ratings (and those of the agencies below it), with the count per score. */
export async function agencyRatings(
  db: Db,
  principal: Principal,
  query: RatingsFilter,
): Promise<RatingsPage> {
  const agencyId = query.agencyId ?? principal.agencyId
  if (!agencyId) throw outsideJurisdiction()
  const agency = await getAgency(db, agencyId)
  if (!inJurisdiction(principal, agency.path)) throw outsideJurisdiction()
  const ids = await agencyIdsUnder(db, agency.path)
  const where = inArray(ratings.agencyId, ids)
  const [items, counts] = await Promise.all([
    db
      .select({
        dossierCode: ratings.dossierCode,
        agencyId: ratings.agencyId,
        procedureCode: ratings.procedureCode,
        score: ratings.score,
        comment: ratings.comment,
        createdAt: ratings.createdAt,
      })
      .from(ratings)
      .where(where)
      .orderBy(desc(ratings.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ score: ratings.score, n: sql<number>`count(*)::int` })
      .from(ratings)
      .where(where)
      .groupBy(ratings.score),
  ])
  const summary = { satisfied: 0, acceptable: 0, dissatisfied: 0 }
  for (const c of counts) summary[c.score] = c.n
  const total = summary.satisfied + summary.acceptable + summary.dissatisfied
  return {
    summary: { ...summary, total },
    items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })),
  }
}

/** The rating of one dossier, if any (for its page). */
export async function ratingOf(db: Db, code: string): Promise<DossierRating> {
  const [row] = await db
    .select()
    .from(ratings)
    .where(and(eq(ratings.dossierCode, code)))
  return row ? { score: row.score, comment: row.comment, createdAt: row.createdAt.toISOString() } : null
}

/** Ratings per agency as of a moment: the satisfaction figures of the dashboard and the index. */
export async function ratingCountsByAgency(
  db: Db,
  until: Date,
): Promise<Map<string, Record<string, number>>> {
  const rows = await db
    .select({
      agencyId: ratings.agencyId,
      total: sql<number>`count(*)::int`,
      satisfied: sql<number>`count(*) filter (where ${ratings.score} = 'satisfied')::int`,
      positive: sql<number>`count(*) filter (where ${ratings.score} <> 'dissatisfied')::int`,
      dissatisfied: sql<number>`count(*) filter (where ${ratings.score} = 'dissatisfied')::int`,
    })
    .from(ratings)
    .where(lte(ratings.createdAt, until))
    .groupBy(ratings.agencyId)
  return new Map(
    rows.map((r) => [
      r.agencyId,
      {
        'ratings.total': r.total,
        'ratings.satisfied': r.satisfied,
        'ratings.positive': r.positive,
        'ratings.dissatisfied': r.dissatisfied,
      },
    ]),
  )
}

const RATING_FILTERS: Record<string, Score[]> = {
  'ratings.total': [...SCORES],
  'ratings.satisfied': ['satisfied'],
  'ratings.positive': ['satisfied', 'acceptable'],
  'ratings.dissatisfied': ['dissatisfied'],
}

/** The ratings counted by `counter` in the agencies given, newest first, without who gave them. */
export async function ratingsBehind(
  db: Db,
  query: { counter: string; agencyIds: string[]; page: number; pageSize: number },
) {
  const where = and(
    inArray(ratings.agencyId, query.agencyIds),
    inArray(ratings.score, RATING_FILTERS[query.counter] ?? []),
  )
  const [items, [total]] = await Promise.all([
    db
      .select({
        dossierCode: ratings.dossierCode,
        agencyId: ratings.agencyId,
        procedureCode: ratings.procedureCode,
        score: ratings.score,
        createdAt: ratings.createdAt,
      })
      .from(ratings)
      .where(where)
      .orderBy(desc(ratings.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(ratings).where(where),
  ])
  return { items, total: total?.n ?? 0 }
}
