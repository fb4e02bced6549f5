import type { FeeRule } from '../catalog/service'

/** The fee of an online application: the online amount where there is one, times units where the rule counts them. */
export function feeFor(rule: FeeRule, data: Record<string, unknown>): number {
  const base = rule.onlineAmountVnd ?? rule.amountVnd
  if (!rule.perUnit) return base
  const units = Number(data[rule.perUnit.field] ?? 1)
  const total = base * (Number.isFinite(units) && units > 0 ? Math.floor(units) : 1)
  return rule.perUnit.maxVnd ? Math.min(total, rule.perUnit.maxVnd) : total
}
