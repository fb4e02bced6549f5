import fs from 'node:fs'
import path from 'node:path'
import { countryDir } from './files'

// The life-event triggers as data (config/vn/life-event-triggers.json): what starts a life event,
// which procedures it makes due and by when. A law that changes is a new dated version of the file's
// list, never a change of code.

/** What starts a life event: one of Sen's domain events, or a date the registry or a wallet holds. */
export type TriggerWhen =
  | { on: 'wallet.document_added'; documentType: string }
  | { on: 'dossier.result_issued'; procedureCode: string }
  /**
   * A person reaches one of these ages (the population registry's birth date), `daysBefore` ahead;
   * below `parentsUnder`, their parents are told too.
   */
  | { on: 'age'; years: number[]; daysBefore: number; parentsUnder?: number }
  /** A wallet document of this type reaches its `data.expiresOn`, `daysBefore` ahead. */
  | { on: 'document-expiry'; documentType: string; daysBefore: number }

/** A procedure a life event makes due, with its legal deadline where the law sets one. */
export interface DueProcedure {
  code: string
  /** Days after `from` (0: on that day itself); null: the law sets none. */
  deadlineDays: number | null
  /** What the deadline counts from: the child's birth, the trigger itself, the birthday reached, the expiry. */
  from: 'birth' | 'trigger' | 'birthday' | 'expiry'
  legalBasis: string
  legalBasisEn: string
}

export interface LifeEventTrigger {
  id: string
  /** A life event of config/vn/life-events.json. */
  lifeEvent: string
  when: TriggerWhen
  title: string
  titleEn: string
  body: string
  bodyEn: string
  /**
   * The procedure filed in one step when the citizen confirms (where the law allows an
   * interconnected filing), and which wallet documents it attaches: requirement id → 'trigger'
   * (the document that started the event).
   */
  offer?: { procedureCode: string; attach?: Record<string, 'trigger'> }
  procedures: DueProcedure[]
}

interface TriggersFile {
  versions: { effectiveFrom: string; triggers: LifeEventTrigger[] }[]
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const ON = new Set(['wallet.document_added', 'dossier.result_issued', 'age', 'document-expiry'])
const FROM = new Set(['birth', 'trigger', 'birthday', 'expiry'])

const cache = new Map<string, TriggersFile>()

/** Reads and checks the file once; a malformed one fails loudly rather than suggesting nothing. */
function triggersFile(file: string): TriggersFile {
  const kept = cache.get(file)
  if (kept) return kept
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as TriggersFile
  for (const version of data.versions) {
    if (!DAY.test(version.effectiveFrom)) throw new Error(`Bad effectiveFrom in ${file}`)
    const ids = new Set<string>()
    for (const trigger of version.triggers) {
      if (ids.has(trigger.id)) throw new Error(`Trigger ${trigger.id} twice in ${file}`)
      ids.add(trigger.id)
      if (!ON.has(trigger.when.on)) throw new Error(`Trigger ${trigger.id}: unknown "on" ${trigger.when.on}`)
      if (trigger.procedures.length === 0) throw new Error(`Trigger ${trigger.id} makes nothing due`)
      for (const due of trigger.procedures) {
        if (!FROM.has(due.from)) throw new Error(`Trigger ${trigger.id}: unknown "from" ${due.from}`)
        if (due.deadlineDays !== null && !(Number.isInteger(due.deadlineDays) && due.deadlineDays >= 0))
          throw new Error(`Trigger ${trigger.id}: bad deadlineDays for ${due.code}`)
      }
    }
  }
  data.versions.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  cache.set(file, data)
  return data
}

/** The triggers in force on `day` (YYYY-MM-DD): the latest version that has begun, none before the first. */
export function lifeEventTriggers(
  day: string,
  file = path.join(countryDir, 'life-event-triggers.json'),
): LifeEventTrigger[] {
  return triggersFile(file).versions.find((v) => v.effectiveFrom <= day)?.triggers ?? []
}
