import { AppError } from '../../errors'

export const dossierNotFound = () =>
  new AppError(404, 'DOSSIER_NOT_FOUND', { vi: 'Không tìm thấy hồ sơ.', en: 'Dossier not found.' })

/** The IETF draft on the Idempotency-Key header: a key reused with another payload is a 422. */
export const idempotencyKeyReused = () =>
  new AppError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    {
      vi: 'Khóa Idempotency-Key này đã được dùng cho một hồ sơ khác nội dung. Hãy dùng khóa mới cho hồ sơ mới.',
      en: 'This Idempotency-Key was already used with a different request. Use a new key for a new application.',
    },
    'idempotency-key',
  )

export const notAnApplicant = () =>
  new AppError(403, 'NOT_AN_APPLICANT', {
    vi: 'Chỉ công dân hoặc doanh nghiệp mới nộp hồ sơ trực tuyến.',
    en: 'Only citizens and businesses file applications online.',
  })

export const prefillTampered = (field: string) =>
  new AppError(
    422,
    'PREFILL_TAMPERED',
    {
      vi: `Trường “${field}” lấy từ cơ sở dữ liệu quốc gia và không được sửa.`,
      en: `Field "${field}" comes from the national registry and cannot be changed.`,
    },
    field,
  )

export const formInvalid = (field: string, vi: string, en: string) =>
  new AppError(400, 'FORM_INVALID', { vi, en }, field)

export const documentRequired = (requirement: string, name: { vi: string; en: string }) =>
  new AppError(
    400,
    'DOCUMENT_REQUIRED',
    { vi: `Thiếu giấy tờ bắt buộc: ${name.vi}.`, en: `A required document is missing: ${name.en}.` },
    `documents.${requirement}`,
  )

export const documentNotAccepted = (requirement: string) =>
  new AppError(
    400,
    'DOCUMENT_NOT_ACCEPTED',
    {
      vi: 'Loại giấy tờ này không đáp ứng yêu cầu của thủ tục.',
      en: 'This kind of document does not meet the requirement.',
    },
    `documents.${requirement}`,
  )

export const unknownRequirement = (requirement: string) =>
  new AppError(
    400,
    'UNKNOWN_REQUIREMENT',
    { vi: 'Thủ tục không yêu cầu giấy tờ này.', en: 'The procedure asks for no such document.' },
    `documents.${requirement}`,
  )

export const consentMissing = () =>
  new AppError(
    400,
    'CONSENT_REQUIRED',
    {
      vi: 'Hồ sơ dùng dữ liệu của người khác (ví dụ vợ/chồng): cần xác nhận đồng ý trước khi nộp.',
      en: 'The application uses another person’s data (a spouse, say): confirm consent before filing.',
    },
    'consent',
  )

export const reasonRequired = () =>
  new AppError(400, 'REASON_REQUIRED', { vi: 'Cần ghi rõ lý do.', en: 'A reason is required.' }, 'note')

export const noCompetentAgency = () =>
  new AppError(409, 'NO_COMPETENT_AGENCY', {
    vi: 'Không xác định được cơ quan có thẩm quyền giải quyết cho nơi cư trú của bạn.',
    en: 'No competent agency could be found for your place of residence.',
  })

export const notInRegistry = () =>
  new AppError(409, 'NOT_IN_REGISTRY', {
    vi: 'Không tìm thấy thông tin của bạn trong cơ sở dữ liệu quốc gia.',
    en: 'Your record was not found in the national registry.',
  })

export const alreadyRated = () =>
  new AppError(409, 'ALREADY_RATED', {
    vi: 'Hồ sơ này đã được đánh giá.',
    en: 'This dossier has been rated already.',
  })

export const attachedDocumentNotFound = () =>
  new AppError(404, 'DOCUMENT_NOT_FOUND', {
    vi: 'Hồ sơ không có giấy tờ này.',
    en: 'The dossier has no such document.',
  })

const LEVEL_NAMES = {
  province: { vi: 'tỉnh, thành phố', en: 'province' },
  commune: { vi: 'xã, phường, đặc khu', en: 'commune' },
}

export const unknownAdminUnit = (field: string, level: 'province' | 'commune', code: string) =>
  new AppError(
    400,
    'UNKNOWN_ADMIN_UNIT',
    {
      vi: `Không có ${LEVEL_NAMES[level].vi} mã “${code}”: hãy chọn trong danh sách.`,
      en: `There is no ${LEVEL_NAMES[level].en} with code "${code}": choose one from the list.`,
    },
    field,
  )

export const communeOutsideProvince = (
  field: string,
  commune: { code: string; title: string },
  province: { code: string; title: string },
) =>
  new AppError(
    400,
    'COMMUNE_NOT_IN_PROVINCE',
    {
      vi: `${commune.title} (${commune.code}) không thuộc ${province.title}: hãy chọn xã, phường, đặc khu của tỉnh, thành phố đã chọn.`,
      en: `${commune.title} (${commune.code}) is not in ${province.title} (${province.code}): choose a commune of the chosen province.`,
    },
    field,
  )

/** The procedure asks, by law, for a national e-identity login of a level this session does not have. */
export const assuranceTooLow = (required: { level: number; basis: string; basisEn: string }, had: number) =>
  new AppError(403, 'ASSURANCE_TOO_LOW', {
    vi: `Thủ tục này cần đăng nhập bằng tài khoản định danh điện tử mức ${required.level} (${required.basis}); phiên này ${had === 0 ? 'đăng nhập bằng mật khẩu' : `ở mức ${had}`}. Hãy đăng nhập bằng VNeID.`,
    en: `This procedure needs a login with a level ${required.level} national e-identity account (${required.basisEn}); this session ${had === 0 ? 'logged in with a password' : `is at level ${had}`}. Log in with VNeID.`,
  })
