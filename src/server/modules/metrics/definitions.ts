import fs from 'node:fs'
import path from 'node:path'
import { countryDir } from '../../country/files'
import type { Localised } from '../../errors'

/**
 * The programme's targets and the service-quality index, as data (config/vn): a new decision
 * changes a file, not the code. Read once per process.
 */
export interface TargetDefinition {
  id: string
  name: string
  nameEn: string
  source: string
  /** Counter names; both absent when Sen does not hold the data yet. */
  numerator?: string
  denominator?: string
  /** Which kind of records lie behind the numerator. */
  records?:
    | 'dossiers'
    | 'documents'
    | 'ratings'
    | 'procedures'
    | 'tasks'
    | 'submissions'
    | 'systems'
    | 'datasets'
    | 'staff'
  missing?: Localised
  method: Localised
  /** A second figure shown beside the target's (e.g. the acceptance rate of suggestions). */
  beside?: { name: Localised; numerator: string; denominator: string }
}

export interface Thresholds {
  target2027: number | null
  target2030: number | null
}

export interface TargetDecision {
  decision: string
  effectiveFrom: string
  targets: Record<string, Thresholds>
}

export interface IndicatorDefinition {
  id: string
  name: string
  nameEn: string
  maxPoints: number
  threshold: number
  numerator?: string
  denominator?: string
  /** 1 minus the sum of these ratios (e.g. late share and complaint share). */
  oneMinus?: [string, string][]
  /** Counted on the national catalog: measured only where the agency has received dossiers. */
  needsDossiers?: boolean
  missing?: Localised
  method: Localised
}

export interface GroupDefinition {
  id: string
  name: string
  nameEn: string
  maxPoints: number
  indicators: IndicatorDefinition[]
}

/** What each status of a target means (Sen's own rule, not a decision's), with its threshold. */
export interface StatusRule {
  /** On track from this share of the target in force (below it: behind). */
  onTrackFrom: number
  /** The 2027 target is the one in force until this day, the 2030 one after it. */
  firstPeriodEnds: string
  method: Localised
}

interface ProgrammeFile {
  status: StatusRule
  decisions: TargetDecision[]
  targets: TargetDefinition[]
}

interface IndexFile {
  decision: string
  effectiveFrom: string
  groups: GroupDefinition[]
}

/** Why a figure Sen measures has no value here: nothing to divide by yet. */
/** Why an indicator that needs dossiers is not measured where none have been filed. */
export const NO_DOSSIERS_HERE: Localised = {
  vi: 'Chưa có hồ sơ nào nộp qua Sen ở đây: chỉ số này chỉ đo được khi cơ quan đã tiếp nhận hồ sơ.',
  en: 'No dossier has been filed here through Sen yet: this indicator is measured once the agency receives dossiers.',
}

export const NO_RECORDS_YET: Localised = {
  vi: 'Chưa có hồ sơ nào để tính con số này ở đây.',
  en: 'No records to compute this from here yet.',
}

const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(countryDir, name), 'utf8')) as T

let programme: ProgrammeFile | undefined
let index: IndexFile | undefined

export function targetDefinitions(): TargetDefinition[] {
  programme ??= read<ProgrammeFile>('programme-targets.json')
  return programme.targets
}

/** The thresholds in force on `day`: those of the latest decision that has taken effect. */
export function thresholdsOn(day: string, decisions: TargetDecision[] = targetDecisions()) {
  const inForce = decisions
    .filter((d) => d.effectiveFrom <= day)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]
  // Before the first decision took effect its thresholds are still the ones to aim at.
  const decision =
    inForce ?? [...decisions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0]!
  return {
    decision: decision.decision,
    effectiveFrom: decision.effectiveFrom,
    of: (id: string): Thresholds => decision.targets[id] ?? { target2027: null, target2030: null },
  }
}

export function statusRule(): StatusRule {
  programme ??= read<ProgrammeFile>('programme-targets.json')
  return programme.status
}

/** Every decision with its date, for the public list of targets. */
export function targetDecisions(): TargetDecision[] {
  programme ??= read<ProgrammeFile>('programme-targets.json')
  return programme.decisions
}

export function indexDefinition(): IndexFile {
  index ??= read<IndexFile>('service-index.json')
  return index
}

/** Every counter some target or indicator reads: what the refresh must keep. */
export function countersInUse(): Set<string> {
  const names = new Set<string>()
  for (const t of targetDefinitions())
    for (const c of [t.numerator, t.denominator, t.beside?.numerator, t.beside?.denominator])
      if (c) names.add(c)
  for (const g of indexDefinition().groups)
    for (const i of g.indicators) {
      for (const c of [i.numerator, i.denominator]) if (c) names.add(c)
      for (const pair of i.oneMinus ?? []) for (const c of pair) names.add(c)
    }
  return names
}
