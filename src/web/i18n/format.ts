import i18n, { currentLanguage } from './index'

/** Dates and times are shown in Vietnam time, whatever the browser's time zone. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh'

function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'vi-VN'
}

/** "150.000 ₫", or "Miễn phí"/"Free" for 0. */
export function formatVnd(amount: number): string {
  if (amount === 0) return i18n.t('catalog.free')
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'VND',
    maximumFractionDigits: 0,
  }).format(amount)
}

/** "Trong ngày"/"Same day" for 0, else "N ngày làm việc". */
export function formatProcessingDays(days: number): string {
  if (days === 0) return i18n.t('catalog.sameDay')
  return i18n.t('catalog.workingDays', { count: days })
}

/** dd/mm/yyyy of an instant (ISO date-time) in Vietnam time, or of a plain date (yyyy-mm-dd). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-')
    return `${d}/${m}/${y}`
  }
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleDateString(locale(), {
    timeZone: VIETNAM_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  })
}

/** "14:30, 05/03/2026" in Vietnam time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const time = date.toLocaleTimeString(locale(), {
    timeZone: VIETNAM_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
  return `${time}, ${formatDate(iso)}`
}

/** The name (vi or en) of anything with name/nameEn. */
export function pickName(item: { name: string; nameEn?: string | null }): string {
  return currentLanguage() === 'en' && item.nameEn ? item.nameEn : item.name
}

/** The national name of a dossier state ("Đã tiếp nhận"), from i18n (dossiers.states.<status>). */
export function stateName(status: string): string {
  const key = `dossiers.states.${status}`
  return i18n.exists(key) ? i18n.t(key) : status
}
