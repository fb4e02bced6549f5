import i18n, { currentLanguage } from '../i18n'

function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'vi-VN'
}

/** A share (0–1) as a percentage: "62,5%" in Vietnamese, "62.5%" in English. */
export function formatShare(value: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value)
}

/** A count or a number of points: "1.234" / "1,234", "12,5" / "12.5". */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value)
}

/** The change between two shares in percentage points, signed: "+3,2 điểm %" / "+3.2 pp"; "không đổi" for 0. */
export function formatChange(now: number, before: number): string {
  const points = Math.round((now - before) * 1000) / 10
  if (points === 0) return i18n.t('metrics.change.none')
  const sign = points > 0 ? '+' : '−'
  return i18n.t('metrics.change.points', { points: `${sign}${formatNumber(Math.abs(points))}` })
}
