import { AppError, badRequest, conflict, type Localised } from '../../../errors'

// The reporting regimes' domain errors: each a status, a stable code and a message in both languages.

export const REGIME: Localised = { vi: 'chế độ báo cáo', en: 'Reporting regime' }

export const regimeCodeTaken = () =>
  conflict(
    'REGIME_CODE_TAKEN',
    {
      vi: 'Mã chế độ báo cáo này đã được đăng ký.',
      en: 'A reporting regime with this code is registered already.',
    },
    'code',
  )

export const indicatorDuplicate = (code: string) =>
  badRequest(
    'INDICATOR_DUPLICATE',
    { vi: `Mã chỉ tiêu "${code}" bị lặp.`, en: `The indicator code "${code}" is repeated.` },
    'indicators',
  )

export const sourceTypeMismatch = (code: string) =>
  badRequest(
    'SOURCE_TYPE_MISMATCH',
    {
      vi: `Chỉ tiêu "${code}" lấy số liệu của Sen (số đếm) nên phải có kiểu số nguyên.`,
      en: `The indicator "${code}" takes one of Sen's figures (a count), so it must be an integer.`,
    },
    'indicators',
  )

export const noReporters = () =>
  badRequest(
    'NO_REPORTERS',
    {
      vi: 'Không có cơ quan nào thuộc các cấp báo cáo đã chọn trực thuộc cơ quan nhận báo cáo.',
      en: 'No agency of the chosen reporting levels lies below the receiving agency.',
    },
    'reporterLevels',
  )

export const periodInvalid = (period: string) =>
  badRequest(
    'PERIOD_INVALID',
    {
      vi: `Kỳ báo cáo không đúng dạng của chế độ (${period === 'monthly' ? 'YYYY-MM' : period === 'quarterly' ? 'YYYY-Qn' : 'YYYY'}).`,
      en: `The period is not of this regime's form (${period === 'monthly' ? 'YYYY-MM' : period === 'quarterly' ? 'YYYY-Qn' : 'YYYY'}).`,
    },
    'period',
  )

export const periodBeforeRegime = () =>
  badRequest(
    'PERIOD_BEFORE_REGIME',
    {
      vi: 'Kỳ báo cáo trước khi chế độ báo cáo có hiệu lực.',
      en: 'The period is before the regime took effect.',
    },
    'period',
  )

export const periodNotEnded = () =>
  conflict(
    'PERIOD_NOT_ENDED',
    { vi: 'Kỳ báo cáo chưa kết thúc.', en: 'The reporting period has not ended yet.' },
    'period',
  )

export const notAReporter = () =>
  badRequest(
    'NOT_A_REPORTER',
    {
      vi: 'Cơ quan này không thuộc đối tượng báo cáo của chế độ.',
      en: 'This agency does not report under this regime.',
    },
    'agencyId',
  )

export const submissionExists = () =>
  conflict('SUBMISSION_EXISTS', {
    vi: 'Cơ quan đã gửi báo cáo kỳ này.',
    en: 'The agency has submitted its report for this period already.',
  })

export const unknownIndicator = (code: string) =>
  badRequest(
    'UNKNOWN_INDICATOR',
    { vi: `Chế độ báo cáo không có chỉ tiêu "${code}".`, en: `The regime has no indicator "${code}".` },
    `values.${code}`,
  )

export const valueRequired = (code: string) =>
  badRequest(
    'VALUE_REQUIRED',
    { vi: `Chỉ tiêu "${code}" là bắt buộc.`, en: `The indicator "${code}" is required.` },
    `values.${code}`,
  )

const EXPECTED: Record<string, Localised> = {
  integer: { vi: 'một số nguyên không âm', en: 'a whole number, not negative' },
  decimal: { vi: 'một số không âm', en: 'a number, not negative' },
  percent: { vi: 'một tỷ lệ phần trăm từ 0 đến 100', en: 'a percentage from 0 to 100' },
  boolean: { vi: 'có hoặc không', en: 'yes or no' },
  text: { vi: 'một đoạn văn bản', en: 'some text' },
}

export const valueInvalid = (code: string, type: string) =>
  new AppError(
    400,
    'VALUE_INVALID',
    {
      vi: `Giá trị của chỉ tiêu "${code}" phải là ${EXPECTED[type]!.vi}.`,
      en: `The value of "${code}" must be ${EXPECTED[type]!.en}.`,
    },
    `values.${code}`,
  )
