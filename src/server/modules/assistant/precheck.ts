import { precheckRules } from '../../country/assistant'
import type { Db } from '../../db'
import { badRequest } from '../../errors'
import { describeIssue, fieldOf } from '../../i18n/validation'
import { workingCalendar } from '../calendar/service'
import { adminUnitIssue, formIssues, getProcedure, type Procedure } from '../catalog/service'
import { getDraft } from '../dossiers/service'
import type { Principal } from '../identity/service'
import { getOwnDocument } from '../wallet/service'
import type { Locale, Precheck, PrecheckInput, PrecheckIssue } from './types'
import { recordUse } from './uses'

type Schema = Record<string, unknown>

const formRequired = () =>
  badRequest(
    'FORM_REQUIRED',
    {
      vi: 'Hãy gửi nội dung tờ khai cần kiểm tra (hoặc lưu bản nháp trước).',
      en: 'Send the form to check (or save a draft first).',
    },
    'form',
  )

const propertiesOf = (node: Schema | undefined) => (node?.properties ?? {}) as Record<string, Schema>

/** The schema node of a dotted data path, if the form has one. */
function nodeAt(schema: Schema, path: string[]): Schema | undefined {
  let node: Schema | undefined = schema
  for (const key of path) node = propertiesOf(node)[key]
  return node
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data
  for (const key of path)
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  return node
}

/** A field as a person reads it: its title, and its section's ("Ngày sinh (Thông tin của trẻ)"). */
function fieldTitle(schema: Schema, path: string[], locale: Locale): string {
  const title = (node: Schema | undefined) =>
    node ? ((locale === 'en' ? node['x-title-en'] : node.title) as string | undefined) : undefined
  const own = title(nodeAt(schema, path)) ?? path.at(-1) ?? ''
  const section = path.length > 1 ? title(nodeAt(schema, path.slice(0, -1))) : undefined
  return section ? `${own} (${section})` : own
}

/** Filled by the registries at submission: an `x-source` field, or an object whose every required field is. */
function prefillable(node: Schema | undefined): boolean {
  if (!node) return false
  if (typeof node['x-source'] === 'string') return true
  if (node.type !== 'object') return false
  const required = (node.required ?? []) as string[]
  return required.every((key) => prefillable(propertiesOf(node)[key]))
}

/** Every field with an `x-source`, as dotted data paths. */
function prefilledPaths(node: Schema, path: string[] = []): string[] {
  return Object.entries(propertiesOf(node)).flatMap(([key, child]) =>
    typeof child['x-source'] === 'string'
      ? [[...path, key].join('.')]
      : child.type === 'object'
        ? prefilledPaths(child, [...path, key])
        : [],
  )
}

/** Every date field filled in, by dotted path. */
function dateFields(node: Schema, data: unknown, path: string[] = []): { path: string[]; value: string }[] {
  return Object.entries(propertiesOf(node)).flatMap(([key, child]) => {
    const here = [...path, key]
    if (child.type === 'object') return dateFields(child, data, here)
    const value = valueAt(data, here)
    return child.format === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? [{ path: here, value }]
      : []
  })
}

/** What the form's schema says is wrong, less what the registries will fill at submission. */
function schemaIssues(procedure: Procedure, data: Record<string, unknown>, locale: Locale): PrecheckIssue[] {
  const schema = procedure.form.schema
  return formIssues(procedure, data)
    .filter((issue) => {
      if (issue.keyword !== 'required') return true
      const path = fieldOf(issue as never).split('.')
      return !prefillable(nodeAt(schema, path))
    })
    .map((issue) => {
      const field = fieldOf(issue as never)
      const path = field.split('.')
      const known = nodeAt(schema, path) !== undefined
      return {
        kind: 'field' as const,
        field: `data.${field}`,
        code: issue.keyword === 'required' ? 'FIELD_MISSING' : 'FIELD_INVALID',
        message: known
          ? `${fieldTitle(schema, path, locale)}: ${describeIssue(issue as never, 'data', locale)}`
          : describeIssue(issue as never, 'data', locale),
      }
    })
}

/** Dates that contradict today or each other (config/vn/assistant-precheck.json), and units that do not exist. */
function consistencyIssues(
  procedure: Procedure,
  data: Record<string, unknown>,
  locale: Locale,
): PrecheckIssue[] {
  const schema = procedure.form.schema
  const rules = precheckRules()
  const today = workingCalendar().localDay(new Date())
  const vi = locale === 'vi'
  const issues: PrecheckIssue[] = []
  const dates = dateFields(schema, data)
  const byPath = new Map(dates.map((d) => [d.path.join('.'), d]))
  for (const date of dates) {
    const name = date.path.at(-1)!
    const title = fieldTitle(schema, date.path, locale)
    if (rules.notAfterToday.includes(name) && date.value > today)
      issues.push({
        kind: 'field',
        field: `data.${date.path.join('.')}`,
        code: 'DATE_IN_FUTURE',
        message: vi ? `${title}: ngày ${date.value} chưa đến.` : `${title}: ${date.value} has not come yet.`,
      })
    if (rules.notBeforeToday.includes(name) && date.value < today)
      issues.push({
        kind: 'field',
        field: `data.${date.path.join('.')}`,
        code: 'DATE_PASSED',
        message: vi ? `${title}: ngày ${date.value} đã qua.` : `${title}: ${date.value} has passed.`,
      })
  }
  for (const { earlier, later } of rules.order) {
    const first = byPath.get(earlier)
    const second = byPath.get(later)
    if (!first || !second || first.value <= second.value) continue
    const a = fieldTitle(schema, first.path, locale)
    const b = fieldTitle(schema, second.path, locale)
    issues.push({
      kind: 'field',
      field: `data.${later}`,
      code: 'DATES_OUT_OF_ORDER',
      message: vi
        ? `${b} (${second.value}) không thể trước ${a} (${first.value}).`
        : `${b} (${second.value}) cannot come before ${a} (${first.value}).`,
    })
  }
  const unit = adminUnitIssue(schema, data)
  if (unit)
    issues.push({
      kind: 'field',
      field: `data.${unit.field}`,
      code: unit.kind === 'unknown' ? 'UNKNOWN_ADMIN_UNIT' : 'COMMUNE_OUTSIDE_PROVINCE',
      message:
        unit.kind === 'unknown'
          ? vi
            ? `${fieldTitle(schema, unit.field.split('.'), locale)}: mã đơn vị hành chính ${unit.code} không tồn tại.`
            : `${fieldTitle(schema, unit.field.split('.'), locale)}: there is no administrative unit ${unit.code}.`
          : vi
            ? `${fieldTitle(schema, unit.field.split('.'), locale)}: xã/phường không thuộc tỉnh/thành phố đã chọn.`
            : `${fieldTitle(schema, unit.field.split('.'), locale)}: the commune is not in the province chosen.`,
    })
  return issues
}

/** The applicant's own wallet, where a citizen's or a business's attached documents are. */
function ownerOf(principal: Principal) {
  if (principal.kind === 'citizen' && principal.pin) return { type: 'person', id: principal.pin } as const
  if (principal.kind === 'business' && principal.taxCode)
    return { type: 'organisation', id: principal.taxCode } as const
  return null
}

async function documentCheck(
  db: Db,
  principal: Principal,
  procedure: Procedure,
  documents: PrecheckInput['documents'],
  locale: Locale,
) {
  const vi = locale === 'vi'
  const owner = ownerOf(principal)
  const issues: PrecheckIssue[] = []
  const given = new Set<string>()
  for (const [i, reference] of (documents ?? []).entries()) {
    const requirement = procedure.documents.find((r) => r.id === reference.requirementId)
    const field = `documents.${i}`
    if (!requirement) {
      issues.push({
        kind: 'document',
        field,
        code: 'UNKNOWN_REQUIREMENT',
        message: vi
          ? `Thủ tục này không yêu cầu giấy tờ “${reference.requirementId}”.`
          : `This procedure asks for no document "${reference.requirementId}".`,
      })
      continue
    }
    const name = vi ? requirement.name : requirement.nameEn
    // An applicant's document is checked in their own wallet; an official checks the paper at the counter.
    if (owner && reference.walletDocumentId) {
      const document = await getOwnDocument(db, owner, reference.walletDocumentId).catch(() => null)
      if (!document) {
        issues.push({
          kind: 'document',
          field,
          code: 'DOCUMENT_NOT_IN_WALLET',
          message: vi
            ? `${name}: không có giấy tờ này trong kho dữ liệu của bạn.`
            : `${name}: this document is not in your wallet.`,
        })
        continue
      }
      if (!requirement.walletTypes.includes(document.type)) {
        issues.push({
          kind: 'document',
          field,
          code: 'DOCUMENT_NOT_ACCEPTED',
          message: vi
            ? `${name}: giấy tờ đã chọn không phải loại được chấp nhận.`
            : `${name}: the document chosen is not of an accepted kind.`,
        })
        continue
      }
    } else if (owner) {
      issues.push({
        kind: 'document',
        field,
        code: 'DOCUMENT_NOT_ATTACHED',
        message: vi
          ? `${name}: hãy chọn giấy tờ trong kho dữ liệu của bạn.`
          : `${name}: choose the document in your wallet.`,
      })
      continue
    }
    given.add(requirement.id)
  }
  const missing = procedure.documents
    .filter((r) => r.required && !given.has(r.id))
    .map((r) => ({ id: r.id, name: vi ? r.name : r.nameEn }))
  return { issues, missing }
}

/**
 * Checks a draft dossier before it is filed: the documents still missing, and the fields that are
 * missing, invalid or contradict each other. An applicant may check their saved draft (no form
 * sent); an official checks what the applicant brought. Nothing is written but the use's count.
 */
export async function precheck(db: Db, principal: Principal, input: PrecheckInput): Promise<Precheck> {
  const locale = input.locale ?? 'vi'
  const procedure = await getProcedure(db, input.procedureCode)
  let form = input.form
  let documents = input.documents
  let source: Precheck['source'] = 'request'
  if (form === undefined) {
    const draft = principal.kind === 'official' ? null : await getDraft(db, principal.userId, procedure.code)
    if (!draft) throw formRequired()
    form = draft.data
    documents ??= draft.documents as PrecheckInput['documents']
    source = 'draft'
  }
  const fieldIssues = [
    ...schemaIssues(procedure, form, locale),
    ...consistencyIssues(procedure, form, locale),
  ]
  const { issues: documentIssues, missing } = await documentCheck(db, principal, procedure, documents, locale)
  recordUse(db, principal, 'precheck')
  const issues = [...fieldIssues, ...documentIssues]
  return {
    procedureCode: procedure.code,
    procedureName: locale === 'vi' ? procedure.name : procedure.nameEn,
    version: procedure.version,
    source,
    complete: issues.length === 0 && missing.length === 0,
    missingDocuments: missing,
    issues,
    filledAtSubmission: prefilledPaths(procedure.form.schema).map((p) => `data.${p}`),
  }
}
