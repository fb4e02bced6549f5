import { AppError } from '../../errors'

export const notRepresenting = () =>
  new AppError(403, 'REPRESENTATION_NONE', {
    vi: 'Bạn không phải cha mẹ, người đại diện theo pháp luật hay người được ủy quyền của người (tổ chức) này.',
    en: 'You are not a parent, legal representative or authorised person of this person or business.',
  })

export const representationExpired = () =>
  new AppError(403, 'REPRESENTATION_EXPIRED', {
    vi: 'Giấy ủy quyền đã hết hạn hoặc đã bị thu hồi.',
    en: 'The authorisation has expired or was withdrawn.',
  })

export const representationOutOfScope = (procedureCode: string) =>
  new AppError(403, 'REPRESENTATION_OUT_OF_SCOPE', {
    vi: `Giấy ủy quyền không bao gồm thủ tục ${procedureCode}.`,
    en: `The authorisation does not cover procedure ${procedureCode}.`,
  })

export const cannotAuthorise = () =>
  new AppError(403, 'AUTHORISATION_NOT_ALLOWED', {
    vi: 'Chỉ công dân hoặc doanh nghiệp mới lập giấy ủy quyền.',
    en: 'Only citizens and businesses give authorisations.',
  })

export const invalidAuthorisation = (field: string, message: { vi: string; en: string }) =>
  new AppError(400, 'AUTHORISATION_INVALID', message, field)

export const authorisationNotFound = () =>
  new AppError(404, 'AUTHORISATION_NOT_FOUND', {
    vi: 'Không tìm thấy giấy ủy quyền.',
    en: 'Authorisation not found.',
  })
