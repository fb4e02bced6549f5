import { unknownSource } from './errors'
import {
  BUSINESS_ATTRIBUTES,
  type BusinessAttribute,
  POPULATION_ATTRIBUTES,
  type PopulationAttribute,
  type Source,
  SUBJECTS,
  type Subject,
} from './types'

const population = new Set<string>(POPULATION_ATTRIBUTES)
const business = new Set<string>(BUSINESS_ATTRIBUTES)
const subjects = new Set<string>(SUBJECTS)

/**
 * Parses an x-source, `"<registry>.<subject>.<attribute>"` (the convention shared with the catalog's
 * forms and the dossiers): population sources name any of the four subjects; business sources only
 * `applicant` (a business has no spouse or parents). Anything else is a 400 UNKNOWN_SOURCE.
 */
export function parseSource(text: string): Source {
  const parts = typeof text === 'string' ? text.split('.') : []
  if (parts.length !== 3) throw unknownSource(String(text))
  const [registry, subject, attribute] = parts as [string, string, string]
  if (registry === 'population' && subjects.has(subject) && population.has(attribute)) {
    return { text, registry, subject: subject as Subject, attribute: attribute as PopulationAttribute }
  }
  if (registry === 'business' && subject === 'applicant' && business.has(attribute)) {
    return { text, registry, subject, attribute: attribute as BusinessAttribute }
  }
  throw unknownSource(text)
}

/** True when `text` is a source the registry can answer. */
export function isKnownSource(text: string): boolean {
  try {
    parseSource(text)
    return true
  } catch {
    return false
  }
}
