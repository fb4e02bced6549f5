import { AppError } from '../../errors'

export const documentNotFound = () =>
  new AppError(404, 'DOCUMENT_NOT_FOUND', { vi: 'Không tìm thấy giấy tờ.', en: 'Document not found.' })

export const documentRevoked = () =>
  new AppError(409, 'DOCUMENT_REVOKED', {
    vi: 'Giấy tờ đã bị thu hồi, không thể sử dụng.',
    en: 'This document has been revoked and cannot be used.',
  })

export const unsupportedUpload = () =>
  new AppError(415, 'UNSUPPORTED_FILE', {
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.',
    en: 'Only PDF, JPEG or PNG files are accepted.',
  })

export const uploadTooLarge = (mb: number) =>
  new AppError(413, 'FILE_TOO_LARGE', {
    vi: `Tệp vượt quá ${mb} MB.`,
    en: `The file is larger than ${mb} MB.`,
  })
