import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { isKnownSource, parseSource } from '../registry/service'
import { invalidFormSchema, invalidXSource } from './errors'
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
