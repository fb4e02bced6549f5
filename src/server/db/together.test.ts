import { eq, sql } from 'drizzle-orm'
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase, testDbKind } from '../../../tests/helpers/db'
import type { Database } from './index'
import { rowsOf } from './rows'
import { withWrites, writeTogether } from './together'

const parents = pgTable('together_parents', {
  code: text('code').primaryKey(),
  filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
})
const children = pgTable('together_children', {
  parentCode: text('parent_code').notNull(),
  n: integer('n').notNull(),
})
const notes = pgTable('together_notes', { text: text('text').notNull() })

let database: Database
beforeAll(async () => {
  database = await testDatabase({ migrate: false })
  await database.db.execute(
    sql`create table together_parents (code text primary key, filed_at timestamptz not null default now())`,
  )
  await database.db.execute(
    sql`create table together_children (parent_code text not null references together_parents (code), n integer not null check (n > 0))`,
  )
  await database.db.execute(sql`create table together_notes (text text not null unique)`)
})
afterAll(() => database?.close())

const count = async (table: string) => {
  const [row] = await rowsOf<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`))
  return Number(row!.n)
}

describe(`writes together in one statement (${testDbKind})`, () => {
  it('writes rows that refer to the main statement’s row, and returns that row as Drizzle maps it', async () => {
    const db = database.db
    const [parent] = await withWrites(db, [
      db.insert(children).values([
        { parentCode: 'A-1', n: 1 },
        { parentCode: 'A-1', n: 2 },
      ]),
      db.insert(notes).values({ text: 'A-1 filed' }),
    ])
      .insert(parents)
      .values({ code: 'A-1' })
      .returning()
    expect(parent!.code).toBe('A-1')
    expect(parent!.filedAt).toBeInstanceOf(Date)
    expect(await db.select().from(children).where(eq(children.parentCode, 'A-1'))).toHaveLength(2)
    expect(await db.select().from(notes)).toEqual([{ text: 'A-1 filed' }])
  })

  it('writes nothing at all when any one of the writes fails', async () => {
    const db = database.db
    const before = await Promise.all(['together_parents', 'together_children', 'together_notes'].map(count))
    await expect(
      withWrites(db, [
        db.insert(children).values({ parentCode: 'B-1', n: 1 }),
        // Breaks the check constraint: the statement fails as a whole.
        db.insert(children).values({ parentCode: 'B-1', n: 0 }),
        db.insert(notes).values({ text: 'B-1 filed' }),
      ])
        .insert(parents)
        .values({ code: 'B-1' }),
    ).rejects.toThrow()
    // A child whose parent is not written breaks the foreign key, checked at the statement's end.
    await expect(
      writeTogether(db, [
        db.insert(notes).values({ text: 'orphan' }),
        db.insert(children).values({ parentCode: 'nobody', n: 1 }),
      ]),
    ).rejects.toThrow()
    expect(await Promise.all(['together_parents', 'together_children', 'together_notes'].map(count))).toEqual(
      before,
    )
  })

  it('runs one write, or several, or none', async () => {
    const db = database.db
    await writeTogether(db, [])
    await writeTogether(db, [db.insert(notes).values({ text: 'one' })])
    await writeTogether(db, [
      db.insert(parents).values({ code: 'C-1' }),
      db.insert(notes).values({ text: 'two' }),
      db.insert(notes).values({ text: 'three' }),
    ])
    const texts = (await db.select().from(notes)).map((n) => n.text)
    expect(texts).toEqual(expect.arrayContaining(['one', 'two', 'three']))
    expect(await db.select().from(parents).where(eq(parents.code, 'C-1'))).toHaveLength(1)
  })
})
