import { sql } from 'drizzle-orm'
import { centralAgencies, unitAgencies } from '../country/agencies'
import type { Db, Tx } from '../db'
import { rowsOf } from '../db/rows'
import { appendAudit } from '../modules/audit/service'
import { workingCalendar } from '../modules/calendar/service'
import {
  getProcedure,
  listProcedures,
  loadDemoCatalog,
  nextState,
  type Procedure,
  statusCodeOf,
} from '../modules/catalog/service'
import { prefilledFields } from '../modules/dossiers/form'
import { upsertAgencies } from '../modules/identity/service'
import { REFERENCE_DATE } from './population'

/**
 * Dossiers at national scale for demos and benchmarks: a million in a few minutes. Rows are made
 * inside the database (`INSERT … SELECT … FROM generate_series`, every random choice a hash of the
 * row number and the seed) rather than sent from Node; Node only prepares small tables — the
 * procedures with their form templates, the working-day appointments per day, the action paths —
 * and checks every path against the procedure's workflow first. Like the other seeds, this one
 * writes several modules' tables directly: it is an import of history, not a user of the services.
 */
export interface BulkDossierOptions {
  dossiers: number
  /** Same seed, same starting data, same `now` → the same dossiers. Default 1. */
  seed?: number
  /** Dossiers are filed over this many days before `now` (default 90). */
  days?: number
  /** The present of the generated history (default: the clock). */
  now?: Date
}

export interface BulkDossierResult {
  dossiers: number
  applicants: number
  actions: number
  items: number
  documents: number
  documentUses: number
  ratings: number
}

/** The audit action of an import; its presence makes a second import refuse. */
export const BULK_AUDIT_ACTION = 'dossiers.generated'

/** Rows per round: fixed, so that numbering (and so the codes) depends only on seed and data. */
const CHUNK = 50_000

/** How often each procedure is filed, relative to 1 (unknown codes count 1). */
const POPULARITY: Record<string, number> = {
  '2.000815': 8, // certified copy
  '1.004194': 6, // residence notice
  '1.014063': 4, // citizen id card
  '2.000635': 4, // civil-status extract
  '1.004222': 3,
  '1.004873': 3,
  '1.001456': 3,
  '3.000333': 3,
  '3.000347': 3,
  '2.000986': 3,
  '1.001193': 3,
  '9.000001': 2,
}

const NOTES: Record<string, string> = {
  refuse: 'Hồ sơ không thuộc thẩm quyền giải quyết',
  request_supplement: 'Đề nghị bổ sung bản chụp giấy tờ rõ nét hơn',
  stop: 'Người yêu cầu đề nghị dừng giải quyết',
  reject: 'Hồ sơ không đủ điều kiện theo quy định',
  submit_to_leader: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo phê duyệt',
}

/** Who takes each action, and which of the generated instants (t1 … t9) it happens at. */
const STEP: Record<string, { role: string; at: string }> = {
  submit: { role: 'applicant', at: 't1' },
  accept: { role: 'reception', at: 't2' },
  refuse: { role: 'reception', at: 't2' },
  withdraw: { role: 'applicant', at: 't2' },
  assign: { role: 'specialist', at: 't3' },
  stop: { role: 'leader', at: 't4' },
  request_supplement: { role: 'specialist', at: 't4' },
  supplement: { role: 'applicant', at: 't5' },
  request_payment: { role: 'specialist', at: 't6' },
  pay: { role: 'system', at: 't7' },
  // The hand-over to the leader just before the decision (the same instant: the history keeps their order).
  submit_to_leader: { role: 'specialist', at: 't8' },
  approve: { role: 'leader', at: 't8' },
  reject: { role: 'leader', at: 't8' },
  return_result: { role: 'reception', at: 't9' },
}

/** Action paths by key: `<status>` for open and early-closed states, `<status>+s+p:<decision>` for decided ones. */
function paths(): Map<string, string[]> {
  const result = new Map<string, string[]>([
    ['new', []],
    ['accepted', ['accept']],
    ['not_accepted', ['refuse']],
    ['processing', ['accept', 'assign']],
    ['supplement_requested', ['accept', 'request_supplement']],
    ['payment_requested', ['accept', 'request_payment']],
    ['withdrawn', ['withdraw']],
    ['stopped', ['accept', 'stop']],
  ])
  for (const status of ['processed', 'returned'])
    for (const supplement of [false, true])
      for (const payment of [false, true])
        for (const decision of ['approved', 'rejected']) {
          const steps = ['accept', 'assign']
          if (supplement) steps.push('request_supplement', 'supplement')
          if (payment) steps.push('request_payment', 'pay')
          steps.push('submit_to_leader', decision === 'approved' ? 'approve' : 'reject')
          if (status === 'returned') steps.push('return_result')
          result.set(pathKey(status, supplement, payment, decision), steps)
        }
  return result
}

const pathKey = (status: string, supplement: boolean, payment: boolean, decision: string) =>
  `${status}${supplement ? '+s' : ''}${payment ? '+p' : ''}:${decision}`

interface StepRow {
  path: string
  ord: number
  action: string
  from_status: string | null
  to_status: string
  role: string
  at_key: string
  note: string | null
}

/** Every path replayed through the workflow: the generated history is one the workflow allows. */
function stepsFor(procedure: Procedure): StepRow[] | null {
  const rows: StepRow[] = []
  try {
    for (const [path, actions] of paths()) {
      let status = procedure.workflow.initial ?? 'new'
      let previous: string | null = null
      let stage: string | null = null
      rows.push({ path, ord: 0, action: 'submit', from_status: null, to_status: status, ...step('submit') })
      actions.forEach((action, i) => {
        const next = nextState(procedure.workflow, action, status, previous, undefined, { stage })
        rows.push({ path, ord: i + 1, action, from_status: status, to_status: next.to, ...step(action) })
        // As previousStatus reads the history: the last state that an action left.
        if (next.to !== status) previous = status
        status = next.to
        stage = next.stage
      })
      const expected = path.split(/[+:]/)[0]
      if (status !== expected) return null
    }
  } catch {
    return null
  }
  return rows
}

const step = (action: string) => ({
  role: STEP[action]!.role,
  at_key: STEP[action]!.at,
  note: NOTES[action] ?? null,
})

/** SQL text of a constant (quotes doubled). */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`
const jsonLiteral = (value: unknown) => `${literal(JSON.stringify(value))}::jsonb`

/**
 * The SQL expression of a procedure's form data for the applicant row `c` of bulk_people:
 * prefilled fields from the registry record (the applicant's, or the spouse's as the other
 * parent), other required fields with plausible constants.
 */
function formExpression(node: Record<string, unknown>, day: string): string {
  const source = node['x-source']
  if (typeof source === 'string') return sourceExpression(source)
  if (node.type === 'object' || node.properties) {
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>
    const required = new Set((node.required ?? []) as string[])
    const parts = Object.entries(properties)
      .filter(([key, property]) => property['x-source'] || required.has(key))
      .map(([key, property]) => `${literal(key)}, ${formExpression(property, day)}`)
    return parts.length ? `jsonb_build_object(${parts.join(', ')})` : `'{}'::jsonb`
  }
  // An address in the applicant's own commune: a real unit, as the submission checks.
  if (node['x-admin-unit'] === 'province') return `(c.data -> 'provinceCode')`
  if (node['x-admin-unit'] === 'commune') return `(c.data -> 'communeCode')`
  const pattern = String(node.pattern ?? '')
  if (pattern.includes('{12}')) return 'to_jsonb(c.pin)'
  return jsonLiteral(sampleValue(node, day))
}

function sampleValue(node: Record<string, unknown>, day: string): unknown {
  if (Array.isArray(node.oneOf)) return (node.oneOf[0] as { const: unknown }).const
  if (Array.isArray(node.enum)) return node.enum[0]
  if (node.default !== undefined) return node.default
  switch (node.type) {
    case 'array':
      return Array.from({ length: Number(node.minItems ?? 1) }, () =>
        sampleValue((node.items ?? { type: 'string' }) as Record<string, unknown>, day),
      )
    case 'integer':
    case 'number':
      return Number(node.minimum ?? 1)
    case 'boolean':
      return true
  }
  if (node.format === 'date') return day
  if (node.format === 'email') return 'congdan@example.vn'
  const pattern = String(node.pattern ?? '')
  if (pattern.includes('^0[0-9]')) return '0912345678'
  if (pattern.includes('{10}')) return '0100000001'
  const digits = /\[0-9\]\{(\d+)\}/.exec(pattern)
  if (digits) return '1'.repeat(Number(digits[1]))
  const text = 'Theo đề nghị của công dân'
  return node.maxLength ? text.slice(0, Number(node.maxLength)) : text
}

/** A registry source `population.<subject>.<attribute>` as SQL over bulk_people columns. */
function sourceExpression(source: string): string {
  const [, subject, attribute] = source.split('.')
  const male = `c.data->>'gender' = 'male'`
  const record =
    subject === 'applicant'
      ? 'c.data'
      : subject === 'spouse'
        ? 'c.spouse'
        : subject === 'father'
          ? `(case when ${male} then c.data else c.spouse end)`
          : `(case when ${male} then c.spouse else c.data end)`
  if (attribute === 'pin') {
    const pin =
      subject === 'applicant'
        ? 'c.pin'
        : subject === 'spouse'
          ? 'c.spouse_pin'
          : subject === 'father'
            ? `(case when ${male} then c.pin else c.spouse_pin end)`
            : `(case when ${male} then c.spouse_pin else c.pin end)`
    return `to_jsonb(${pin})`
  }
  return `(${record} -> ${literal(attribute ?? '')})`
}

const exec = (tx: Tx, text: string) => tx.execute(sql.raw(text))

/**
 * Generates `dossiers` dossiers, filed by living adults of the population registry over the last
 * `days` days at the People's Committee of their commune (or province, for province-level
 * procedures), in every state of the national table with the actions that led there, the once-only
 * items (prefilled fields, wallet documents — mostly reused), results issued into wallets, document
 * uses and ratings. Codes keep the live format and the daily sequences move past them. One
 * transaction: all or nothing. Refuses if an earlier import is recorded in the audit log.
 */
export async function generateDossiers(
  db: Db,
  options: BulkDossierOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<BulkDossierResult> {
  const total = options.dossiers
  if (!Number.isInteger(total) || total < 0) throw new Error('dossiers must be a non-negative integer')
  const seed = options.seed ?? 1
  if (!Number.isInteger(seed) || seed < 0) throw new Error('seed must be a non-negative integer')
  const days = options.days ?? 90
  const now = options.now ?? new Date()
  const empty = {
    dossiers: 0,
    applicants: 0,
    actions: 0,
    items: 0,
    documents: 0,
    documentUses: 0,
    ratings: 0,
  }

  const [earlier] = await rowsOf<{ seq: number }>(
    db,
    sql`select seq from audit_events where action = ${BULK_AUDIT_ACTION} limit 1`,
  )
  if (earlier)
    throw new Error(
      `generated dossiers are already in this database (audit event #${earlier.seq}); generate into a fresh one`,
    )
  if (total === 0) return empty

  // The catalog and the agencies of the communes people live in, if the database has none yet.
  await loadDemoCatalog(db)
  const missing = await rowsOf<{ province: string }>(
    db,
    sql`select distinct r.province_code as province from population_records r
        where r.valid_to is null and not exists (select 1 from agencies a where a.id = 'X' || r.commune_code)
        order by 1`,
  )
  if (missing.length > 0) {
    await upsertAgencies(db, centralAgencies())
    await upsertAgencies(db, unitAgencies({ provinces: missing.map((m) => m.province) }))
  }

  const today = workingCalendar().localDay(now)
  const procedures = await procedureTables(db, today)
  if (procedures.list.length === 0) throw new Error('no procedure in the catalog can be filed by a person')
  const due = dueTable(now, days, [...new Set(procedures.list.map((p) => p.processing_days))])
  const adultBy = `${Number(REFERENCE_DATE.slice(0, 4)) - 18}${REFERENCE_DATE.slice(4)}`

  return db.transaction(async (tx) => {
    await exec(tx, `set local work_mem = '64MB'`)
    const forms = await createSmallTables(tx, procedures, due)
    await tx.execute(sql`
      create temp table bulk_people on commit drop as
      select (row_number() over (order by p.pin))::int as n, p.pin, p.province_code, p.commune_code,
             p.data->>'spousePin' as spouse_pin,
             coalesce(u.id, md5('sen-bulk-user:' || p.pin)::uuid) as user_id, u.id is not null as has_account
      from population_records p
      left join people ip on ip.pin = p.pin
      left join lateral (select id from users where person_id = ip.id order by created_at limit 1) u on true
      where p.valid_to is null and coalesce(p.data->>'deceased', 'false') <> 'true'
        and p.data->>'birthDate' <= ${adultBy}`)
    await exec(tx, 'create unique index on bulk_people (n)')
    await exec(tx, 'analyze bulk_people')
    for (const table of ['bulk_procedures', 'bulk_fields', 'bulk_documents', 'bulk_steps', 'bulk_due'])
      await exec(tx, `analyze ${table}`)
    const [{ people } = { people: 0 }] = await rowsOf<{ people: number }>(
      tx,
      sql`select count(*)::int as people from bulk_people`,
    )
    if (people === 0)
      throw new Error('no living adult in the population registry: run "sen seed --people N" first')

    const counts = { ...empty }
    const rebuild = total >= REBUILD_FROM ? await dropSecondaryIndexes(tx) : []
    for (let from = 1; from <= total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK - 1)
      await chunk(
        tx,
        { from, to, seed, people, days, now, forms, pick: pickProcedure(procedures.list) },
        counts,
      )
      // The last step is the index rebuild: 100% only once it is done.
      onProgress?.(rebuild.length > 0 ? Math.min(to, total - 1) : to, total)
    }
    for (const definition of rebuild) await exec(tx, definition)
    // Fresh statistics at once: until autovacuum gets to them, the planner would take the grown
    // tables for the small ones they were, and read a dossier's history by scanning millions of rows.
    await exec(tx, `analyze ${[...LOADED_TABLES, 'dossier_sequences', 'users', 'people'].join(', ')}`)
    onProgress?.(total, total)
    const [applicants] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from bulk_applicants`)
    counts.dossiers = total
    counts.applicants = applicants?.n ?? 0
    await appendAudit(tx, {
      actorId: null,
      action: BULK_AUDIT_ACTION,
      entity: 'dossier',
      entityId: 'bulk',
      data: { ...counts, seed, days, now: now.toISOString() },
    })
    return counts
  })
}

/** From this many dossiers on, secondary indexes are dropped during the load and built again after it. */
const REBUILD_FROM = 100_000
const LOADED_TABLES = [
  'dossiers',
  'dossier_actions',
  'dossier_items',
  'wallet_documents',
  'document_uses',
  'ratings',
]

/**
 * Drops the loaded tables' indexes that back no constraint, and returns their definitions: building
 * an index once over millions of rows is several times cheaper than updating it row by row. Inside
 * the import's transaction, so a failure puts them back; other sessions wait on these tables meanwhile.
 */
async function dropSecondaryIndexes(tx: Tx): Promise<string[]> {
  const indexes = await rowsOf<{ name: string; definition: string }>(
    tx,
    sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.schemaname = current_schema() and i.tablename in ${LOADED_TABLES}
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
        order by i.indexname`,
  )
  for (const index of indexes) await exec(tx, `drop index "${index.name.replaceAll('"', '""')}"`)
  return indexes.map((index) => index.definition)
}

/** A CASE over the cumulative weights: no join needed to choose a procedure. */
const pickProcedure = (list: ProcedureRow[]) =>
  `(case ${list.map((p) => `when r_proc < ${p.hi} then ${p.k}`).join(' ')} else ${list.length - 1} end)`

interface ProcedureRow {
  k: number
  id: string
  code: string
  name: string
  agency_level: string
  processing_days: number
  fee: number
  result_type: string
  result_name: string
  workflow: string
  lo: number
  hi: number
  form: string
}

interface ProcedureTables {
  list: ProcedureRow[]
  fields: { k: number; item: string; source: string; other_person: boolean }[]
  documents: {
    k: number
    requirement_id: string
    wallet_type: string
    title: string
    required: boolean
    issued: boolean
  }[]
  steps: StepRow[]
}

/** The procedures a person can file (sources from the population registry only), with their weights. */
async function procedureTables(db: Db, today: string): Promise<ProcedureTables> {
  const summaries = (await listProcedures(db, { page: 1, pageSize: 200 })).items
  const chosen: { procedure: Procedure; steps: StepRow[] }[] = []
  for (const summary of summaries) {
    const procedure = await getProcedure(db, summary.code)
    const sources = prefilledFields(procedure.form.schema).map((f) => f.source)
    if (sources.some((s) => !/^population\.(applicant|spouse|father|mother)\.\w+$/.test(s))) continue
    const steps = stepsFor(procedure)
    if (steps) chosen.push({ procedure, steps })
  }
  const resultTypes = new Set(chosen.map((c) => c.procedure.resultType))
  const weight = (code: string) => POPULARITY[code] ?? 1
  const sum = chosen.reduce((s, c) => s + weight(c.procedure.code), 0)
  let cumulative = 0
  const tables: ProcedureTables = { list: [], fields: [], documents: [], steps: [] }
  const seenSteps = new Set<string>()
  chosen.forEach(({ procedure, steps }, k) => {
    const lo = cumulative / sum
    cumulative += weight(procedure.code)
    tables.list.push({
      k,
      id: procedure.id,
      code: procedure.code,
      name: procedure.name,
      agency_level: procedure.agencyLevels[0] ?? 'commune',
      processing_days: procedure.processingDays,
      fee: procedure.fee.amountVnd ?? 0,
      result_type: procedure.resultType,
      result_name: procedure.resultName,
      workflow: procedure.workflow.id,
      lo,
      hi: k === chosen.length - 1 ? 1.0000001 : cumulative / sum,
      form: formExpression({ ...procedure.form.schema, type: 'object' }, today),
    })
    for (const field of prefilledFields(procedure.form.schema))
      tables.fields.push({
        k,
        item: field.path.join('.'),
        source: field.source,
        other_person: !field.source.startsWith('population.applicant.'),
      })
    for (const requirement of procedure.documents) {
      const type = requirement.walletTypes[0]
      if (!type) continue
      tables.documents.push({
        k,
        requirement_id: requirement.id,
        wallet_type: type,
        title: requirement.name,
        required: requirement.required,
        issued: resultTypes.has(type),
      })
    }
    // All procedures of the catalog share few workflows; a path is stored once per workflow.
    for (const row of steps) {
      const key = `${procedure.workflow.id}:${row.path}:${row.ord}`
      if (seenSteps.has(key)) continue
      seenSteps.add(key)
      tables.steps.push({ ...row, path: `${procedure.workflow.id}:${row.path}` })
    }
  })
  return tables
}

/** Per day before `now`, part of the day and time limit: the local day, its start, and the appointments. */
function dueTable(now: Date, days: number, limits: number[]) {
  const calendar = workingCalendar()
  const rows: {
    day_idx: number
    part: number
    pd: number
    local_day: string
    day_start: string
    due_at: string
    reception_due_at: string
  }[] = []
  const today = calendar.localDay(now)
  for (let d = 0; d < days; d++) {
    const date = new Date(`${today}T00:00:00Z`)
    date.setUTCDate(date.getUTCDate() - d)
    const localDay = date.toISOString().slice(0, 10)
    const dayStart = new Date(`${localDay}T00:00:00+07:00`)
    // Filed in the morning (before the same-day cut-off) or late in the day: their appointments differ.
    for (const [part, hour] of [
      [0, 11],
      [1, 17],
    ] as const)
      for (const pd of limits) {
        const filed = new Date(dayStart.getTime() + hour * 3600_000)
        const dueAt = calendar.dueDate(filed, pd)
        const reception = calendar.addWorkingHours(filed, 8)
        rows.push({
          day_idx: d,
          part,
          pd,
          local_day: localDay,
          day_start: dayStart.toISOString(),
          due_at: dueAt.toISOString(),
          reception_due_at: new Date(Math.min(reception.getTime(), dueAt.getTime())).toISOString(),
        })
      }
  }
  return rows
}

/** Creates the small tables the rounds join with; returns the SQL of the form data (a CASE over the procedure). */
async function createSmallTables(
  tx: Tx,
  procedures: ProcedureTables,
  due: ReturnType<typeof dueTable>,
): Promise<string> {
  const list = procedures.list.map(({ form: _form, ...rest }) => rest)
  await tx.execute(sql`
    create temp table bulk_procedures on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(
      k int, id uuid, code text, name text, agency_level text, processing_days int, fee int,
      result_type text, result_name text, lo float8, hi float8, workflow text)`)
  await tx.execute(sql`
    create temp table bulk_fields on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(procedures.fields)}::jsonb) as x(
      k int, item text, source text, other_person boolean)`)
  await tx.execute(sql`
    create temp table bulk_documents on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(procedures.documents)}::jsonb) as x(
      k int, requirement_id text, wallet_type text, title text, required boolean, issued boolean)`)
  await tx.execute(sql`
    create temp table bulk_steps on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(procedures.steps)}::jsonb) as x(
      path text, ord int, action text, from_status text, to_status text, role text, at_key text, note text)`)
  await tx.execute(sql`
    create temp table bulk_due on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(due)}::jsonb) as x(
      day_idx int, part int, pd int, local_day date, day_start timestamptz, due_at timestamptz, reception_due_at timestamptz)`)
  // The form data of each procedure, as one CASE over the procedure index.
  const forms = `case x.k ${procedures.list.map((p) => `when ${p.k} then ${p.form}`).join(' ')} end`
  await exec(
    tx,
    `create temp table bulk_chunk (
       g bigint, n int, pin text, user_id uuid, has_account boolean, full_name text, person jsonb,
       has_spouse boolean, k int, procedure_id uuid, procedure_code text, procedure_name text,
       workflow text, fee int, result_type text, result_name text, agency text, province text,
       local_day date, seq int, code text, status text, status_code int, path text, decision text,
       supplement boolean, payment boolean, channel int, data jsonb,
       submitted_at timestamptz, reception_due_at timestamptz, due_at timestamptz,
       t1 timestamptz, t2 timestamptz, t3 timestamptz, t4 timestamptz, t5 timestamptz,
       t6 timestamptz, t7 timestamptz, t8 timestamptz, t9 timestamptz, updated_at timestamptz,
       signed boolean, rated boolean, score text
     ) on commit drop`,
  )
  await exec(tx, 'create temp table bulk_applicants (user_id uuid primary key) on commit drop')
  return forms
}

interface ChunkInput {
  from: number
  to: number
  seed: number
  people: number
  days: number
  now: Date
  /** The SQL of the form data, from createSmallTables. */
  forms: string
  /** The SQL that picks a procedure index from a uniform number `r_proc`, by popularity. */
  pick: string
}

/** A uniform number in [0, 1) from the row number, the seed and a salt: deterministic, no state. */
const rand = (seed: number, salt: number) =>
  `((hashtextextended(b.g::text, ${seed * 1000 + salt}) & 2147483647)::float8 / 2147483648.0)`

async function chunk(tx: Tx, input: ChunkInput, counts: BulkDossierResult) {
  const { from, to, seed, people, days } = input
  const now = `'${input.now.toISOString()}'::timestamptz`
  const r = (salt: number) => rand(seed, salt)
  const hours = (h: string) => `((${h}) * interval '1 hour')`
  await exec(tx, 'truncate bulk_chunk')
  await exec(tx, 'analyze dossier_sequences')
  // 1. Who files what, where, when, and how far it got; then the times of each step.
  await exec(
    tx,
    `insert into bulk_chunk
     with random as (
       select b.g, 1 + floor(${r(1)} * ${people})::int as n, ${r(2)} as r_proc,
              floor(${r(3)} * ${days})::int as day_idx, ${r(4)} as r_time, ${r(5)} as r_state,
              ${r(6)} as r_decision, ${r(7)} as r_late, ${r(8)} as r_supp, ${r(9)} as r_sign,
              ${r(10)} as r_rate, ${r(11)} as r_score, ${r(12)} as r_channel, ${r(13)} as r_a,
              ${r(14)} as r_b, ${r(16)} as r_c
       from generate_series(${from}::bigint, ${to}::bigint) as b(g)
     ),
     base as materialized (select *, ${input.pick} as k from random),
     picked as (
       select b.*, c.pin, c.spouse_pin, c.user_id, c.has_account,
              p.id as procedure_id, p.code as procedure_code, p.name as procedure_name, p.workflow,
              p.fee, p.result_type, p.result_name, c.province_code as province,
              case when p.agency_level = 'commune' then 'X' || c.commune_code else 'H' || c.province_code end as agency,
              p.processing_days, d.local_day, d.day_start, d.due_at as due0, d.reception_due_at,
              -- Past the time limit (in calendar days, with margin): most are finished.
              b.day_idx > ceil(p.processing_days * 1.4) + 2 as old
       from base b
       join bulk_procedures p on p.k = b.k
       join bulk_due d on d.day_idx = b.day_idx and d.pd = p.processing_days
         and d.part = case when b.r_time * 12 >= 8 then 1 else 0 end
       -- One index lookup per row ('offset 0' keeps the planner from hashing the whole registry).
       cross join lateral (select * from bulk_people c where c.n = b.n offset 0) c
     ),
     stated as (
       select *,
         case when old then
           case when r_state < 0.70 then 'returned' when r_state < 0.77 then 'processed'
                when r_state < 0.81 then 'not_accepted' when r_state < 0.84 then 'withdrawn'
                when r_state < 0.86 then 'stopped' when r_state < 0.92 then 'processing'
                when r_state < 0.96 then 'supplement_requested'
                when r_state < 0.975 then case when fee > 0 then 'payment_requested' else 'processing' end
                when r_state < 0.99 then 'accepted' else 'new' end
         else
           case when r_state < 0.18 then 'new' when r_state < 0.33 then 'accepted'
                when r_state < 0.63 then 'processing' when r_state < 0.71 then 'supplement_requested'
                when r_state < 0.76 then case when fee > 0 then 'payment_requested' else 'processing' end
                when r_state < 0.78 then 'withdrawn' when r_state < 0.80 then 'not_accepted'
                when r_state < 0.88 then 'processed' else 'returned' end
         end as status
       from picked
     ),
     decided as materialized (
       select *,
         case when status in ('processed', 'returned') then
           case when r_decision < 0.05 then 'rejected' else 'approved' end end as decision,
         status in ('processed', 'returned') and r_supp < 0.15 as supplement,
         status in ('processed', 'returned') and fee > 0 as payment,
         status in ('processed', 'returned') and r_late < 0.08 as late,
         case when day_idx = 0 then least(day_start + r_time * (${now} - day_start), ${now} - interval '1 minute')
              else day_start + interval '7 hours' + ${hours('r_time * 12')} end as t1
       from stated
     ),
     -- Each step's time as an offset from the filing, growing step by step; clamped to the present
     -- afterwards, so that the steps stay in order. (Materialised: inlined, the nested expressions
     -- would be repeated many times over.)
     -- Offices work faster on short time limits: same-day procedures take a quarter of the hours.
     offsets as materialized (
       select *,
         ${hours('pace * (0.2 + r_a * 6)')} as o2,
         ${hours('pace * (0.7 + r_a * 6 + r_b * 3)')} as o3,
         ${hours('pace * (2.7 + r_a * 36 + r_b * 3)')} as o4,
         ${hours('pace * (2.7 + r_a * 36 + r_b * 3) + 24 + r_supp * 96')} as o5,
         ${hours('24 + r_supp * 96')} as pause
       from (select *, case when processing_days = 0 then 0.25 when processing_days <= 2 then 0.5 else 1 end as pace
             from decided) d
     ),
     offsets2 as materialized (
       select *,
         case when supplement then o5 else o3 end + ${hours('pace')} as o6,
         case when supplement then o5 else o3 end + ${hours('pace * (3 + r_b * 30)')} as o7,
         due0 + case when supplement then pause else interval '0' end as due_at
       from offsets
     ),
     offsets3 as materialized (
       select *,
         greatest(case when payment then o7 else o6 end,
                  case when late then due_at - t1 + ${hours('12 + r_c * 96')}
                       else o3 + (due_at - t1 - o3) * (0.2 + 0.75 * r_c) end) as o8
       from offsets2
     ),
     timed9 as (
       select *, least(t1 + o2, ${now}) as t2, least(t1 + o3, ${now}) as t3, least(t1 + o4, ${now}) as t4,
              least(t1 + o5, ${now}) as t5, least(t1 + o6, ${now}) as t6, least(t1 + o7, ${now}) as t7,
              least(t1 + o8, ${now}) as t8, least(t1 + o8 + ${hours('1 + r_b * 40')}, ${now}) as t9
       from offsets3
     ),
     numbered as (
       select t.*, (row_number() over (partition by t.agency, t.local_day order by t.t1, t.g))::int
                   + coalesce(s.last, 0) as seq
       from timed9 t
       left join dossier_sequences s on s.agency_id = t.agency and s.day = t.local_day
     )
     -- The registry records (applicant, spouse) only now, for the form: carried through the steps above
     -- they would be copied at each.
     select x.g, x.n, x.pin, x.user_id, x.has_account, c.data->>'fullName', c.data, c.spouse is not null, x.k,
            x.procedure_id, x.procedure_code, x.procedure_name, x.workflow, x.fee, x.result_type, x.result_name,
            x.agency, x.province, x.local_day, x.seq,
            x.agency || '-' || to_char(x.local_day, 'YYMMDD') || '-' ||
              case when x.seq > 9999 then x.seq::text else lpad(x.seq::text, 4, '0') end,
            x.status, ${statusCodes('x.status')},
            x.workflow || ':' || case when x.decision is null then x.status
              else x.status || case when x.supplement then '+s' else '' end
                            || case when x.payment then '+p' else '' end || ':' || x.decision end,
            x.decision, x.supplement or x.status = 'supplement_requested', x.payment,
            case when x.r_channel < 0.85 then 2 else 1 end,
            ${input.forms},
            x.t1, x.reception_due_at, x.due_at, x.t1, x.t2, x.t3, x.t4, x.t5, x.t6, x.t7, x.t8, x.t9,
            case x.status when 'new' then x.t1 when 'accepted' then x.t2 when 'not_accepted' then x.t2
                 when 'withdrawn' then x.t2 when 'processing' then x.t3 when 'supplement_requested' then x.t4
                 when 'stopped' then x.t4 when 'payment_requested' then x.t6 when 'processed' then x.t8
                 else x.t9 end,
            x.decision is not null and x.r_sign < 0.96,
            x.status = 'returned' and x.r_rate < 0.85,
            case when x.r_score < 0.80 then 'satisfied' when x.r_score < 0.94 then 'acceptable'
                 else 'dissatisfied' end
     from numbered x
     cross join lateral (
       select a.data, s.data as spouse, x.pin, x.spouse_pin
       from population_records a
       left join population_records s on s.pin = x.spouse_pin and s.valid_to is null
       where a.pin = x.pin and a.valid_to is null
       offset 0) c`,
  )
  // Temporary tables are never analysed automatically, and the sequences grow each round: without
  // fresh statistics the planner picks nested loops that make a round take minutes.
  await exec(tx, 'analyze bulk_chunk (code, path, k, pin, user_id, agency, local_day, status)')
  await exec(tx, 'insert into bulk_applicants select distinct user_id from bulk_chunk on conflict do nothing')

  // 2. Applicants without an account get one, without a password (they would sign in with their national id).
  await exec(
    tx,
    `insert into people (id, pin, full_name, birth_date, gender, province_code, commune_code)
     select distinct on (pin) md5('sen-bulk-person:' || pin)::uuid, pin, full_name,
            (person->>'birthDate')::date, person->>'gender', person->>'provinceCode', person->>'communeCode'
     from bulk_chunk where not has_account
     on conflict do nothing`,
  )
  await exec(
    tx,
    `insert into users (id, username, kind, display_name, password_hash, person_id)
     select distinct on (c.pin) c.user_id, 'congdan.' || c.pin, 'citizen', c.full_name, '!', ip.id
     from bulk_chunk c join people ip on ip.pin = c.pin
     where not c.has_account
     on conflict do nothing`,
  )

  // 3. The dossiers, and the daily sequences moved past their codes.
  await exec(
    tx,
    `insert into dossiers (code, procedure_id, procedure_code, applicant_user_id, applicant_type, applicant_id,
         receiving_agency_id, competent_agency_id, province_code, status, status_code, channel, data, fee_vnd,
         paid, submitted_at, reception_due_at, received_at, reception_alerted_at, due_at, paused_at,
         supplement_requests, decided_at, returned_at, result_document_id, decision_signed, updated_at)
       select code, procedure_id, procedure_code, user_id, 1, pin, agency, agency, province, status, status_code,
         channel, data, fee, payment, submitted_at, reception_due_at,
         case when status <> 'new' then t2 end,
         -- History replayed: a dossier still new past its reception time was alerted then.
         case when status = 'new' and reception_due_at < ${now} then reception_due_at end,
         due_at,
         case when status = 'supplement_requested' then t4 end,
         case when supplement then 1 else 0 end,
         case when decision is not null then t8 end,
         case when status = 'returned' then t9 end,
         case when decision = 'approved' then md5('sen-bulk-result:' || code)::uuid end,
         signed, updated_at
       from bulk_chunk`,
  )
  await exec(
    tx,
    `insert into dossier_sequences (agency_id, day, last)
     select agency, local_day, max(seq) from bulk_chunk group by agency, local_day
     on conflict (agency_id, day) do update set last = greatest(dossier_sequences.last, excluded.last)`,
  )

  // 4. Their history.
  counts.actions += await insertCount(
    tx,
    `insert into dossier_actions (dossier_code, action, actor_id, actor_role, from_status, to_status, note, data, at)
     select c.code, s.action,
            case when s.role = 'applicant' then c.user_id end, s.role, s.from_status, s.to_status, s.note,
            case when s.action = 'submit' then jsonb_build_object('procedureVersion', 1, 'generated', true) end,
            case s.at_key when 't1' then c.t1 when 't2' then c.t2 when 't3' then c.t3 when 't4' then c.t4
              when 't5' then c.t5 when 't6' then c.t6 when 't7' then c.t7 when 't8' then c.t8 else c.t9 end
     from bulk_chunk c join bulk_steps s on s.path = c.path
     order by c.code, s.ord`,
  )

  // 5. The once-only items: prefilled fields, then documents (most from the wallet, each use recorded).
  counts.items += await insertCount(
    tx,
    `insert into dossier_items (dossier_code, item, kind, reused, source, purpose, consent_by, at)
     select c.code, f.item, 'field', not f.other_person or c.has_spouse, 'registry:' || f.source,
            'Hồ sơ ' || c.code || ': ' || c.procedure_name, case when f.other_person then c.pin end, c.t1
     from bulk_chunk c join bulk_fields f on f.k = c.k`,
  )
  await exec(tx, 'drop table if exists bulk_attached')
  await exec(
    tx,
    `create temp table bulk_attached on commit drop as
     select c.code, c.pin, c.agency, c.t1, c.procedure_name, d.requirement_id, d.wallet_type, d.title, d.issued,
            reused,
            case when reused then md5('sen-bulk-wallet:' || c.pin || ':' || d.wallet_type)::uuid
                 else md5('sen-bulk-upload:' || c.code || ':' || d.requirement_id)::uuid end as document_id
     from bulk_chunk c join bulk_documents d on d.k = c.k
     cross join lateral (select (hashtextextended(c.code || d.requirement_id, ${seed}) & 1023) < 870 as reused) u
     where d.required or (hashtextextended(c.code || d.requirement_id || ':attach', ${seed}) & 1023) < 307`,
  )
  counts.documents += await insertCount(
    tx,
    `insert into wallet_documents (id, owner_type, owner_id, type, title, source, issuer_agency_id, mime_type, data, issued_at)
     select distinct on (document_id) document_id, 'person', pin, wallet_type, title,
            case when not reused then 'uploaded' when issued then 'issued' else 'digitised' end,
            case when reused then agency end, 'application/pdf', jsonb_build_object('generated', true),
            case when reused then t1 - interval '200 days' else t1 end
     from bulk_attached
     order by document_id, t1
     on conflict (id) do nothing`,
  )
  counts.documentUses += await insertCount(
    tx,
    `insert into document_uses (id, document_id, dossier_code, purpose, used_by, at)
     select md5('sen-bulk-use:' || code || ':' || requirement_id)::uuid, document_id, code,
            'Hồ sơ ' || code || ': ' || procedure_name, agency, t1
     from bulk_attached`,
  )
  counts.items += await insertCount(
    tx,
    `insert into dossier_items (dossier_code, item, kind, reused, source, purpose, at)
     select code, requirement_id, 'document', reused, 'wallet:' || document_id,
            'Hồ sơ ' || code || ': ' || procedure_name, t1
     from bulk_attached`,
  )

  // 6. Results issued into the applicants' wallets (data only: no file, no signature), and ratings.
  counts.documents += await insertCount(
    tx,
    `insert into wallet_documents (id, code, owner_type, owner_id, type, title, source, issuer_agency_id,
       dossier_code, data, issued_at)
     select md5('sen-bulk-result:' || code)::uuid, code || '-KQ1', 'person', pin, result_type, result_name,
            'issued', agency, code,
            jsonb_build_object('documentCode', code || '-KQ1', 'procedureCode', procedure_code,
              'dossierCode', code, 'holderName', full_name, 'issuedAt', t8, 'issuer', agency, 'generated', true),
            t8
     from bulk_chunk where decision = 'approved'`,
  )
  counts.ratings += await insertCount(
    tx,
    `insert into ratings (id, dossier_code, user_id, agency_id, procedure_code, score, created_at)
     select md5('sen-bulk-rating:' || code)::uuid, code, user_id, agency, procedure_code, score,
            least(t9 + interval '3 hours', ${now})
     from bulk_chunk where rated`,
  )
}

/** National status codes, from the state table (config), as a CASE over `status`. */
const statusCodes = (column: string) =>
  `case ${column} ${[
    'new',
    'accepted',
    'not_accepted',
    'processing',
    'supplement_requested',
    'payment_requested',
    'withdrawn',
    'stopped',
    'processed',
    'returned',
  ]
    .map((status) => `when '${status}' then ${statusCodeOf(status)}`)
    .join(' ')} end`

async function insertCount(tx: Tx, text: string): Promise<number> {
  const result = (await exec(tx, text)) as unknown as { rowCount?: number; affectedRows?: number }
  return Number(result.rowCount ?? result.affectedRows ?? 0)
}
