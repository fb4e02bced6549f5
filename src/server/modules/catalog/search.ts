import { sql } from 'drizzle-orm'
import MiniSearch from 'minisearch'
import { lifeEvents, sectors } from '../../country/procedures'
import type { Db } from '../../db'
import { fold } from './fold'
import { inForce, localDay } from './queries'
import { procedures } from './schema'
import type { ProcedureSummary } from './types'

export interface IndexedProcedure extends ProcedureSummary {
  agencyLevels: string[]
}

interface SearchState {
  index: MiniSearch<IndexedDoc>
  docs: Map<string, IndexedProcedure>
  /** What the index was built from: the day, and the table's row count and latest creation. */
  fingerprint: string
  checkedAt: number
  /** Results by folded query: people search for the same few procedures all day. Dropped with the index. */
  results: Map<string, IndexedProcedure[]>
}

/** Queries whose results each index keeps (the oldest is dropped first). */
const RESULTS_KEPT = 1000

interface IndexedDoc {
  code: string
  name: string
  nameEn: string
  sector: string
  lifeEvents: string
}

/**
 * How long a process trusts its index before asking the database whether the catalog changed.
 * Versions created in this process rebuild it at once; with several Sen processes behind a load
 * balancer each one notices another's new version on its own schedule, within this many ms.
 */
export const STALE_CHECK_MS = 5_000

const states = new WeakMap<Db, SearchState>()
const building = new WeakMap<Db, Promise<SearchState>>()
/** Bumped by invalidateSearch, so that a build begun before a new version is not kept. */
const generations = new WeakMap<Db, number>()

async function fingerprintOf(db: Db): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${procedures.createdAt})::text` })
    .from(procedures)
  return `${localDay()}|${row?.n ?? 0}|${row?.last ?? ''}`
}

async function build(db: Db, fingerprint: string): Promise<SearchState> {
  const current = inForce(db, localDay())
  const rows = await db
    .select({
      code: current.code,
      name: current.name,
      nameEn: current.nameEn,
      sector: current.sector,
      onlineLevel: current.onlineLevel,
      fee: current.fee,
      processingDays: current.processingDays,
      lifeEvents: current.lifeEvents,
      essential: current.essential,
      agencyLevels: current.agencyLevels,
    })
    .from(current)
  const sectorNames = new Map(sectors().map((s) => [s.id, `${s.name} ${s.nameEn}`]))
  const eventNames = new Map(lifeEvents().map((e) => [e.id, `${e.name} ${e.nameEn}`]))
  const index = new MiniSearch<IndexedDoc>({
    idField: 'code',
    fields: ['name', 'nameEn', 'code', 'sector', 'lifeEvents'],
    processTerm: (term) => fold(term) || null,
    searchOptions: {
      // Prefix matching for the word being typed and for longer words, typo tolerance (0.2 of the
      // length) for words of 4 letters or more, both weighing little: short words ("tu" in "khai
      // tu") match exactly, or the many "tục", "tuất", "trợ"… of long names would outrank the
      // procedure whose name is just the words asked for.
      prefix: (term, i, terms) => term.length >= 3 && (i === terms.length - 1 || term.length >= 4),
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      weights: { fuzzy: 0.1, prefix: 0.3 },
      boost: { name: 3, code: 3, nameEn: 2 },
      processTerm: (term) => fold(term) || null,
    },
  })
  const docs = new Map<string, IndexedProcedure>()
  for (const row of rows) {
    const { fee, ...rest } = row
    docs.set(row.code, { ...rest, feeVnd: fee.amountVnd })
    index.add({
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      sector: `${row.sector} ${sectorNames.get(row.sector) ?? ''}`,
      lifeEvents: row.lifeEvents.map((e) => `${e} ${eventNames.get(e) ?? ''}`).join(' '),
    })
  }
  return { index, docs, fingerprint, checkedAt: Date.now(), results: new Map() }
}

async function stateOf(db: Db): Promise<SearchState> {
  const state = states.get(db)
  if (state && Date.now() - state.checkedAt < STALE_CHECK_MS) return state
  const pending = building.get(db)
  if (pending) return pending
  const generation = generations.get(db) ?? 0
  const work = (async () => {
    const fingerprint = await fingerprintOf(db)
    const fresh = state && state.fingerprint === fingerprint ? state : await build(db, fingerprint)
    fresh.checkedAt = Date.now()
    if ((generations.get(db) ?? 0) === generation) states.set(db, fresh)
    return fresh
  })()
  building.set(db, work)
  try {
    return await work
  } finally {
    building.delete(db)
  }
}

/** Drops this process's index of a database: the next search rebuilds it (after a new version). */
export function invalidateSearch(db: Db) {
  generations.set(db, (generations.get(db) ?? 0) + 1)
  states.delete(db)
  building.delete(db)
}

/** Procedures in force today matching `q`, best first, with or without Vietnamese diacritics. */
export async function searchProcedures(db: Db, q: string): Promise<IndexedProcedure[]> {
  const state = await stateOf(db)
  const key = fold(q).split(/\s+/).filter(Boolean).join(' ')
  const kept = state.results.get(key)
  if (kept) return kept
  // Every word must match (prefix and typo tolerant); only when nothing does, any word may.
  let hits = state.index.search(q, { combineWith: 'AND' })
  if (hits.length === 0) hits = state.index.search(q, { combineWith: 'OR' })
  const found = hits
    .map((hit) => state.docs.get(hit.id as string))
    .filter((doc): doc is IndexedProcedure => doc !== undefined)
  if (state.results.size >= RESULTS_KEPT) state.results.delete(state.results.keys().next().value!)
  state.results.set(key, found)
  return found
}
