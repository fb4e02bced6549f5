import type { Db } from '../../db'
import { outsideJurisdiction, unauthenticated } from '../../errors'
import { inJurisdiction, listAgencies, type Principal, type Role } from '../identity/service'
import { type Counts, countsOn, countsSince, currentRefresh, ratio, scopeOf } from './counts.service'
import {
  NO_RECORDS_YET,
  statusRule,
  type TargetDefinition,
  targetDefinitions,
  thresholdsOn,
} from './definitions'
import { unknownTarget } from './errors'
import type { Lang, ProgrammeDashboard, TargetFigure, TargetStatus } from './types'

/** Who may open the programme below the national level: leaders and administrators, in their jurisdiction. */
const VIEWERS: Role[] = ['leader', 'agency_admin', 'system_admin']
const TREND_DAYS = 90

type Scope = Awaited<ReturnType<typeof scopeOf>>

/**
 * The nation's figures are published to everyone; a province's or an agency's only to its
 * leaders and administrators and those above them.
 */
export function canSeeScope(
  principal: Principal | null,
  agency: { parentId: string | null; path: string },
): boolean {
  if (agency.parentId === null) return true
  return (
    principal?.kind === 'official' &&
    principal.roles.some((r) => VIEWERS.includes(r)) &&
    inJurisdiction(principal, agency.path)
  )
}

export async function assertCanSee(
  db: Db,
  principal: Principal | null,
  scopeId: string,
  lang: Lang = 'vi',
): Promise<Scope> {
  const scope = await scopeOf(db, scopeId, lang)
  if (canSeeScope(principal, scope.agency)) return scope
  throw principal ? outsideJurisdiction() : unauthenticated()
}

export function targetById(id: string): TargetDefinition {
  const target = targetDefinitions().find((t) => t.id === id)
  if (!target) throw unknownTarget()
  return target
}

/** The programme for a scope: every target with its live figure, trend and the agencies below. */
export async function programmeDashboard(
  db: Db,
  principal: Principal | null,
  scopeId: string,
  lang: Lang,
): Promise<ProgrammeDashboard> {
  const scope = await assertCanSee(db, principal, scopeId, lang)
  const refresh = await currentRefresh(db)
  const children = (await listAgencies(db, { parentId: scope.agency.id, page: 1, pageSize: 1000 })).items
  const visibleChildren = children.filter((c) =>
    canSeeScope(principal, { parentId: c.parentId, path: `${scope.agency.path}${c.id}/` }),
  )
  const [counts, history] = await Promise.all([
    countsOn(db, refresh.day, [scope.agency.id, ...visibleChildren.map((c) => c.id)], scope.rootId),
    countsSince(db, scope.agency.id, scope.rootId, shiftDay(refresh.day, -TREND_DAYS)),
  ])
  const targets = targetDefinitions().map((t) =>
    targetFigure(t, counts.get(scope.agency.id)!, refresh.day, lang, scope.agency.id, history),
  )
  const rule = statusRule()
  return {
    asOf: refresh.asOf.toISOString(),
    scope: scope.ref,
    statusRule: { onTrackFrom: rule.onTrackFrom, method: rule.method[lang] },
    targets,
    children: visibleChildren.map((child) => {
      const figures = targetDefinitions().map((t) =>
        targetFigure(t, counts.get(child.id)!, refresh.day, lang, child.id, []),
      )
      return {
        id: child.id,
        name: lang === 'en' && child.nameEn ? child.nameEn : child.name,
        level: child.level,
        measured: figures.filter((f) => f.value !== null).length,
        met: figures.filter((f) => f.status === 'met').length,
      }
    }),
  }
}

function targetFigure(
  target: TargetDefinition,
  counts: Counts,
  day: string,
  lang: Lang,
  scopeId: string,
  history: { day: string; counts: Counts }[],
): TargetFigure {
  const thresholds = thresholdsOn(day)
  const { target2027, target2030 } = thresholds.of(target.id)
  const measured =
    target.numerator && target.denominator ? ratio(counts, target.numerator, target.denominator) : null
  const shareOf = (c: Counts) =>
    target.numerator && target.denominator ? ratio(c, target.numerator, target.denominator).value : null
  const trend = history.map((h) => ({ day: h.day, value: shareOf(h.counts) }))
  const monthAgoDay = shiftDay(day, -30)
  const monthAgo = [...trend].reverse().find((p) => p.day <= monthAgoDay)?.value ?? null
  return {
    id: target.id,
    name: target.name,
    nameEn: target.nameEn,
    target2027,
    target2030,
    decision: thresholds.decision,
    effectiveFrom: thresholds.effectiveFrom,
    value: measured?.value ?? null,
    numerator: measured ? measured.numerator : null,
    denominator: measured ? measured.denominator : null,
    status: statusOf(
      measured?.value ?? null,
      day <= statusRule().firstPeriodEnds ? (target2027 ?? target2030) : target2030,
    ),
    method: target.method[lang],
    missing: measured?.value != null ? null : (target.missing ?? NO_RECORDS_YET)[lang],
    source: target.source,
    recordsUrl: measured ? `/api/v1/metrics/programme/${target.id}/records?scope=${scopeId}` : null,
    monthAgo,
    trend,
    beside: target.beside
      ? {
          name: target.beside.name[lang],
          ...ratio(counts, target.beside.numerator, target.beside.denominator),
        }
      : null,
  }
}

/** Met at the target; on track from the rule's share of it (config/vn/programme-targets.json); behind below. */
export function statusOf(value: number | null, target: number | null, rule = statusRule()): TargetStatus {
  if (value === null) return 'not_measured'
  if (target === null || value >= target - 1e-9) return 'met'
  return value >= rule.onTrackFrom * target - 1e-9 ? 'on_track' : 'behind'
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The dashboard as CSV: one row per target, for spreadsheets. */
export function programmeCsv(dashboard: ProgrammeDashboard, lang: Lang): string {
  const header = [
    'id',
    'name',
    'value',
    'numerator',
    'denominator',
    'target2027',
    'target2030',
    'status',
    'asOf',
    'scope',
  ]
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v)
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = dashboard.targets.map((t) =>
    [
      t.id,
      lang === 'en' ? t.nameEn : t.name,
      t.value,
      t.numerator,
      t.denominator,
      t.target2027,
      t.target2030,
      t.status,
      dashboard.asOf,
      dashboard.scope.id,
    ]
      .map(cell)
      .join(','),
  )
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`
}
