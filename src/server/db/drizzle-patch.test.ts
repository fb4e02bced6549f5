import { Column, entityKind, is, SQL, sql, Table } from 'drizzle-orm'
import { PgColumn, PgText } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { sessions } from '../modules/identity/schema'

// patches/drizzle-orm+0.45.4.patch replaces Drizzle's is() with drizzle-orm v1's, which remembers
// each class's entity kinds. These are the answers Drizzle's query building relies on.
describe("Drizzle's is(), as patched", () => {
  it('knows an entity by its class and by the classes it extends', () => {
    const column = sessions.id
    expect(is(column, PgText)).toBe(true)
    expect(is(column, PgColumn)).toBe(true)
    expect(is(column, Column)).toBe(true)
    expect(is(sessions, Table)).toBe(true)
    expect(is(sql`select 1`, SQL)).toBe(true)
  })

  it('says no to other entities, plain values and objects without a prototype', () => {
    expect(is(sessions.id, Table)).toBe(false)
    expect(is(sessions, Column)).toBe(false)
    expect(is(sql`select 1`, Column)).toBe(false)
    for (const value of [null, undefined, 0, 'text', {}, [], Object.create(null)])
      expect(is(value, SQL)).toBe(false)
  })

  it('knows an entity of another copy of Drizzle by its kind', () => {
    // Another copy's class is not ours, but carries the same kind.
    class CopiedSql {
      static readonly [entityKind] = (SQL as unknown as Record<symbol, string>)[entityKind]!
    }
    class CopiedSubclass extends CopiedSql {}
    expect(is(new CopiedSql(), SQL)).toBe(true)
    expect(is(new CopiedSubclass(), SQL)).toBe(true)
    expect(is(new CopiedSubclass(), Column)).toBe(false)
    // Asked twice, from what it remembers: the same answers.
    expect(is(new CopiedSubclass(), SQL)).toBe(true)
    expect(is(new CopiedSubclass(), Column)).toBe(false)
  })
})
