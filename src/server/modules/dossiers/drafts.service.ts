import { and, desc, eq } from 'drizzle-orm'
import type { Static } from 'typebox'
import type { Db } from '../../db'
import { getProcedure } from '../catalog/service'
import type { DraftSchema } from './routes.schema'
import { drafts } from './schema'

export type DraftView = Static<typeof DraftSchema>

const toView = (row: typeof drafts.$inferSelect): DraftView => ({
  procedureCode: row.procedureCode,
  data: row.data,
  documents: row.documents as DraftView['documents'],
  updatedAt: row.updatedAt.toISOString(),
})

/** Saves the user's draft of an application (one per procedure), to resume on any device. */
export async function saveDraft(
  db: Db,
  userId: string,
  procedureCode: string,
  input: { data: Record<string, unknown>; documents: unknown[] },
): Promise<DraftView> {
  await getProcedure(db, procedureCode)
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: drafts.id })
      .from(drafts)
      .where(and(eq(drafts.userId, userId), eq(drafts.procedureCode, procedureCode)))
      .for('update')
    const values = { data: input.data, documents: input.documents, updatedAt: new Date() }
    const [row] = existing
      ? await tx.update(drafts).set(values).where(eq(drafts.id, existing.id)).returning()
      : await tx
          .insert(drafts)
          .values({ userId, procedureCode, ...values })
          .returning()
    return toView(row!)
  })
}

/** The user's draft of one application, or null: most applications start without one, which is no error. */
export async function getDraft(db: Db, userId: string, procedureCode: string): Promise<DraftView | null> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.procedureCode, procedureCode)))
  return row ? toView(row) : null
}

export async function listDrafts(db: Db, userId: string): Promise<DraftView[]> {
  const rows = await db.select().from(drafts).where(eq(drafts.userId, userId)).orderBy(desc(drafts.updatedAt))
  return rows.map(toView)
}

export async function deleteDraft(db: Db, userId: string, procedureCode: string) {
  await db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.procedureCode, procedureCode)))
}
