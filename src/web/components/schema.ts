// Helpers for the catalog's form schemas (JSON Schema with Vietnamese titles and `x-title-en` beside them).
import type { JsonSchema } from '../api/citizen'
import type { Language } from '../i18n'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The schema in the UI language: in English every `title`/`description` is swapped for its `x-title-en`/
 * `x-description-en` (recursively, oneOf options included). Vietnamese is the schema as stored.
 */
export function localiseSchema(schema: JsonSchema, lang: Language): JsonSchema {
  if (lang === 'vi') return schema
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (!isObject(node)) return node
    const out: Json = {}
    for (const [key, value] of Object.entries(node)) out[key] = walk(value)
    if (typeof node['x-title-en'] === 'string') out.title = node['x-title-en']
    if (typeof node['x-description-en'] === 'string') out.description = node['x-description-en']
    return out
  }
  return walk(schema) as JsonSchema
}

/** Paths ("father.fullName") of every leaf field carrying an `x-source` prefill hint. */
export function sourcedPaths(schema: JsonSchema): string[] {
  const paths: string[] = []
  const walk = (node: unknown, prefix: string[]) => {
    if (!isObject(node)) return
    if (typeof node['x-source'] === 'string' && prefix.length) paths.push(prefix.join('.'))
    const properties = node.properties
    if (isObject(properties))
      for (const [key, child] of Object.entries(properties)) walk(child, [...prefix, key])
  }
  walk(schema, [])
  return paths
}

export function getPath(data: unknown, path: string): unknown {
  let node: unknown = data
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined
    node = node[key]
  }
  return node
}

export function setPath(data: Json, path: string, value: unknown): Json {
  const keys = path.split('.')
  const out: Json = { ...data }
  let node = out
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      node[key] = value
    } else {
      const next = isObject(node[key]) ? { ...(node[key] as Json) } : {}
      node[key] = next
      node = next
    }
  })
  return out
}

/**
 * Where a form has no ui:order, fields are shown in this order. The catalog stores schemas as jsonb, which
 * does not keep the order of an object's keys (shorter keys come first), so the order written in
 * config/vn/procedures is lost on the way; this restores the usual order of a Vietnamese form.
 */
const USUAL_ORDER = [
  'fullName',
  'name',
  'birthDate',
  'gender',
  'pin',
  'birthPlace',
  'ethnicity',
  'nationality',
  'provinceCode',
  'communeCode',
  'address',
  'phone',
  'email',
]

function usualOrder(keys: string[]): string[] {
  const known = USUAL_ORDER.filter((key) => keys.includes(key))
  return known.length ? [...known, '*'] : []
}

/** The widgets (registered by SchemaForm) for the fields marked `x-admin-unit`. */
export const ADMIN_UNIT_WIDGETS: Record<string, string> = {
  province: 'adminUnitProvince',
  commune: 'adminUnitCommune',
}

export interface UnitCodes {
  provinces: string[]
  /** Each commune with the province chosen beside it. */
  communes: { code: string; provinceCode: string | null }[]
}

/**
 * The codes of administrative units in a dossier's data (fields marked `x-admin-unit`), each
 * commune with the province chosen beside it, so that their names can be read.
 */
export function adminUnitCodes(schema: JsonSchema, data: unknown): UnitCodes | null {
  const codes: UnitCodes = { provinces: [], communes: [] }
  const walk = (node: unknown, value: unknown) => {
    if (!isObject(node) || !isObject(node.properties) || !isObject(value)) return
    const entries = Object.entries(node.properties)
    const provinceKey = entries.find(([, c]) => isObject(c) && c['x-admin-unit'] === 'province')?.[0]
    const provinceValue = provinceKey ? value[provinceKey] : undefined
    for (const [key, child] of entries) {
      const held = value[key]
      if (isObject(child) && typeof held === 'string' && held) {
        if (child['x-admin-unit'] === 'province') codes.provinces.push(held)
        if (child['x-admin-unit'] === 'commune')
          codes.communes.push({
            code: held,
            provinceCode: typeof provinceValue === 'string' && provinceValue ? provinceValue : null,
          })
      }
      walk(child, held)
    }
  }
  walk(schema, data)
  return codes.provinces.length || codes.communes.length ? codes : null
}

/**
 * The uiSchema to render: the catalog's own, plus dates shown as dd/mm/yyyy, administrative units
 * picked from lists (ADMIN_UNIT_WIDGETS), plus every locked path
 * (prefilled from a registry) read-only with a note saying where the value comes from.
 */
export function buildUiSchema(
  schema: JsonSchema,
  base: Json | null,
  locked: string[],
  lockedNote: string,
  hideSubmit = true,
): Json {
  let ui: Json = structuredClone(base ?? {})
  const walk = (node: unknown, prefix: string[]) => {
    if (!isObject(node)) return
    if (node.format === 'date' && prefix.length) {
      const path = prefix.join('.')
      const current = getPath(ui, path)
      const options = isObject(current) && isObject(current['ui:options']) ? current['ui:options'] : {}
      ui = setPath(ui, path, {
        ...(isObject(current) ? current : {}),
        'ui:placeholder': 'dd/mm/yyyy',
        'ui:options': { ...options, displayFormat: 'DD/MM/YYYY' },
      })
    }
    const properties = node.properties
    if (!isObject(properties)) return
    // Administrative units: picked by name, kept by code (the commune's list follows its province).
    const provinceKey = Object.entries(properties).find(
      ([, child]) => isObject(child) && child['x-admin-unit'] === 'province',
    )?.[0]
    for (const [key, child] of Object.entries(properties)) {
      if (!isObject(child) || !ADMIN_UNIT_WIDGETS[child['x-admin-unit'] as string]) continue
      const path = [...prefix, key].join('.')
      const current = getPath(ui, path)
      const options = isObject(current) && isObject(current['ui:options']) ? current['ui:options'] : {}
      ui = setPath(ui, path, {
        ...(isObject(current) ? current : {}),
        'ui:widget': ADMIN_UNIT_WIDGETS[child['x-admin-unit'] as string],
        'ui:options': {
          ...options,
          ...(child['x-admin-unit'] === 'commune' && provinceKey
            ? { provincePath: [...prefix, provinceKey].join('.') }
            : {}),
        },
      })
    }
    const current = prefix.length ? getPath(ui, prefix.join('.')) : ui
    const order = usualOrder(Object.keys(properties))
    if (order.length && !(isObject(current) && Array.isArray(current['ui:order']))) {
      ui = prefix.length
        ? setPath(ui, prefix.join('.'), { ...(isObject(current) ? current : {}), 'ui:order': order })
        : { ...ui, 'ui:order': order }
    }
    for (const [key, child] of Object.entries(properties)) walk(child, [...prefix, key])
  }
  walk(schema, [])
  for (const path of locked) {
    const current = getPath(ui, path)
    ui = setPath(ui, path, {
      ...(isObject(current) ? current : {}),
      'ui:readonly': true,
      'ui:help': lockedNote,
    })
  }
  if (hideSubmit) ui['ui:submitButtonOptions'] = { norender: true }
  return ui
}

export interface LabelledValue {
  path: string
  /** Titles from the outermost group to the field, in the UI language. */
  labels: string[]
  value: string
}

/** The dossier's data as label/value rows, in the schema's order, with choices shown by their title. */
export function labelledValues(
  schema: JsonSchema,
  data: unknown,
  order?: string[],
  /** Names of administrative units by `province:<code>` / `commune:<code>` (see useUnitNames). */
  unitNames?: Map<string, string>,
): LabelledValue[] {
  const rows: LabelledValue[] = []
  const walk = (node: unknown, value: unknown, prefix: string[], labels: string[]) => {
    if (!isObject(node)) return
    const properties = node.properties
    if (isObject(properties)) {
      if (!isObject(value)) return
      const keys = Object.keys(properties)
      const wanted = prefix.length === 0 && order ? order : usualOrder(keys)
      if (wanted.length) keys.sort((a, b) => rank(wanted, a) - rank(wanted, b))
      for (const key of keys) {
        const child = properties[key]
        const title = isObject(child) && typeof child.title === 'string' ? child.title : key
        walk(child, value[key], [...prefix, key], [...labels, title])
      }
      return
    }
    if (value === undefined || value === null || value === '') return
    let shown = Array.isArray(value) ? value.join(', ') : String(value)
    const choices = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : null
    if (choices) {
      const match = choices.find((choice) => isObject(choice) && choice.const === value)
      if (isObject(match) && typeof match.title === 'string') shown = match.title
    }
    if (typeof value === 'boolean') shown = value ? '✓' : '✗'
    const unit = node['x-admin-unit']
    if (typeof unit === 'string' && ADMIN_UNIT_WIDGETS[unit])
      shown = unitNames?.get(`${unit}:${shown}`) ?? shown
    if (node.format === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-')
      shown = `${d}/${m}/${y}`
    }
    rows.push({ path: prefix.join('.'), labels, value: shown })
  }
  walk(schema, data, [], [])
  return rows
}

function rank(order: string[], key: string): number {
  const index = order.indexOf(key)
  if (index >= 0) return index
  const star = order.indexOf('*')
  return star >= 0 ? star : order.length
}

/** The title (in the UI language) of the field at `path` ("child.fullName"), for error messages. */
export function fieldTitle(schema: JsonSchema, path: string): string | null {
  let node: unknown = schema
  for (const key of path.split('.')) {
    if (!isObject(node) || !isObject(node.properties)) return null
    node = node.properties[key]
  }
  return isObject(node) && typeof node.title === 'string' ? node.title : null
}
