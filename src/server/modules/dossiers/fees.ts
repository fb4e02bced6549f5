import type { FeeRule } from '../catalog/service'

/** A count the form gives (pages, copies); 1 where it gives none. */
function countOf(data: Record<string, unknown>, field: string): number {
  const n = Number(data[field] ?? 1)
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1
}

/**
 * The fee of an online application, as the catalog's rule states it: the applicant's category first
 * (exempt, or its own amount), else the online amount where there is one; per unit with its tiers
 * (each unit at the price of the last tier it has reached), capped; then per copy, then the extra
 * copies. Certified copy (Circular 226/2016): 3 pages × 2 copies = (2,000 + 2,000 + 1,000) × 2.
 */
export function feeFor(rule: FeeRule, data: Record<string, unknown>): number {
  const category = rule.categories?.options.find((o) => o.value === data[rule.categories!.field])
  if (category?.exempt) return 0
  const base = category?.amountVnd ?? rule.onlineAmountVnd ?? rule.amountVnd
  let once = base
  if (rule.perUnit) {
    const units = countOf(data, rule.perUnit.field)
    const steps = [{ fromUnit: 1, amountVnd: base }, ...(rule.perUnit.tiers ?? [])].sort(
      (a, b) => a.fromUnit - b.fromUnit,
    )
    once = steps.reduce((sum, step, i) => {
      const last = Math.min(units, (steps[i + 1]?.fromUnit ?? Number.POSITIVE_INFINITY) - 1)
      return sum + step.amountVnd * Math.max(0, last - step.fromUnit + 1)
    }, 0)
    if (rule.perUnit.maxVnd !== undefined) once = Math.min(once, rule.perUnit.maxVnd)
  }
  const copies = rule.perCopy ? countOf(data, rule.perCopy.field) : 1
  const extra = rule.extraCopies
    ? rule.extraCopies.amountVnd *
      Math.max(0, countOf(data, rule.extraCopies.field) - rule.extraCopies.fromCopy + 1)
    : 0
  return once * copies + extra
}
