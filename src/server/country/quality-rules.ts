import fs from 'node:fs'
import path from 'node:path'
import { countryDir } from './files'

/** The data-quality rules as data (config/vn/registry-quality-rules.json). */
export interface QualityRules {
  effectiveFrom: string
  correct: {
    birthDateMin: string
    pinPattern: string
    pinProvincePrefix: string
    pinGenderCentury: { digit: string; gender: 'male' | 'female'; century: number }[]
    pinYearDigits: boolean
  }
  complete: { mandatory: string[]; marriedNeedsSpouse: boolean }
  clean: { duplicateKey: string[]; namesNormalised: string[] }
  live: { maxAgeYears: number }
  unified: { units: string; nationalities: string[]; ethnicities: string[] }
}

const FIELD = /^[A-Za-z]+$/

let cached: QualityRules | undefined

/** Reads and checks the rules once; a malformed file fails loudly rather than checking nothing. */
export function qualityRules(file = path.join(countryDir, 'registry-quality-rules.json')): QualityRules {
  if (cached && file === path.join(countryDir, 'registry-quality-rules.json')) return cached
  const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as QualityRules
  const fields = [...rules.complete.mandatory, ...rules.clean.duplicateKey, ...rules.clean.namesNormalised]
  // Field names are spliced into SQL as jsonb keys: only plain names are allowed.
  for (const field of fields)
    if (!FIELD.test(field)) throw new Error(`Bad field name in quality rules: ${field}`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rules.correct.birthDateMin))
    throw new Error('Bad birthDateMin in quality rules')
  if (!Number.isFinite(rules.live.maxAgeYears) || rules.live.maxAgeYears <= 0) {
    throw new Error('Bad live.maxAgeYears in quality rules')
  }
  for (const g of rules.correct.pinGenderCentury) {
    if (!/^\d$/.test(g.digit) || !Number.isInteger(g.century)) throw new Error('Bad pinGenderCentury rule')
  }
  new RegExp(rules.correct.pinPattern)
  cached = rules
  return rules
}

/** Digit 4 of a pin for a gender and birth year, per the rules (0/1 in the 1900s, 2/3 in the 2000s …). */
export function genderCenturyDigit(gender: 'male' | 'female', birthYear: number, rules = qualityRules()) {
  const century = Math.floor(birthYear / 100) * 100
  const rule = rules.correct.pinGenderCentury.find((g) => g.gender === gender && g.century === century)
  if (!rule) throw new Error(`No pin digit for a ${gender} born in ${birthYear}`)
  return rule.digit
}
