import { AppError } from '../../errors'

export const unknownTarget = () =>
  new AppError(404, 'TARGET_NOT_FOUND', {
    vi: 'Không có chỉ tiêu này trong Chương trình.',
    en: 'The programme has no such target.',
  })

export const unknownIndicator = () =>
  new AppError(404, 'INDICATOR_NOT_FOUND', {
    vi: 'Bộ chỉ số không có tiêu chí này.',
    en: 'The index has no such indicator.',
  })

export const notMeasured = () =>
  new AppError(404, 'NOT_MEASURED_YET', {
    vi: 'Chỉ tiêu này chưa được đo nên chưa có hồ sơ nào đứng sau.',
    en: 'This figure is not measured yet, so there are no records behind it.',
  })

export const refreshBusy = () =>
  new AppError(409, 'REFRESH_RUNNING', {
    vi: 'Số liệu đang được tính lại; vui lòng thử lại sau ít phút.',
    en: 'The figures are being recomputed already; try again in a minute.',
  })
