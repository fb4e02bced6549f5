import { describe, expect, it } from 'vitest'
import { DOSSIER_COUNTERS } from '../dossiers/service'
import { STAFF_COUNTERS } from '../governance/service'
import {
  countersInUse,
  indexDefinition,
  statusRule,
  type TargetDecision,
  targetDefinitions,
  thresholdsOn,
} from './definitions'
import { statusOf } from './programme.service'

describe('targets as dated data', () => {
  const decisions: TargetDecision[] = [
    {
      decision: '2629/QĐ-TTg',
      effectiveFrom: '2025-12-01',
      targets: { 'svc.satisfaction': { target2027: 0.95, target2030: 0.99 } },
    },
    {
      decision: '999/QĐ-TTg',
      effectiveFrom: '2027-03-01',
      targets: { 'svc.satisfaction': { target2027: 0.97, target2030: 0.99 } },
    },
  ]

  it('a later decision changes a threshold from its date, not before', () => {
    expect(thresholdsOn('2027-02-28', decisions).of('svc.satisfaction').target2027).toBe(0.95)
    expect(thresholdsOn('2027-03-01', decisions)).toMatchObject({
      decision: '999/QĐ-TTg',
      effectiveFrom: '2027-03-01',
    })
    expect(thresholdsOn('2027-03-01', decisions).of('svc.satisfaction').target2027).toBe(0.97)
  })

  it('a target a decision does not mention has no threshold, rather than a made-up one', () => {
    expect(thresholdsOn('2026-01-01', decisions).of('hr.leadership')).toEqual({
      target2027: null,
      target2030: null,
    })
  })

  it('the shipped file sets every one of the 18 targets', () => {
    const shipped = thresholdsOn('2026-06-01')
    expect(targetDefinitions()).toHaveLength(18)
    for (const t of targetDefinitions()) expect(shipped.of(t.id).target2030, t.id).not.toBeNull()
  })
})

describe('what "on track" means, as data', () => {
  it('the shipped rule: on track from 80% of the target in force, behind below; met at the target', () => {
    expect(statusRule()).toMatchObject({ onTrackFrom: 0.8, firstPeriodEnds: '2027-12-31' })
    expect(statusOf(0.95, 0.95)).toBe('met')
    expect(statusOf(0.76, 0.95)).toBe('on_track')
    expect(statusOf(0.75, 0.95)).toBe('behind')
    expect(statusOf(null, 0.95)).toBe('not_measured')
  })

  it('another threshold in the data moves the line, with no change of code', () => {
    const stricter = { ...statusRule(), onTrackFrom: 0.9 }
    expect(statusOf(0.8, 1, stricter)).toBe('behind')
    expect(statusOf(0.9, 1, stricter)).toBe('on_track')
  })
})

describe('the index definition', () => {
  it('gives 100 points in five groups, each group the sum of its indicators', () => {
    const groups = indexDefinition().groups
    expect(groups.reduce((s, g) => s + g.maxPoints, 0)).toBe(100)
    for (const g of groups)
      expect(
        g.indicators.reduce((s, i) => s + i.maxPoints, 0),
        g.id,
      ).toBe(g.maxPoints)
  })

  it('every indicator is either measured from counters or says what is missing', () => {
    for (const i of indexDefinition().groups.flatMap((g) => g.indicators))
      expect(Boolean((i.numerator && i.denominator) || i.oneMinus) !== Boolean(i.missing), i.id).toBe(true)
  })

  it('reads only counters that some module keeps', () => {
    const kept = new Set([
      ...Object.keys(DOSSIER_COUNTERS),
      ...Object.keys(STAFF_COUNTERS),
      'dossiers.allowed_hours',
      'dossiers.elapsed_hours',
      'items.total',
      'dossiers.prefilled',
      'items.reused',
      'ratings.total',
      'ratings.satisfied',
      'ratings.positive',
      'ratings.dissatisfied',
      'documents.digitised',
      'documents.reused',
      'documents.issued',
      'catalog.eligible',
      'catalog.full_online',
      'catalog.offered',
      'catalog.offered_complete',
      'catalog.offered_full',
      'catalog.offered_full_used',
      'catalog.offered_fee',
      'catalog.offered_fee_online',
      'exchange.systems',
      'exchange.systems_active',
      'proactive.essential',
      'proactive.essential_covered',
      'proactive.accepted',
      'proactive.decided',
      'tasks.assigned',
      'tasks.tracked',
      'opendata.agencies',
      'opendata.agencies_open',
      'reporting.expected',
      'reporting.on_sen',
    ])
    for (const counter of countersInUse()) expect(kept.has(counter), counter).toBe(true)
  })
})
