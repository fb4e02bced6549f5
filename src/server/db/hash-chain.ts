import { asc, desc, getTableColumns, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from './index'
import { rowsOf } from './rows'

/** The hash before the first link of every chain. */
export const GENESIS = '0'.repeat(64)

/**
 * An append-only table sealed into a hash chain after its rows commit: each row gets its place
 * (`chainSeq`), the previous row's hash and its own, `link(prevHash, row)`. Rows are written without
 * a lock and chained a moment later by one sealer at a time (an advisory lock): chaining at the write
 * would make every writer wait, through its commit, on one lock. The audit log and the exchange's
 * message log are such tables.
 */
export interface HashChain<Row> {
  table: PgTable
  /** The row's write order (a bigserial). */
  seq: PgColumn
  chainSeq: PgColumn
  prevHash: PgColumn
  hash: PgColumn
  /** Advisory lock id: one sealer at a time on the database. */
  lock: number
  link(prevHash: string, row: Row): string
}

const BATCH = 2000

/** The property name Drizzle gives a column in the rows it selects. */
function keyOf(column: PgColumn): string {
  const entry = Object.entries(getTableColumns(column.table)).find(([, c]) => c === column)
  if (!entry) throw new Error(`column ${column.name} is not in its table`)
  return entry[0]
}
const pick = <Row>(row: Row, column: PgColumn) => (row as Record<string, unknown>)[keyOf(column)]

/**
 * Chains the committed rows not yet chained, in write order, after the last chained one. With
 * `wait` this sealer waits for another to finish, else it leaves the work to it. Returns how many
 * it chained, and the range of the last batch.
 */
export async function sealChain<Row>(db: Db, chain: HashChain<Row>, options: { wait?: boolean } = {}) {
  // Most passes find nothing: one indexed look, without a transaction, before anything else.
  const [anyPending] = await db
    .select({ seq: chain.seq })
    .from(chain.table)
    .where(isNull(chain.chainSeq))
    .limit(1)
  if (!anyPending) return 0
  let sealed = 0
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`select pg_advisory_xact_lock(${chain.lock})`)
      else {
        const [lock] = await rowsOf<{ locked: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${chain.lock}) as locked`,
        )
        if (!lock?.locked) return 0
      }
      const pending = (await tx
        .select()
        .from(chain.table)
        .where(isNull(chain.chainSeq))
        .orderBy(asc(chain.seq))
        .limit(BATCH)) as Row[]
      if (pending.length === 0) return 0
      const [last] = (await tx
        .select({ chainSeq: chain.chainSeq, hash: chain.hash })
        .from(chain.table)
        .where(isNotNull(chain.chainSeq))
        .orderBy(desc(chain.chainSeq))
        .limit(1)) as { chainSeq: number; hash: string }[]
      let chainSeq = Number(last?.chainSeq ?? 0)
      let prevHash = last?.hash ?? GENESIS
      const links = pending.map((row) => {
        const hash = chain.link(prevHash, row)
        const link = sql`(${pick(row, chain.seq)}::bigint, ${++chainSeq}::bigint, ${prevHash}, ${hash})`
        prevHash = hash
        return link
      })
      await tx.execute(sql`
        update ${chain.table} set ${sql.identifier(chain.chainSeq.name)} = link.chain_seq,
          ${sql.identifier(chain.prevHash.name)} = link.prev_hash, ${sql.identifier(chain.hash.name)} = link.hash
        from (values ${sql.join(links, sql`, `)}) as link(seq, chain_seq, prev_hash, hash)
        where ${chain.seq} = link.seq`)
      return pending.length
    })
    sealed += batch
    if (batch < BATCH) return sealed
  }
}

export interface ChainReport {
  ok: boolean
  checked: number
  /** The first row whose link or content does not match (by its write order). */
  firstBroken?: { seq: number; reason: 'prev_hash' | 'hash' }
}

/**
 * Walks the chain in order from its first row and names the first broken link: a row whose
 * previous hash is not its predecessor's (rows removed, inserted, reordered) or whose content does
 * not give its hash (altered). `onRow` sees every intact row.
 */
export async function walkChain<Row>(
  db: Db,
  chain: HashChain<Row>,
  options: { onProgress?: (checked: number) => void; onRow?: (row: Row) => void } = {},
): Promise<ChainReport> {
  let prevHash = GENESIS
  let checked = 0
  let after = 0
  for (;;) {
    const batch = (await db
      .select()
      .from(chain.table)
      .where(gt(chain.chainSeq, after))
      .orderBy(asc(chain.chainSeq))
      .limit(5000)) as Row[]
    if (batch.length === 0) return { ok: true, checked }
    for (const row of batch) {
      const seq = Number(pick(row, chain.seq))
      if (pick(row, chain.prevHash) !== prevHash)
        return { ok: false, checked, firstBroken: { seq, reason: 'prev_hash' } }
      if (pick(row, chain.hash) !== chain.link(prevHash, row))
        return { ok: false, checked, firstBroken: { seq, reason: 'hash' } }
      prevHash = pick(row, chain.hash) as string
      options.onRow?.(row)
      checked++
    }
    after = Number(pick(batch[batch.length - 1]!, chain.chainSeq))
    options.onProgress?.(checked)
  }
}
