import { AppError, conflict, notFound } from '../../errors'

export const datasetNotFound = () => notFound({ vi: 'bộ dữ liệu', en: 'Dataset' })
export const distributionNotFound = () => notFound({ vi: 'tệp dữ liệu', en: 'Distribution' })
export const planItemNotFound = () => notFound({ vi: 'mục kế hoạch', en: 'Plan item' })

export const slugTaken = () =>
  conflict(
    'SLUG_TAKEN',
    { vi: 'Đường dẫn (slug) này đã được bộ dữ liệu khác dùng.', en: 'Another dataset has this slug.' },
    'slug',
  )

export const unknownLicence = () =>
  new AppError(
    400,
    'UNKNOWN_LICENCE',
    {
      vi: 'Giấy phép không có trong danh sách giấy phép mở.',
      en: 'The licence is not in the list of open licences.',
    },
    'licenceId',
  )

export const badTemporal = () =>
  new AppError(
    400,
    'BAD_TEMPORAL_COVERAGE',
    { vi: 'Ngày bắt đầu phải trước ngày kết thúc.', en: 'The start date must come before the end date.' },
    'temporal',
  )

export const unknownSpatial = (code: string) =>
  new AppError(
    400,
    'UNKNOWN_SPATIAL_CODE',
    {
      vi: `Mã đơn vị hành chính ${code} không tồn tại.`,
      en: `There is no administrative unit with code ${code}.`,
    },
    'spatial',
  )

export const wrongStatus = (status: string, action: { vi: string; en: string }) =>
  conflict('WRONG_DATASET_STATUS', {
    vi: `Không thể ${action.vi} bộ dữ liệu đang ở trạng thái "${STATUS_VI[status] ?? status}".`,
    en: `A ${status} dataset cannot be ${action.en}.`,
  })

const STATUS_VI: Record<string, string> = { draft: 'nháp', published: 'đã công bố', withdrawn: 'đã thu hồi' }

export const notPublishable = (missing: string[]) =>
  conflict('NOT_PUBLISHABLE', {
    vi: `Chưa thể công bố: còn thiếu ${missing.join(', ')}.`,
    en: `The dataset cannot be published yet: it lacks ${missing.join(', ')}.`,
  })

export const madeBySen = () =>
  conflict('MADE_BY_SEN', {
    vi: 'Dữ liệu của bộ này do Sen tự tạo và cập nhật theo lịch; chỉ sửa được thông tin mô tả.',
    en: 'Sen makes and refreshes this dataset’s data on a schedule; only its metadata can be edited.',
  })

export const badCsv = (detail: { vi: string; en: string }) =>
  new AppError(400, 'BAD_CSV', {
    vi: `Tệp CSV không đọc được: ${detail.vi}`,
    en: `The CSV file cannot be read: ${detail.en}`,
  })

export const onlyLeaders = () =>
  new AppError(403, 'ONLY_LEADERS_PUBLISH', {
    vi: 'Chỉ lãnh đạo hoặc quản trị cơ quan được công bố hay thu hồi bộ dữ liệu.',
    en: 'Only a leader or an agency administrator may publish or withdraw a dataset.',
  })
