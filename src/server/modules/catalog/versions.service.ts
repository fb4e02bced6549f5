import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import canonicalize from 'canonicalize'
import { eq, sql } from 'drizzle-orm'
import {
  demoProcedureFiles,
  dossierStates,
  lifeEvents,
  sectors,
  workflowById,
} from '../../country/procedures'
import type { Db, Tx } from '../../db'
import { changedHere } from '../../db/invalidation'
import { writeTogether } from '../../db/together'
import { appendAudit } from '../audit/service'
import { publish } from '../events/service'
import type { Principal } from '../identity/service'
import { invalidProcedure, unknownTerm, versionConflict } from './errors'
import { checkFormSchema } from './forms'
import { ProcedureInputSchema } from './routes.schema'
import { procedures } from './schema'
import { invalidateSearch } from './search'
import type { Procedure, ProcedureInput, Workflow } from './types'

/** Serialises version numbering per procedure code (two-key advisory lock: this number, hash of the code). */
const CATALOG_LOCK = 7366101

/**
 * The checks beyond the input's shape: the form compiles and its x-sources follow the convention,
 * the workflow, sector and life events exist, the fee's per-unit field is on the form, document ids
 * are unique, SLA overrides name real states. Throws a 400 naming the field; returns the resolved
 * workflow (the named one with the procedure's SLA overrides).
 */
export function validateProcedureInput(input: ProcedureInput, options: { compile?: boolean } = {}): Workflow {
  const base = workflowById(input.workflowId)
  if (!base) throw unknownTerm('workflowId', input.workflowId)
  if (!sectors().some((s) => s.id === input.sector)) throw unknownTerm('sector', input.sector)
  for (const event of input.lifeEvents) {
    if (!lifeEvents().some((e) => e.id === event)) throw unknownTerm('lifeEvents', event)
  }
  if (options.compile === false) checkFormSchema(input.formSchema, { compile: false })
  else checkFormSchema(input.formSchema)
  checkFeeRule(input)
  const ids = new Set<string>()
  for (const doc of input.documents) {
    if (ids.has(doc.id)) {
      throw invalidProcedure('documents.id', {
        vi: `Giấy tờ “${doc.id}” được khai báo hai lần.`,
        en: `The document "${doc.id}" is listed twice.`,
      })
    }
    ids.add(doc.id)
  }
  const states = new Set(dossierStates().map((s) => s.status))
  for (const state of Object.keys(input.slaHours ?? {})) {
    if (!states.has(state)) throw unknownTerm('slaHours', state)
  }
  if (input.bundle?.includes(input.code)) {
    throw invalidProcedure('bundle', {
      vi: 'Một thủ tục không thể liên thông với chính nó.',
      en: 'A procedure cannot bundle itself.',
    })
  }
  return { ...base, slaHours: { ...base.slaHours, ...input.slaHours } }
}

/** The fee's form fields are on the form, its categories are choices of their field, its tiers ascend. */
function checkFeeRule(input: ProcedureInput) {
  const { fee } = input
  const properties = input.formSchema.properties as Record<string, Record<string, unknown> | undefined>
  const fields: [string, string | undefined][] = [
    ['fee.perUnit.field', fee.perUnit?.field],
    ['fee.perCopy.field', fee.perCopy?.field],
    ['fee.extraCopies.field', fee.extraCopies?.field],
    ['fee.categories.field', fee.categories?.field],
  ]
  for (const [at, field] of fields) {
    if (field && !(field in properties)) {
      throw invalidProcedure(at, {
        vi: `Trường tính phí “${field}” không có trong biểu mẫu.`,
        en: `The fee's field "${field}" is not on the form.`,
      })
    }
  }
  const froms = (fee.perUnit?.tiers ?? []).map((t) => t.fromUnit)
  if (froms.some((from, i) => i > 0 && from <= froms[i - 1]!)) {
    throw invalidProcedure('fee.perUnit.tiers', {
      vi: 'Các bậc phí phải tăng dần theo trang, bản.',
      en: 'The fee tiers must ascend by unit.',
    })
  }
  if (fee.categories) {
    const node = properties[fee.categories.field]!
    const choices = [
      ...((node.enum as unknown[] | undefined) ?? []),
      ...((node.oneOf as { const?: unknown }[] | undefined) ?? []).map((o) => o.const),
    ]
    const values = fee.categories.options.map((o) => o.value)
    const unknown = values.find((v) => !choices.includes(v))
    if (unknown !== undefined || new Set(values).size !== values.length) {
      throw invalidProcedure('fee.categories.options', {
        vi: `Đối tượng “${unknown ?? values.join(', ')}” không phải một lựa chọn của trường “${fee.categories.field}” hoặc bị lặp.`,
        en: `The category "${unknown ?? values.join(', ')}" is not a choice of the field "${fee.categories.field}", or is listed twice.`,
      })
    }
    if (fee.categories.options.some((o) => (o.exempt === true) === (o.amountVnd !== undefined))) {
      throw invalidProcedure('fee.categories.options', {
        vi: 'Mỗi đối tượng được miễn hoặc có một mức phí riêng, không cả hai.',
        en: 'Each category is either exempt or has its own amount, not both nor neither.',
      })
    }
  }
}

/** The stored content of a version (everything but its id, number, time and author). */
function contentOf(input: ProcedureInput, workflow: Workflow) {
  return {
    code: input.code,
    effectiveFrom: input.effectiveFrom,
    name: input.name,
    nameEn: input.nameEn,
    sector: input.sector,
    agencyLevels: input.agencyLevels,
    competentBody: input.competentBody,
    fee: input.fee,
    processingDays: input.processingDays,
    onlineLevel: input.onlineLevel,
    onlineEligible: input.onlineEligible,
    essential: input.essential,
    form: input.uiSchema
      ? { schema: input.formSchema, uiSchema: input.uiSchema }
      : { schema: input.formSchema },
    documents: input.documents,
    resultType: input.resultType,
    resultName: input.resultName,
    resultNameEn: input.resultNameEn,
    workflow,
    lifeEvents: input.lifeEvents,
    bundle: input.bundle ?? [],
    illustrative: input.illustrative ?? [],
    assurance: input.assurance ?? null,
    published: input.published ?? true,
  }
}

type Content = ReturnType<typeof contentOf>

const sameContent = (a: Content, b: Procedure) => {
  const { id: _i, version: _v, createdAt: _c, createdBy: _b, ...stored } = b
  return canonicalize(a) === canonicalize(stored)
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } }
  return (e.cause?.code ?? e.code) === '23505'
}

/** Numbers, inserts and audits one version inside the caller's transaction. */
async function insertVersion(tx: Tx, actor: Principal | null, content: Content): Promise<Procedure> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CATALOG_LOCK}, hashtext(${content.code}))`)
  const [last] = await tx
    .select({ version: sql<number>`coalesce(max(${procedures.version}), 0)::int` })
    .from(procedures)
    .where(eq(procedures.code, content.code))
  const version = (last?.version ?? 0) + 1
  const [row] = await tx
    .insert(procedures)
    .values({ ...content, version, createdBy: actor?.userId ?? null })
    .returning()
  await writeTogether(tx, [
    appendAudit(tx, {
      actorId: actor?.userId ?? null,
      action: 'procedure.version_created',
      entity: 'procedure',
      entityId: content.code,
      data: { id: row!.id, version, effectiveFrom: content.effectiveFrom, published: content.published },
    }),
    publish(tx, {
      name: 'catalog.procedure_version_created',
      payload: {
        procedureCode: content.code,
        version,
        effectiveFrom: String(content.effectiveFrom),
        published: content.published,
      },
    }),
  ])
  return row!
}

/**
 * Creates the next version of a procedure (or its first), effective from `input.effectiveFrom`;
 * older versions stay readable by id for the dossiers filed under them. Validated first (400 with
 * the field), numbered max + 1, and audited in the same transaction. `actor` null is Sen itself.
 */
export async function createProcedureVersion(
  db: Db,
  actor: Principal | null,
  input: ProcedureInput,
): Promise<Procedure> {
  const content = contentOf(input, validateProcedureInput(input))
  try {
    return await db.transaction((tx) => insertVersion(tx, actor, content))
  } catch (error) {
    if (isUniqueViolation(error)) throw versionConflict(input.code)
    throw error
  } finally {
    invalidateSearch(db)
    changedHere(db, 'procedure')
  }
}

const fileValidator = addFormats(new Ajv({ coerceTypes: false, allErrors: false })).compile(
  ProcedureInputSchema,
)

/**
 * Loads config/vn/procedures into the catalog, in one transaction. Idempotent: a file whose
 * content is already a version of its code is skipped; a changed file becomes the next version.
 * Every file is checked as an administrator's input is, except that its form is checked against
 * the JSON Schema meta-schema rather than compiled (compiling all of them would add seconds to
 * every start and test; catalog/demo-files.test.ts compiles each one).
 */
export async function loadDemoCatalog(db: Db): Promise<{ created: string[]; skipped: string[] }> {
  const pending: Content[] = []
  const skipped: string[] = []
  const existing = await db.select().from(procedures)
  for (const { file, input } of demoProcedureFiles()) {
    if (!fileValidator(input)) {
      const issue = fileValidator.errors?.[0]
      throw new Error(`config/vn/procedures/${file}: ${issue?.instancePath} ${issue?.message}`)
    }
    const content = contentOf(input, validateProcedureInput(input, { compile: false }))
    if (existing.some((row) => row.code === input.code && sameContent(content, row))) skipped.push(input.code)
    else pending.push(content)
  }
  if (pending.length > 0) {
    await db.transaction(async (tx) => {
      for (const content of pending) await insertVersion(tx, null, content)
    })
    invalidateSearch(db)
    changedHere(db, 'procedure')
  }
  return { created: pending.map((c) => c.code), skipped }
}
