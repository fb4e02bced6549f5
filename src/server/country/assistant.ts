import fs from 'node:fs'
import path from 'node:path'
import { countryDir } from './files'

/** Everyday words for administrative terms ("cưới" for kết hôn), as the assistant's search expands them. */
export interface AssistantSynonym {
  phrases: string[]
  /** What the phrases stand for; none: words that carry no meaning for the search. */
  terms: string[]
}

export interface AssistantVocabulary {
  synonyms: AssistantSynonym[]
  stopwords: string[]
}

let cache: AssistantVocabulary | undefined

/** config/vn/assistant-synonyms.json, read once per process. */
export function assistantVocabulary(): AssistantVocabulary {
  cache ??= JSON.parse(
    fs.readFileSync(path.join(countryDir, 'assistant-synonyms.json'), 'utf8'),
  ) as AssistantVocabulary
  return cache
}

/** Consistency rules of the pre-check beyond the forms' schemas (config/vn/assistant-precheck.json). */
export interface PrecheckRules {
  /** Names of date fields (the last key) that must not be after today. */
  notAfterToday: string[]
  /** Names of date fields that must not be before today. */
  notBeforeToday: string[]
  /** Date fields by path whose order the facts impose. */
  order: { earlier: string; later: string }[]
}

let rules: PrecheckRules | undefined

export function precheckRules(): PrecheckRules {
  rules ??= JSON.parse(
    fs.readFileSync(path.join(countryDir, 'assistant-precheck.json'), 'utf8'),
  ) as PrecheckRules
  return rules
}
