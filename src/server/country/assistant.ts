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
