import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { type UnitName, unitsInForce } from '../../country/units'
import { isKnownSource, parseSource } from '../registry/service'
import { invalidFormSchema, invalidXSource } from './errors'
import { localDay } from './queries'
import type { XSource } from './types'

// Application forms: JSON Schemas with `x-source` prefill hints and English titles beside the
// Vietnamese ones (the conventions are documented on ProcedureForm in types.ts).

// Compiling is the costly part (tens of ms a form on a small machine): no code optimisation, first error only.
const ajv = addFormats(
  new Ajv({
    strict: false,
    allErrors: false,
    validateSchema: true,
    useDefaults: true,
    code: { optimize: false },
  }),
)
ajv.addKeyword({ keyword: 'x-source' })
// Checked against the units in force after the schema (adminUnitIssue), which Ajv cannot know.
ajv.addKeyword({ keyword: 'x-admin-unit' })

/**
 * Parses `"<registry>.<subject>.<attribute>"`; null when it does not follow the convention. The
 * registry owns the vocabulary (what it can answer), so the catalog asks it.
 */
export function parseXSource(value: unknown): XSource | null {
  if (typeof value !== 'string' || !isKnownSource(value)) return null
  const { registry, subject, attribute } = parseSource(value)
  return { registry, subject, attribute }
}

type Visit = (node: Record<string, unknown>, path: string) => void

/** Calls `visit` on every schema object inside `schema` (properties, items, combinators, definitions…). */
function walk(value: unknown, path: string, visit: Visit) {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(item, `${path}.${i}`, visit)
    return
  }
  if (value === null || typeof value !== 'object') return
  const node = value as Record<string, unknown>
  visit(node, path)
  for (const [key, child] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue
    walk(child, `${path}.${key}`, visit)
  }
}

/** Every `x-source` in a form schema with the dotted path of the property that carries it. */
export function xSourcesOf(schema: Record<string, unknown>): { field: string; source: string }[] {
  const found: { field: string; source: string }[] = []
  walk(schema, 'formSchema', (node, path) => {
    if ('x-source' in node) found.push({ field: `${path}.x-source`, source: node['x-source'] as string })
  })
  return found
}

/**
 * Checks a form schema the way a procedure is accepted: an object schema that Ajv compiles
 * (strict off, so that `x-title-en` and friends pass), and every `x-source` following the
 * convention. Throws a 400 naming the field. Returns the compiled validator of the form's data.
 * With `compile: false` the schema is checked against the JSON Schema meta-schema only (for the
 * demo files, which a test compiles one by one), and nothing is returned.
 */
export function checkFormSchema(schema: Record<string, unknown>): ValidateFunction
export function checkFormSchema(schema: Record<string, unknown>, options: { compile: false }): undefined
export function checkFormSchema(
  schema: Record<string, unknown>,
  options: { compile?: boolean } = {},
): ValidateFunction | undefined {
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    throw invalidFormSchema('formSchema.type', 'the form must be an object schema with properties')
  }
  for (const { field, source } of xSourcesOf(schema)) {
    if (!parseXSource(source)) throw invalidXSource(field, source)
  }
  adminUnitFields(schema, { checkSchema: true })
  // Only local references: a schema that points elsewhere would make Sen fetch or fail later.
  walk(schema, 'formSchema', (node, path) => {
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
      throw invalidFormSchema(`${path}.$ref`, 'only local references (#/…) are allowed')
    }
  })
  const { $id: _ignored, ...anonymous } = schema
  if (options.compile === false) {
    if (ajv.validateSchema(anonymous)) return undefined
    throw invalidFormSchema('formSchema', ajv.errorsText(ajv.errors).slice(0, 300))
  }
  try {
    return ajv.compile(anonymous)
  } catch (error) {
    throw invalidFormSchema('formSchema', (error as Error).message.slice(0, 300))
  }
}

const validators = new Map<string, ValidateFunction>()

/** The compiled validator of a procedure version's form, cached by version id (versions never change). */
export function formValidator(procedure: { id: string; form: { schema: Record<string, unknown> } }) {
  let validate = validators.get(procedure.id)
  if (!validate) {
    validate = checkFormSchema(procedure.form.schema)
    validators.set(procedure.id, validate)
  }
  return validate
}

// A pre-check reports every issue at once, and leaves the data as it was (no defaults filled in).
const ajvAll = addFormats(
  new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    useDefaults: false,
    code: { optimize: false },
  }),
)
ajvAll.addKeyword({ keyword: 'x-source' })
ajvAll.addKeyword({ keyword: 'x-admin-unit' })
const allIssueValidators = new Map<string, ValidateFunction>()

/**
 * Every issue of the data against the form's schema (formValidator stops at the first), for a
 * pre-check before submission. The schema is the version's own, accepted when it was created.
 */
export function formIssues(
  procedure: { id: string; form: { schema: Record<string, unknown> } },
  data: unknown,
): ErrorObject[] {
  let validate = allIssueValidators.get(procedure.id)
  if (!validate) {
    const { $id: _ignored, ...anonymous } = procedure.form.schema
    validate = ajvAll.compile(anonymous)
    allIssueValidators.set(procedure.id, validate)
  }
  return validate(data) ? [] : [...(validate.errors ?? [])]
}

/**
 * The form schema in one language: for English, each `title`/`description` is replaced by its
 * `x-title-en`/`x-description-en` where there is one. Vietnamese is the schema as stored.
 */
export function localiseFormSchema<T>(schema: T, lang: 'vi' | 'en'): T {
  if (lang === 'vi') return schema
  const copy = structuredClone(schema)
  walk(copy, '', (node) => {
    if (typeof node['x-title-en'] === 'string') node.title = node['x-title-en']
    if (typeof node['x-description-en'] === 'string') node.description = node['x-description-en']
  })
  return copy
}

/**
 * A field that holds an administrative unit's code, marked `"x-admin-unit": "province"` or
 * `"commune"` in the form. A commune's province is the sibling field marked `province`: the web
 * shows a province picker and, after it, the communes of the chosen province; the data keeps codes.
 */
export interface AdminUnitField {
  path: string[]
  level: 'province' | 'commune'
  /** For a commune: the path of its province field. */
  provincePath?: string[]
}

const UNIT_LEVELS = ['province', 'commune']

/** The unit fields of a form schema (nested objects followed). With `checkSchema`, a misuse is a 400. */
export function adminUnitFields(
  schema: Record<string, unknown>,
  options: { checkSchema?: boolean } = {},
  path: string[] = [],
): AdminUnitField[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const here = Object.entries(properties).filter(([, property]) => 'x-admin-unit' in property)
  const where = (key: string) => ['formSchema', ...path, key].join('.properties.')
  for (const [key, property] of here) {
    if (options.checkSchema && !UNIT_LEVELS.includes(property['x-admin-unit'] as string)) {
      throw invalidFormSchema(`${where(key)}.x-admin-unit`, 'x-admin-unit is "province" or "commune"')
    }
  }
  const provinces = here.filter(([, property]) => property['x-admin-unit'] === 'province')
  const fields: AdminUnitField[] = here.map(([key, property]) => {
    const level = property['x-admin-unit'] as AdminUnitField['level']
    if (level === 'province') return { path: [...path, key], level }
    if (options.checkSchema && provinces.length !== 1) {
      throw invalidFormSchema(
        `${where(key)}.x-admin-unit`,
        'a commune field needs one province field ("x-admin-unit": "province") beside it',
      )
    }
    return { path: [...path, key], level, provincePath: [...path, provinces[0]?.[0] ?? ''] }
  })
  for (const [key, property] of Object.entries(properties)) {
    if (property.type === 'object') fields.push(...adminUnitFields(property, options, [...path, key]))
  }
  return fields
}

const at = (data: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as never)[key] : undefined),
    data,
  )

/** What is wrong with the units of the data, if anything: a code that names no unit, or a commune outside its province. */
export type AdminUnitIssue =
  | { kind: 'unknown'; field: string; level: AdminUnitField['level']; code: string }
  | { kind: 'outside'; field: string; commune: UnitName; province: UnitName }

/** The first unit field of the data whose code is not a unit in force, or a commune not in the chosen province. */
export function adminUnitIssue(
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
): AdminUnitIssue | null {
  const units = unitsInForce(localDay())
  for (const field of adminUnitFields(schema)) {
    const code = at(data, field.path)
    if (typeof code !== 'string' || code === '') continue
    const name = field.path.join('.')
    if (field.level === 'province') {
      if (!units.province.has(code)) return { kind: 'unknown', field: name, level: 'province', code }
      continue
    }
    const commune = units.commune.get(code)
    if (!commune) return { kind: 'unknown', field: name, level: 'commune', code }
    const provinceCode = at(data, field.provincePath ?? [])
    const province = typeof provinceCode === 'string' ? units.province.get(provinceCode) : undefined
    if (province && commune.provinceCode !== province.code) {
      return { kind: 'outside', field: name, commune, province }
    }
  }
  return null
}

/** "Phường Ba Đình", "Thành phố Hà Nội": a unit as an address names it. */
export const unitTitle = (unit: UnitName) => `${unit.type} ${unit.name}`

/** The name of the unit a code of a unit field holds ("Thành phố Hà Nội"), or null for no such unit. */
export function adminUnitName(level: AdminUnitField['level'], code: string): string | null {
  const units = unitsInForce(localDay())
  const unit = level === 'province' ? units.province.get(code) : units.commune.get(code)
  return unit ? unitTitle(unit) : null
}
