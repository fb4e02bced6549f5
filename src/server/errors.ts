/** A text in each language Sen speaks; Vietnamese first. */
export interface Localised {
  vi: string
  en: string
}

/** A domain error: an HTTP status, a stable code for programs, and a message for people. */
export class AppError extends Error {
  /** Headers the answer carries (Retry-After on a 429). */
  headers?: Record<string, string>

  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly text: Localised,
    readonly field?: string,
  ) {
    super(text.en)
    this.name = 'AppError'
  }
}

export const notFound = (what: Localised) =>
  new AppError(404, 'NOT_FOUND', { vi: `Không tìm thấy ${what.vi}.`, en: `${what.en} not found.` })

export const unauthenticated = () =>
  new AppError(401, 'UNAUTHENTICATED', {
    vi: 'Bạn cần đăng nhập để thực hiện thao tác này.',
    en: 'You need to log in to do this.',
  })

export const forbidden = () =>
  new AppError(403, 'FORBIDDEN', {
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  })

export const outsideJurisdiction = () =>
  new AppError(403, 'OUTSIDE_JURISDICTION', {
    vi: 'Dữ liệu này thuộc cơ quan ngoài phạm vi quản lý của bạn.',
    en: 'This belongs to an agency outside your jurisdiction.',
  })

export const conflict = (code: string, text: Localised, field?: string) =>
  new AppError(409, code, text, field)

export const badRequest = (code: string, text: Localised, field?: string) =>
  new AppError(400, code, text, field)

/** Text Sen cannot take (a NUL character, a lone surrogate): `what` names the character. */
export const invalidCharacters = (what: Localised, field?: string) =>
  badRequest(
    'INVALID_CHARACTERS',
    {
      vi: `Nội dung gửi lên chứa ký tự không hợp lệ (${what.vi}).`,
      en: `The request contains a character that is not allowed (${what.en}).`,
    },
    field,
  )
