// An @rjsf validator that interprets JSON Schema with TypeBox (typebox/schema) instead of compiling it.
// Why: @rjsf/validator-ajv8 compiles every schema with `new Function`, which Sen's Content-Security-Policy
// (script-src 'self', no 'unsafe-eval') rightly forbids; the catalog's schemas arrive at run time, so they
// cannot be precompiled at build time either. TypeBox's checker walks the schema instead.
import {
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  toErrorSchema,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils'
import Schema from 'typebox/schema'

interface RawError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

type Json = Record<string, unknown>

function check(schema: RJSFSchema, value: unknown): RawError[] {
  try {
    const [, errors] = Schema.Errors(schema as never, value)
    return errors as unknown as RawError[]
  } catch (err) {
    return [
      { keyword: 'schema', schemaPath: '#', instancePath: '', params: {}, message: (err as Error).message },
    ]
  }
}

function toRjsfErrors(raw: RawError[]): RJSFValidationError[] {
  const out: RJSFValidationError[] = []
  for (const error of raw) {
    const base = error.instancePath.replace(/\//g, '.')
    const missing =
      error.keyword === 'required' && Array.isArray(error.params.requiredProperties)
        ? (error.params.requiredProperties as string[])
        : null
    if (missing) {
      for (const name of missing) {
        out.push({
          name: 'required',
          property: `${base}.${name}`,
          message: error.message,
          params: { missingProperty: name },
          stack: `${base}.${name} ${error.message}`,
          schemaPath: error.schemaPath,
        })
      }
      continue
    }
    out.push({
      name: error.keyword,
      property: base,
      message: error.message,
      params: error.params,
      stack: `${base} ${error.message}`.trim(),
      schemaPath: error.schemaPath,
    })
  }
  return out
}

export class InterpretingValidator implements ValidatorType<Json, RJSFSchema> {
  validateFormData(
    formData: Json | undefined,
    schema: RJSFSchema,
    _customValidate?: CustomValidator<Json, RJSFSchema>,
    transformErrors?: ErrorTransformer<Json, RJSFSchema>,
    uiSchema?: UiSchema<Json, RJSFSchema>,
  ): ValidationData<Json> {
    let errors = toRjsfErrors(check(schema, formData ?? {}))
    if (transformErrors) errors = transformErrors(errors, uiSchema)
    return { errors, errorSchema: toErrorSchema<Json>(errors) }
  }

  isValid(schema: RJSFSchema, formData: Json | undefined, _rootSchema: RJSFSchema): boolean {
    try {
      return Schema.Check(schema as never, formData)
    } catch {
      return false
    }
  }

  rawValidation<Result = unknown>(
    schema: RJSFSchema,
    formData?: Json,
  ): { errors?: Result[]; validationError?: Error } {
    const errors = check(schema, formData)
    return { errors: errors.length ? (errors as unknown as Result[]) : undefined }
  }
}

export const validator = new InterpretingValidator()
