import type { Lang } from './language'

interface AjvIssue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

/** The field an Ajv issue is about, as a dotted path ("data.birthDate"). */
export function fieldOf(issue: AjvIssue): string {
  const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
  const child =
    (issue.params.missingProperty as string | undefined) ??
    (issue.params.additionalProperty as string | undefined)
  return [base, child].filter(Boolean).join('.') || '(body)'
}

/** A sentence that names the field and says what is wrong with it, in the requested language. */
export function describeIssue(issue: AjvIssue, context: string, lang: Lang): string {
  const field = fieldOf(issue)
  const p = issue.params
  const where = context === 'body' ? '' : context === 'querystring' ? ' (query)' : ` (${context})`
  const vi: Record<string, string> = {
    required: `Thiếu trường bắt buộc “${field}”.`,
    additionalProperties: `Trường “${field}” không được chấp nhận.`,
    type: `Trường “${field}” phải có kiểu ${p.type}.`,
    minLength: `Trường “${field}” phải có ít nhất ${p.limit} ký tự.`,
    maxLength: `Trường “${field}” không được dài quá ${p.limit} ký tự.`,
    pattern: `Trường “${field}” không đúng định dạng.`,
    format: `Trường “${field}” phải theo định dạng ${p.format}.`,
    enum: `Trường “${field}” phải là một trong: ${(p.allowedValues as unknown[] | undefined)?.join(', ')}.`,
    minimum: `Trường “${field}” phải lớn hơn hoặc bằng ${p.limit}.`,
    maximum: `Trường “${field}” phải nhỏ hơn hoặc bằng ${p.limit}.`,
    minItems: `Trường “${field}” phải có ít nhất ${p.limit} phần tử.`,
    maxItems: `Trường “${field}” có nhiều nhất ${p.limit} phần tử.`,
  }
  const en: Record<string, string> = {
    required: `Missing required field "${field}".`,
    additionalProperties: `Field "${field}" is not allowed.`,
    type: `Field "${field}" must be of type ${p.type}.`,
    minLength: `Field "${field}" must have at least ${p.limit} characters.`,
    maxLength: `Field "${field}" must have at most ${p.limit} characters.`,
    pattern: `Field "${field}" has the wrong format.`,
    format: `Field "${field}" must be a valid ${p.format}.`,
    enum: `Field "${field}" must be one of: ${(p.allowedValues as unknown[] | undefined)?.join(', ')}.`,
    minimum: `Field "${field}" must be at least ${p.limit}.`,
    maximum: `Field "${field}" must be at most ${p.limit}.`,
    minItems: `Field "${field}" must have at least ${p.limit} items.`,
    maxItems: `Field "${field}" must have at most ${p.limit} items.`,
  }
  const table = lang === 'vi' ? vi : en
  const fallback =
    lang === 'vi' ? `Trường “${field}” không hợp lệ.` : `Field "${field}" is invalid: ${issue.message ?? ''}`
  return (table[issue.keyword] ?? fallback) + where
}
