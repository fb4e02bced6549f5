import type { Lang } from '../../i18n/language'
import type { DatasetView, FrequencyCode, Quality } from './types'

// A metadata quality score in the manner of udata's: each check has a weight, the score is the
// weights passed; the checks marked `standard` are the national metadata standard that the
// `data.open` target counts.

/** How many days may pass between refreshes before the update frequency counts as not kept. */
const REFRESH_WITHIN_DAYS: Partial<Record<FrequencyCode, number>> = {
  CONT: 2,
  DAILY: 2,
  WEEKLY: 9,
  MONTHLY: 38,
  QUARTERLY: 100,
  ANNUAL_2: 195,
  ANNUAL: 380,
}

/** The shortest description that tells a reader what the data is, where and how it was gathered. */
export const DESCRIPTION_MIN = 100

interface Check {
  id: string
  weight: number
  standard: boolean
  passed: (dataset: DatasetView, now: Date) => boolean
  fix: Record<Lang, string>
}

const CHECKS: Check[] = [
  {
    id: 'description',
    weight: 15,
    standard: true,
    passed: (d) => d.description.vi.trim().length >= DESCRIPTION_MIN,
    fix: {
      vi: `Viết mô tả tiếng Việt từ ${DESCRIPTION_MIN} ký tự: dữ liệu là gì, thu thập thế nào, phạm vi ra sao.`,
      en: `Write a Vietnamese description of at least ${DESCRIPTION_MIN} characters: what the data is, how it is collected, what it covers.`,
    },
  },
  {
    id: 'english',
    weight: 5,
    standard: false,
    passed: (d) => Boolean(d.title.en?.trim() && d.description.en?.trim()),
    fix: { vi: 'Thêm tên và mô tả bằng tiếng Anh.', en: 'Add an English title and description.' },
  },
  {
    id: 'licence',
    weight: 10,
    standard: true,
    passed: (d) => Boolean(d.licenceId),
    fix: { vi: 'Chọn một giấy phép mở.', en: 'Choose an open licence.' },
  },
  {
    id: 'update_frequency',
    weight: 10,
    standard: true,
    passed: (d) => d.accrualPeriodicity !== 'UNKNOWN',
    fix: { vi: 'Cho biết tần suất cập nhật.', en: 'Say how often the data is updated.' },
  },
  {
    id: 'update_frequency_kept',
    weight: 15,
    standard: false,
    passed: (d, now) => {
      const within = REFRESH_WITHIN_DAYS[d.accrualPeriodicity]
      if (!within) return d.accrualPeriodicity !== 'UNKNOWN'
      const last = Math.max(...d.distributions.map((x) => Date.parse(x.modified)), 0)
      return last > 0 && now.getTime() - last <= within * 86_400_000
    },
    fix: {
      vi: 'Cập nhật dữ liệu đúng tần suất đã công bố.',
      en: 'Refresh the data as often as the stated frequency says.',
    },
  },
  {
    id: 'resources_reachable',
    weight: 15,
    standard: true,
    passed: (d) => d.distributions.some((x) => x.byteSize !== null && x.checksumSha256 !== null),
    fix: {
      vi: 'Tải lên dữ liệu (tệp CSV) để có tệp tải về.',
      en: 'Upload the data (a CSV file) so that there is a file to download.',
    },
  },
  {
    id: 'temporal_coverage',
    weight: 10,
    standard: false,
    passed: (d) => d.temporal.start !== null,
    fix: {
      vi: 'Cho biết dữ liệu bao quát từ ngày nào đến ngày nào.',
      en: 'Give the period the data covers.',
    },
  },
  {
    id: 'spatial_coverage',
    weight: 10,
    standard: false,
    passed: (d) => d.spatial.length > 0,
    fix: {
      vi: 'Cho biết phạm vi địa lý (cả nước, tỉnh hoặc xã).',
      en: 'Give the area it covers (the whole country, provinces or communes).',
    },
  },
  {
    id: 'themes',
    weight: 5,
    standard: true,
    passed: (d) => d.themes.length > 0,
    fix: { vi: 'Chọn ít nhất một chủ đề.', en: 'Choose at least one theme.' },
  },
  {
    id: 'contact_point',
    weight: 5,
    standard: true,
    passed: (d) => d.contactPoint !== null,
    fix: {
      vi: 'Cho biết đầu mối liên hệ (tên và thư điện tử).',
      en: 'Give a contact point (a name and an e-mail address).',
    },
  },
]

/** The checks a dataset must pass to be published at all (the others only lower its score). */
export const PUBLISH_REQUIRES = ['licence', 'resources_reachable'] as const

export function qualityOf(dataset: DatasetView, lang: Lang, now = new Date()): Quality {
  const checks = CHECKS.map((check) => {
    const passed = check.passed(dataset, now)
    return { id: check.id, weight: check.weight, passed, fix: passed ? null : check.fix[lang] }
  })
  const score = checks.reduce((sum, check) => sum + (check.passed ? check.weight : 0), 0)
  const meetsStandard = CHECKS.every((check, i) => !check.standard || checks[i]!.passed)
  return { score, meetsStandard, checks }
}
