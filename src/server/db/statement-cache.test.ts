import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgres, testDbKind } from '../../../tests/helpers/db'
import { statementCachingClient } from './statement-cache'

// PostgreSQL only: PGlite has one session and no named statements to keep.
describe.skipIf(testDbKind !== 'postgres')('statements sent again and again are prepared', () => {
  let url: string
  let drop: () => Promise<void>
  beforeAll(async () => {
    ;({ url, drop } = await freshPostgres())
    const setup = new pg.Client({ connectionString: url })
    await setup.connect()
    await setup.query('create table items (id int primary key, name text not null)')
    await setup.query("insert into items values (1, 'một'), (2, 'hai'), (3, 'ba')")
    await setup.end()
  })
  afterAll(() => drop?.())

  /** One connection of a client built by the factory, and what its session has prepared. */
  async function session(limits?: Parameters<typeof statementCachingClient>[0]) {
    const Client = statementCachingClient(limits)
    const client = new Client({ connectionString: url })
    await client.connect()
    const prepared = async () =>
      (await client.query('select statement from pg_prepared_statements order by statement')).rows.map(
        (row: { statement: string }) => row.statement,
      )
    return { client, prepared }
  }

  const byId = 'select name from items where id = $1'

  it('prepares a text seen twice, keeps answering with each call’s own parameters', async () => {
    const { client, prepared } = await session()
    try {
      expect((await client.query(byId, [1])).rows).toEqual([{ name: 'một' }])
      expect(await prepared()).toEqual([])
      expect((await client.query({ text: byId, values: [2] })).rows).toEqual([{ name: 'hai' }])
      expect(await prepared()).toEqual([byId])
      expect((await client.query(byId, [3])).rows).toEqual([{ name: 'ba' }])
      expect(await prepared()).toEqual([byId])
    } finally {
      await client.end()
    }
  })

  it('leaves statements named by the caller, texts seen once and texts without parameters as they are', async () => {
    const { client, prepared } = await session()
    const count = 'select count(*) from items where id > $1'
    // The simple protocol takes several statements in one text; a prepared statement could not.
    const twoStatements = 'select 1; select 2'
    try {
      await client.query({ name: 'item_by_id', text: byId, values: [1] })
      await client.query({ name: 'item_by_id', text: byId, values: [2] })
      await client.query(count, [0])
      for (let i = 0; i < 3; i++) expect(await client.query(twoStatements)).toHaveLength(2)
      expect(await prepared()).toEqual([byId])
    } finally {
      await client.end()
    }
  })

  it('prepares at most so many statements per connection, then sends the rest unnamed', async () => {
    const { client, prepared } = await session({ texts: 100, perConnection: 2 })
    try {
      const texts = [1, 2, 3].map((n) => `select name from items where id = $1 and ${n} = ${n}`)
      for (const text of [...texts, ...texts, ...texts])
        expect((await client.query(text, [1])).rows).toEqual([{ name: 'một' }])
      expect(await prepared()).toEqual(texts.slice(0, 2))
    } finally {
      await client.end()
    }
  })

  it('a prepared statement that fails when run stays prepared, and runs again', async () => {
    const { client, prepared } = await session()
    const insert = 'insert into items values ($1, $2)'
    try {
      await client.query(insert, [4, 'bốn'])
      await expect(client.query(insert, [4, 'bốn'])).rejects.toMatchObject({ code: '23505' })
      await client.query(insert, [5, 'năm'])
      expect((await client.query('select count(*)::int as n from items')).rows).toEqual([{ n: 5 }])
      expect(await prepared()).toContain(insert)
    } finally {
      await client.end()
    }
  })
})
