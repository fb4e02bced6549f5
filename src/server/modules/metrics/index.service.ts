import type { Db } from '../../db'
import { badRequest } from '../../errors'
import { agencyTree } from '../identity/service'
import { type Counts, countsOn, currentRefresh, ratio, scopeOf } from './counts.service'
import { type IndicatorDefinition, indexDefinition, NO_DOSSIERS_HERE, NO_RECORDS_YET } from './definitions'
import { unknownIndicator } from './errors'
import type { IndexGroup, IndexIndicator, IndexRanking, Lang, ServiceIndex } from './types'

/** The service-quality index of one agency or province (public: aggregates, no personal data). */
export async function serviceIndex(db: Db, scopeId: string, lang: Lang): Promise<ServiceIndex> {
  const scope = await scopeOf(db, scopeId, lang)
  const refresh = await currentRefresh(db)
  const counts = (await countsOn(db, refresh.day, [scope.agency.id], scope.rootId)).get(scope.agency.id)!
  return { asOf: refresh.asOf.toISOString(), scope: scope.ref, ...scoreOf(counts, lang) }
}

/**
 * Provinces ranked by their index, or the agencies right below a scope. Ranked by the share of
 * the points they could earn on what Sen measures, so that an agency is not ranked down for a
 * figure nobody can measure yet.
 */
export async function indexRanking(
  db: Db,
  query: { level: 'province' | 'agency'; scope?: string },
  lang: Lang,
): Promise<IndexRanking> {
  const refresh = await currentRefresh(db)
  const tree = await agencyTree(db)
  const root = tree.find((a) => a.parentId === null)!
  if (query.level === 'agency' && !query.scope)
    throw badRequest(
      'SCOPE_REQUIRED',
      { vi: 'Hãy chọn cơ quan cấp trên.', en: 'Choose the agency above.' },
      'scope',
    )
  const parent = query.level === 'agency' ? (await scopeOf(db, query.scope!)).agency.id : undefined
  const agencies = tree.filter((a) => (parent ? a.parentId === parent : a.level === 'province'))
  const counts = await countsOn(
    db,
    refresh.day,
    agencies.map((a) => a.id),
    root.id,
  )
  const rows = agencies.map((a) => {
    const c = counts.get(a.id)!
    const score = scoreOf(c, lang)
    return {
      id: a.id,
      name: lang === 'en' && a.nameEn ? a.nameEn : a.name,
      points: score.points,
      measuredMaxPoints: score.measuredMaxPoints,
      groups: Object.fromEntries(score.groups.map((g) => [g.id, g.points])),
      dossiers: c['dossiers.total'] ?? 0,
    }
  })
  // Most of the index is about dossiers: an agency that has received none yet comes after all that have.
  const share = (r: (typeof rows)[number]) => (r.measuredMaxPoints > 0 ? r.points / r.measuredMaxPoints : 0)
  rows.sort(
    (a, b) =>
      Number(b.dossiers > 0) - Number(a.dossiers > 0) ||
      share(b) - share(a) ||
      b.dossiers - a.dossiers ||
      a.id.localeCompare(b.id),
  )
  return {
    asOf: refresh.asOf.toISOString(),
    level: query.level,
    rows: rows.map((r, i) => ({ rank: i + 1, ...r })),
  }
}

export function indicatorById(id: string): IndicatorDefinition {
  for (const group of indexDefinition().groups) {
    const found = group.indicators.find((i) => i.id === id)
    if (found) return found
  }
  throw unknownIndicator()
}

function scoreOf(counts: Counts, lang: Lang): Pick<ServiceIndex, 'points' | 'measuredMaxPoints' | 'groups'> {
  const groups: IndexGroup[] = indexDefinition().groups.map((group) => {
    const indicators = group.indicators.map((i) => indicatorFigure(i, counts, lang))
    const measured = indicators.filter((i) => i.points !== null)
    return {
      id: group.id,
      name: lang === 'en' ? group.nameEn : group.name,
      maxPoints: group.maxPoints,
      points: round(measured.reduce((sum, i) => sum + i.points!, 0)),
      measuredMaxPoints: measured.reduce((sum, i) => sum + i.maxPoints, 0),
      indicators,
    }
  })
  return {
    points: round(groups.reduce((sum, g) => sum + g.points, 0)),
    measuredMaxPoints: groups.reduce((sum, g) => sum + g.measuredMaxPoints, 0),
    groups,
  }
}

function indicatorFigure(indicator: IndicatorDefinition, counts: Counts, lang: Lang): IndexIndicator {
  let value: number | null = null
  let numerator: number | null = null
  let denominator: number | null = null
  const unused = indicator.needsDossiers === true && !((counts['dossiers.total'] ?? 0) > 0)
  if (unused) {
    // Not measured: left as null.
  } else if (indicator.numerator && indicator.denominator) {
    const r = ratio(counts, indicator.numerator, indicator.denominator)
    ;({ numerator, denominator } = r)
    // A ratio above 1 (faster than the law asks) is as good as 1.
    value = r.value === null ? null : Math.min(1, r.value)
  } else if (indicator.oneMinus) {
    const parts = indicator.oneMinus.map(([n, d]) => ratio(counts, n, d).value)
    if (parts.some((p) => p !== null))
      value = Math.max(0, 1 - parts.reduce<number>((sum, p) => sum + (p ?? 0), 0))
  }
  return {
    id: indicator.id,
    name: lang === 'en' ? indicator.nameEn : indicator.name,
    maxPoints: indicator.maxPoints,
    points: value === null ? null : round(indicator.maxPoints * Math.min(1, value / indicator.threshold)),
    value,
    numerator,
    denominator,
    threshold: indicator.threshold,
    method: indicator.method[lang],
    missing:
      value === null ? (unused ? NO_DOSSIERS_HERE : (indicator.missing ?? NO_RECORDS_YET))[lang] : null,
  }
}

const round = (x: number) => Math.round(x * 100) / 100
