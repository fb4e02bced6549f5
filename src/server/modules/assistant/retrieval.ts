import MiniSearch from 'minisearch'
import { assistantVocabulary } from '../../country/assistant'
import type { Db } from '../../db'
import { rowCache } from '../../db/invalidation'
import { workingCalendar } from '../calendar/service'
import { catalogFacts, fold, getProcedure, lifeEvents, type Procedure, sectors } from '../catalog/service'

// Offline retrieval over the catalog: BM25 (MiniSearch scores with BM25+) over each procedure's
// names, result, documents and notes, with Vietnamese diacritics folded. Vietnamese words are
// mostly two syllables ("khai sinh", "kết hôn"), so the index holds each syllable and each pair of
// adjacent syllables: a question that has the pair ranks the procedure named by it above those
// that merely share a syllable ("chứng sinh", "sinh viên").

interface IndexedDoc {
  code: string
  name: string
  result: string
  documents: string
  events: string
  notes: string
  english: string
}

export interface RetrievalIndex {
  search: MiniSearch<IndexedDoc>
  procedures: Map<string, Procedure>
}

const WORD = /[\p{L}\p{N}]+/gu

/** The folded syllables of a text, in order. */
export function syllables(text: string): string[] {
  return fold(text).match(WORD) ?? []
}

/** Syllables and adjacent pairs ("khai", "sinh", "khai_sinh"): what the index holds. */
function withPairs(words: string[]): string[] {
  const out = [...words]
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]}_${words[i]}`)
  return out
}

const tokenize = (text: string) => text.split(/\n/).flatMap((line) => withPairs(syllables(line)))

interface Vocabulary {
  /** Phrase as written (lower case, syllables joined by a space) → the terms it stands for, folded. */
  written: Map<string, string[][]>
  /** The same by folded phrase: for words typed without diacritics. */
  folded: Map<string, string[][]>
  longest: number
  stopwords: Set<string>
  foldedStopwords: Set<string>
}

let vocabulary: Vocabulary | undefined

/** Lower-case syllables with their diacritics. */
const written = (text: string) => text.normalize('NFC').toLowerCase().match(WORD) ?? []

function vocabularyOf(): Vocabulary {
  if (vocabulary) return vocabulary
  const { synonyms, stopwords } = assistantVocabulary()
  const add = (map: Map<string, string[][]>, key: string, terms: string[][]) =>
    map.set(key, [...(map.get(key) ?? []), ...terms])
  vocabulary = {
    written: new Map(),
    folded: new Map(),
    longest: 1,
    stopwords: new Set(stopwords.flatMap(written)),
    foldedStopwords: new Set(stopwords.flatMap(syllables)),
  }
  for (const { phrases, terms } of synonyms) {
    const meant = terms.map(syllables)
    for (const phrase of phrases) {
      const words = written(phrase)
      vocabulary.longest = Math.max(vocabulary.longest, words.length)
      add(vocabulary.written, words.join(' '), meant)
      add(vocabulary.folded, words.map(fold).join(' '), meant)
    }
  }
  return vocabulary
}

/** A syllable typed without diacritics (that may stand for any syllable that folds to it). */
const plain = (word: string) => fold(word) === word

/**
 * A question as search terms: everyday phrases replaced by the administrative terms they stand
 * for (longest phrase first), words without meaning dropped, each run of words with its pairs.
 * Words typed with diacritics match phrases as written ("mật khẩu" is not "mất"); words typed
 * without match any phrase that folds to them.
 */
export function queryTerms(question: string): string[] {
  const v = vocabularyOf()
  const words = written(question)
  const runs: string[][] = []
  let run: string[] = []
  const endRun = () => {
    if (run.length) runs.push(run)
    run = []
  }
  const meaning = (span: string[]) =>
    v.written.get(span.join(' ')) ?? (span.every(plain) ? v.folded.get(span.map(fold).join(' ')) : undefined)
  for (let i = 0; i < words.length; ) {
    let matched = 0
    for (let n = Math.min(v.longest, words.length - i); n >= 1 && !matched; n--) {
      const meant = meaning(words.slice(i, i + n))
      if (!meant) continue
      matched = n
      endRun()
      runs.push(...meant.filter((terms) => terms.length > 0))
    }
    if (matched) {
      i += matched
      continue
    }
    const word = words[i]!
    if (v.stopwords.has(word) || (plain(word) && v.foldedStopwords.has(word))) endRun()
    else run.push(fold(word))
    i++
  }
  endRun()
  return [...new Set(runs.flatMap(withPairs))]
}

const LEVELS: Record<string, string> = { commune: 'cấp xã', province: 'cấp tỉnh', central: 'trung ương' }

function indexed(procedure: Procedure, sectorNames: Map<string, string>, eventNames: Map<string, string>) {
  const fee = procedure.fee
  return {
    code: procedure.code,
    name: procedure.name,
    result: procedure.resultName,
    documents: procedure.documents.map((d) => d.name).join('\n'),
    events: procedure.lifeEvents.map((e) => eventNames.get(e) ?? e).join('\n'),
    notes: [
      sectorNames.get(procedure.sector) ?? '',
      procedure.competentBody,
      fee.note ?? '',
      typeof procedure.form.schema.description === 'string' ? procedure.form.schema.description : '',
      ...procedure.agencyLevels.map((l) => LEVELS[l] ?? l),
    ].join('\n'),
    english: [
      procedure.nameEn,
      procedure.resultNameEn,
      ...procedure.documents.map((d) => d.nameEn),
      fee.noteEn ?? '',
    ].join('\n'),
  }
}

async function build(db: Db, day: string): Promise<RetrievalIndex> {
  const facts = await catalogFacts(db, day)
  const at = new Date(`${day}T12:00:00+07:00`)
  const all = await Promise.all(facts.map((f) => getProcedure(db, f.code, at)))
  const sectorNames = new Map(sectors().map((s) => [s.id, s.name]))
  const eventNames = new Map(lifeEvents().map((e) => [e.id, e.name]))
  const search = new MiniSearch<IndexedDoc>({
    idField: 'code',
    fields: ['name', 'result', 'documents', 'events', 'notes', 'english'],
    tokenize,
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { name: 4, result: 2, events: 1.5, documents: 1, notes: 0.5, english: 1 },
      combineWith: 'OR',
    },
  })
  search.addAll(all.map((p) => indexed(p, sectorNames, eventNames)))
  return { search, procedures: new Map(all.map((p) => [p.code, p])) }
}

/** Builds under way, by database and day: concurrent first questions share one. */
const building = new WeakMap<Db, Map<string, Promise<RetrievalIndex>>>()

function buildOnce(db: Db, day: string): Promise<RetrievalIndex> {
  const pending = building.get(db) ?? new Map<string, Promise<RetrievalIndex>>()
  building.set(db, pending)
  let work = pending.get(day)
  if (!work) {
    work = build(db, day).finally(() => pending.delete(day))
    pending.set(day, work)
  }
  return work
}

/**
 * This process's index of the procedures in force today: built on first use and again when the
 * day changes or any procedure does (the catalog's change notifications, db/invalidation.ts).
 */
export async function retrievalIndex(db: Db): Promise<RetrievalIndex> {
  const day = workingCalendar().localDay(new Date())
  const kept = await rowCache<{ index: RetrievalIndex }>(db, 'assistant-index', {
    max: 2,
    kinds: ['procedure'],
  }).read(day, async () => ({ index: await buildOnce(db, day) }))
  return kept!.index
}

export interface Retrieved {
  procedure: Procedure
  score: number
}

/** Keeps hits within this share of the best one's score: the rest answer another question. */
const RELATIVE_FLOOR = 0.3

/**
 * Whether a hit shares the question's meaning, not a stray syllable ("giá vàng" and "gia đình"):
 * it has a pair of the question's syllables, or every word of it.
 */
function meaningful(matched: string[], terms: string[]): boolean {
  return matched.some((t) => t.includes('_')) || terms.every((t) => t.includes('_') || matched.includes(t))
}

/** The procedures that answer a question, best first (at most `limit`). */
export async function retrieve(db: Db, question: string, limit: number): Promise<Retrieved[]> {
  const terms = queryTerms(question)
  if (terms.length === 0) return []
  const index = await retrievalIndex(db)
  const hits = index.search.search(terms.join(' '))
  const best = hits[0]?.score ?? 0
  if (!hits[0] || !meaningful(hits[0].queryTerms, terms)) return []
  return hits
    .filter((hit) => hit.score >= best * RELATIVE_FLOOR)
    .slice(0, limit)
    .map((hit) => ({ procedure: index.procedures.get(hit.id as string)!, score: hit.score }))
}
