import { AppError, conflict, type Localised, notFound } from '../../errors'

// The governance module's domain errors: each a status, a stable code and a message in both languages.

export const recordNotFound = (what: Localised) => notFound(what)

export const TASK: Localised = { vi: 'nhiệm vụ', en: 'Task' }
export const EXTENSION: Localised = { vi: 'đề nghị gia hạn', en: 'Extension request' }

export const taskClosed = () =>
  conflict('TASK_CLOSED', {
    vi: 'Nhiệm vụ đã được đánh giá: không thể cập nhật thêm.',
    en: 'The task has been evaluated: it takes no more updates.',
  })

export const taskNotCompleted = () =>
  conflict('TASK_NOT_COMPLETED', {
    vi: 'Chỉ đánh giá "đúng hạn" hoặc "trễ hạn" khi cơ quan chủ trì đã báo cáo hoàn thành.',
    en: 'A task is evaluated on time or late only once its lead agency has reported it completed.',
  })

export const evaluationContradicts = () =>
  new AppError(400, 'EVALUATION_CONTRADICTS_DATES', {
    vi: 'Đánh giá không khớp ngày hoàn thành và hạn: hoàn thành sau hạn là trễ hạn, trong hạn là đúng hạn.',
    en: 'The evaluation contradicts the dates: completed after the deadline is late, by the deadline on time.',
  })

export const extensionPending = () =>
  conflict('EXTENSION_PENDING', {
    vi: 'Nhiệm vụ đã có một đề nghị gia hạn đang chờ xử lý.',
    en: 'The task already has an extension request awaiting a decision.',
  })

export const extensionDecided = () =>
  conflict('EXTENSION_DECIDED', {
    vi: 'Đề nghị gia hạn này đã được xử lý.',
    en: 'This extension request has been decided already.',
  })

export const extensionNotLater = () =>
  new AppError(
    400,
    'EXTENSION_NOT_LATER',
    {
      vi: 'Hạn mới đề nghị phải sau hạn hiện tại.',
      en: 'The requested deadline must be after the current one.',
    },
    'requestedDeadline',
  )

export const dateInFuture = (field: string) =>
  new AppError(
    400,
    'DATE_IN_FUTURE',
    {
      vi: 'Ngày này chưa đến.',
      en: 'This date has not come yet.',
    },
    field,
  )

export const deadlineBeforeDocument = () =>
  new AppError(
    400,
    'DEADLINE_BEFORE_DOCUMENT',
    {
      vi: 'Hạn hoàn thành phải sau ngày ban hành văn bản giao nhiệm vụ.',
      en: 'The deadline must come after the date of the assigning document.',
    },
    'deadline',
  )

export const leadAmongCooperating = () =>
  new AppError(
    400,
    'LEAD_AMONG_COOPERATING',
    {
      vi: 'Cơ quan chủ trì không đồng thời là cơ quan phối hợp.',
      en: 'The lead agency cannot also be a cooperating agency.',
    },
    'cooperatingAgencyIds',
  )

export const notAssigner = () =>
  new AppError(403, 'NOT_ASSIGNER', {
    vi: 'Chỉ cơ quan giao, theo dõi nhiệm vụ mới đánh giá hoặc quyết định gia hạn.',
    en: 'Only the agency that assigned and follows the task evaluates it or decides on extensions.',
  })

export const STAFF: Localised = { vi: 'hồ sơ cán bộ', en: 'Staff record' }

export const staffCodeTaken = () =>
  conflict(
    'STAFF_CODE_TAKEN',
    {
      vi: 'Cơ quan đã có một cán bộ mang mã này.',
      en: 'The agency already has a staff member with this code.',
    },
    'staffCode',
  )

export const certificateDates = () =>
  new AppError(
    400,
    'CERTIFICATE_DATES',
    {
      vi: 'Chứng chỉ cần số và ngày cấp; ngày hết hạn phải sau ngày cấp.',
      en: 'A certificate needs its number and the day it was issued; it expires after that day.',
    },
    'certificateExpiresOn',
  )

export const importRefused = (problems: number) =>
  new AppError(422, 'IMPORT_REFUSED', {
    vi: `Tệp có ${problems.toLocaleString('vi-VN')} lỗi: không ghi dòng nào. Sửa các dòng được liệt kê rồi nhập lại.`,
    en: `The file has ${problems.toLocaleString('en-US')} problem(s): nothing was written. Fix the rows listed and import it again.`,
  })
