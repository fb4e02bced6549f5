import { describeIssue, fieldOf } from '../../i18n/validation'
import { adminUnitIssue, formValidator, type Procedure, unitTitle } from '../catalog/service'
import { communeOutsideProvince, formInvalid, prefillTampered, unknownAdminUnit } from './errors'

/** A form field that the registry fills: where it sits in the data, and its x-source. */
export interface PrefilledField {
  path: string[]
  source: string
}

/** Every property with an `x-source`, as data paths (nested objects followed). */
export function prefilledFields(schema: Record<string, unknown>, path: string[] = []): PrefilledField[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  return Object.entries(properties).flatMap(([key, property]) => {
    const here = [...path, key]
    if (typeof property['x-source'] === 'string') return [{ path: here, source: property['x-source'] }]
    return property.type === 'object' ? prefilledFields(property, here) : []
  })
}

function getAt(data: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as never)[key] : undefined),
    data,
  )
}

function setAt(data: Record<string, unknown>, path: string[], value: unknown) {
  let node = data
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[path.at(-1)!] = value
}

/**
 * Puts the registry's values into the submitted data. A value the client sent for a prefilled
 * field must be exactly what the registry holds (FormSG's rule): anything else is tampering.
 * A client may also leave prefilled fields out; the server fills them.
 */
export function applyPrefill(
  data: Record<string, unknown>,
  fields: PrefilledField[],
  values: Record<string, string | null>,
): Record<string, unknown> {
  const merged = structuredClone(data)
  for (const field of fields) {
    const held = values[field.source] ?? null
    const sent = getAt(merged, field.path)
    if (sent !== undefined && sent !== held && !(sent === '' && held === null)) {
      throw prefillTampered(`data.${field.path.join('.')}`)
    }
    if (held === null) continue
    setAt(merged, field.path, held)
  }
  return merged
}

/** Validates the data against the procedure's JSON Schema; the error names the field in both languages. */
/**
 * Validates the data against the procedure's JSON Schema, then its administrative units against those
 * in force (a real unit, a commune inside the chosen province); the error names the field in both languages.
 */
export function validateForm(procedure: Procedure, data: Record<string, unknown>) {
  const validate = formValidator(procedure)
  if (!validate(data)) {
    const issue = validate.errors![0]!
    throw formInvalid(
      `data.${fieldOf(issue as never)}`,
      describeIssue(issue as never, 'data', 'vi'),
      describeIssue(issue as never, 'data', 'en'),
    )
  }
  const unit = adminUnitIssue(procedure.form.schema, data)
  if (unit?.kind === 'unknown') throw unknownAdminUnit(`data.${unit.field}`, unit.level, unit.code)
  if (unit?.kind === 'outside') {
    throw communeOutsideProvince(
      `data.${unit.field}`,
      { code: unit.commune.code, title: unitTitle(unit.commune) },
      { code: unit.province.code, title: unitTitle(unit.province) },
    )
  }
}
