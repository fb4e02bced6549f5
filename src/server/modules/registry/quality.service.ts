import { type SQL, sql } from 'drizzle-orm'
import { type QualityRules, qualityRules } from '../../country/quality-rules'
import { adminUnits } from '../../country/units'
import type { Db } from '../../db'
import { rowsOf } from '../../db/rows'
import { invalidUnit } from './errors'
import { PRINCIPLES, type Principle, type QualityReport } from './types'

const SAMPLES = 20

/** A SQL string literal of a value from the country configuration (never from a request). */
const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`)
/** A field of the record, extracted once per row by jsonb_to_record (see {@link recordFields}). */
const field = (name: string) => sql.raw(`f."${name}"`)

/** Every field a rule reads; each becomes a text column of `f`. */
function recordFields(rules: QualityRules): string[] {
  const fixed = ['fullName', 'birthDate', 'gender', 'ethnicity', 'nationality', 'provinceCode', 'communeCode']
  const more = ['address', 'maritalStatus', 'spousePin', 'fatherPin', 'motherPin', 'verifiedOn', 'deceased']
  const configured = [
    ...rules.complete.mandatory,
    ...rules.clean.duplicateKey,
    ...rules.clean.namesNormalised,
  ]
  return [...new Set([...fixed, ...more, ...configured])]
}
const list = (values: string[]) => sql.join(values.map(literal), sql`, `)

/**
 * Each principle as a SQL expression over one current record (columns pin, valid_from, dup,
 * unit_province and the record's fields f.*):
 * null when the record passes, else the first reason it fails. The rules come from
 * config/vn/registry-quality-rules.json; field names there are checked to be plain identifiers.
 */
function reasons(rules: QualityRules): Record<Principle, SQL> {
  const { correct, complete, clean, live, unified } = rules
  const provincePrefixes = [...adminUnits().provinces.keys()].map((p) => `${correct.pinProvincePrefix}${p}`)
  const genderCentury = sql.join(
    correct.pinGenderCentury.map(
      (g) => sql`(${literal(g.digit)}, ${literal(g.gender)}, ${literal(String(g.century / 100))})`,
    ),
    sql`, `,
  )
  const birth = field('birthDate')
  const today = sql`to_char(current_date, 'YYYY-MM-DD')`
  const correctSql = sql`case
    when pin !~ ${literal(correct.pinPattern)} then 'pin: not 12 digits'
    when substr(pin, 1, 3) not in (${list(provincePrefixes)}) then 'pin: digits 1-3 are not a province code'
    when coalesce(${birth}, '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then 'birthDate: not a date'
    when ${birth} < ${literal(correct.birthDateMin)} then ${literal(`birthDate: before ${correct.birthDateMin}`)}
    when ${birth} > ${today} then 'birthDate: in the future'
    when not coalesce((substr(pin, 4, 1), ${field('gender')}, substr(${birth}, 1, 2)) in (${genderCentury}), false)
      then 'pin: digit 4 does not match gender and century of birth'
    ${correct.pinYearDigits ? sql`when substr(pin, 5, 2) <> substr(${birth}, 3, 2) then 'pin: digits 5-6 do not match the birth year'` : sql``}
  end`

  const missing = complete.mandatory.map(
    (name) => sql`when coalesce(btrim(${field(name)}), '') = '' then ${literal(`missing: ${name}`)}`,
  )
  const completeSql = sql`case
    ${sql.join(missing, sql` `)}
    ${complete.marriedNeedsSpouse ? sql`when ${field('maritalStatus')} = 'married' and coalesce(${field('spousePin')}, '') = '' then 'married without spousePin'` : sql``}
  end`

  const unnormalised = clean.namesNormalised.map(
    (name) => sql`when ${field(name)} <> btrim(${field(name)}) or ${field(name)} ~ '[[:space:]]{2}'
      or not (${field(name)} is nfc normalized) then ${literal(`${name}: not trimmed or not NFC-normalised`)}`,
  )
  const cleanSql = sql`case
    when dup > 1 then ${literal(`duplicate (${clean.duplicateKey.join(', ')})`)}
    ${sql.join(unnormalised, sql` `)}
  end`

  const verified = sql`greatest(to_char(valid_from, 'YYYY-MM-DD'),
    case when ${field('verifiedOn')} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then ${field('verifiedOn')} end)`
  const liveSql = sql`case
    when ${field('deceased')} = 'true' then null
    when ${verified} < to_char(current_date - make_interval(years => ${live.maxAgeYears}), 'YYYY-MM-DD')
      then 'not updated or verified since ' || ${verified}
  end`

  // Empty values are the complete principle's concern, not this one's.
  const present = (name: string) => sql`coalesce(${field(name)}, '') <> ''`
  const unifiedSql = sql`case
    when ${present('communeCode')} and unit_province is null then 'communeCode: not an administrative unit'
    when ${present('communeCode')} and unit_province <> coalesce(${field('provinceCode')}, '')
      then 'communeCode: not in provinceCode'
    when ${present('nationality')} and ${field('nationality')} not in (${list(unified.nationalities)})
      then 'nationality: not in the dictionary'
    when ${present('ethnicity')} and ${field('ethnicity')} not in (${list(unified.ethnicities)})
      then 'ethnicity: not in the dictionary'
  end`

  return { correct: correctSql, complete: completeSql, clean: cleanSql, live: liveSql, unified: unifiedSql }
}

export interface QualityScope {
  provinceCode?: string
  communeCode?: string
}

/** Checks the scope names real units (and a commune of the given province). */
export function checkScope(scope: QualityScope): { provinceCode: string | null; communeCode: string | null } {
  const units = adminUnits()
  const provinceCode = scope.provinceCode ?? null
  const communeCode = scope.communeCode ?? null
  if (provinceCode !== null && !units.provinces.has(provinceCode)) throw invalidUnit('provinceCode')
  if (communeCode !== null) {
    const of = units.provinceOf.get(communeCode)
    if (!of || (provinceCode !== null && of !== provinceCode)) throw invalidUnit('communeCode')
  }
  return { provinceCode, communeCode }
}

/**
 * The population registry measured against the programme's principles — correct, complete (sufficient),
 * clean, live, unified — over the current records of a province, a commune or the whole country:
 * per principle how many records were checked, how many fail, and up to 20 failing pins with the
 * reason. One statement; the counting happens in the database.
 */
export async function dataQualityReport(db: Db, scope: QualityScope = {}): Promise<QualityReport> {
  const checked = checkScope(scope)
  const rules = qualityRules()
  const r = reasons(rules)
  const units = JSON.stringify(Object.fromEntries(adminUnits().provinceOf))
  const filters = [sql`valid_to is null`]
  if (checked.provinceCode) filters.push(sql`province_code = ${checked.provinceCode}`)
  if (checked.communeCode) filters.push(sql`commune_code = ${checked.communeCode}`)
  // Duplicates: one text key per record (nulls included) and a hash aggregate, not a sort of every row.
  const key = sql`json_build_array(${sql.join(
    rules.clean.duplicateKey.map((name) => field(name)),
    sql`, `,
  )})::text`
  const columns = sql.raw(
    recordFields(rules)
      .map((name) => `"${name}" text`)
      .join(', '),
  )
  const [row] = await rowsOf<{
    counts: Record<string, number>
    samples: { p: Principle; pin: string; reason: string }[] | null
  }>(
    db,
    sql`with units as (
      select key as commune, value as province from jsonb_each_text(${units}::jsonb)
    ), cur as materialized (
      select p.pin, p.valid_from, f.*, ${key} as dup_key
      from population_records p cross join lateral jsonb_to_record(p.data) as f(${columns})
      where ${sql.join(filters, sql` and `)}
    ), dups as (
      select dup_key, count(*) as dup from cur group by dup_key having count(*) > 1
    ), r as materialized (
      select f.pin, ${r.correct} as correct, ${r.complete} as complete, ${r.clean} as clean,
             ${r.live} as live, ${r.unified} as unified
      from cur f
      left join dups on dups.dup_key = f.dup_key
      left join (select province as unit_province, commune from units) u on u.commune = f."communeCode"
    ), failing as (
      select v.p, r.pin, v.reason, row_number() over (partition by v.p order by r.pin) as n
      from r cross join lateral (values ('correct', r.correct), ('complete', r.complete), ('clean', r.clean),
        ('live', r.live), ('unified', r.unified)) as v(p, reason)
      where v.reason is not null
    )
    select
      (select json_build_object('checked', count(*), 'correct', count(correct), 'complete', count(complete),
         'clean', count(clean), 'live', count(live), 'unified', count(unified)) from r) as counts,
      (select json_agg(json_build_object('p', p, 'pin', pin, 'reason', reason) order by p, pin)
         from failing where n <= ${SAMPLES}) as samples`,
  )
  const counts = row?.counts ?? {}
  const samples = row?.samples ?? []
  const total = Number(counts.checked ?? 0)
  const principles = Object.fromEntries(
    PRINCIPLES.map((p) => [
      p,
      {
        checked: total,
        failing: Number(counts[p] ?? 0),
        samples: samples.filter((s) => s.p === p).map(({ pin, reason }) => ({ pin, reason })),
      },
    ]),
  ) as QualityReport['principles']
  return { scope: checked, rulesEffectiveFrom: rules.effectiveFrom, principles }
}
