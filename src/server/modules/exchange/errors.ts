import { AppError, badRequest, conflict, type Localised, notFound } from '../../errors'

/**
 * A refusal or failure at the gateway, X-Road style: its type says whose side failed (`Client.*`: the
 * caller's request; `Server.*`: the provider's backend or the gateway), and travels in the
 * `X-Road-Error` header and the body's `type` as well as Sen's `{ error: { code, message } }`.
 */
export class GatewayError extends AppError {
  constructor(
    statusCode: number,
    readonly type: string,
    text: Localised,
    headers?: Record<string, string>,
  ) {
    super(statusCode, type, text)
    this.headers = { 'x-road-error': type, ...headers }
  }
}

const g = (status: number, type: string, vi: string, en: string, headers?: Record<string, string>) =>
  new GatewayError(status, type, { vi, en }, headers)

export const badGatewayRequest = (why: Localised) =>
  g(400, 'Client.BadRequest', `Yêu cầu không hợp lệ: ${why.vi}`, `Bad request: ${why.en}`)
export const unauthenticatedClient = (why: Localised) =>
  g(
    401,
    'Client.Unauthorized',
    `Không xác thực được hệ thống gọi: ${why.vi}`,
    `The client is not authenticated: ${why.en}`,
  )
export const replayedRequest = () =>
  g(
    409,
    'Client.ReplayedRequest',
    'Mã yêu cầu (X-Road-Id) này đã được dùng: mỗi yêu cầu cần một mã mới.',
    'This request id (X-Road-Id) has been used already: every request needs a new one.',
  )
export const unknownService = () =>
  g(
    404,
    'Server.ServerProxy.UnknownService',
    'Không có dịch vụ này trên nền tảng.',
    'There is no such service on the platform.',
  )
export const accessDenied = (why: Localised) =>
  g(
    403,
    'Client.AccessDenied',
    `Không được phép gọi dịch vụ này: ${why.vi}`,
    `Access to this service is denied: ${why.en}`,
  )
export const purposeRequired = () =>
  g(
    403,
    'Client.PurposeRequired',
    'Dịch vụ này có dữ liệu cá nhân: cần nêu mục đích (X-Road-Issue) mà quyền truy cập cho phép.',
    'This service carries personal data: the call must name a purpose (X-Road-Issue) that its grant allows.',
  )
export const purposeNotAllowed = (purpose: string) =>
  g(
    403,
    'Client.PurposeNotAllowed',
    `Quyền truy cập không cho phép mục đích "${purpose}".`,
    `The grant does not allow the purpose "${purpose}".`,
  )
export const consentMissing = () =>
  g(
    403,
    'Client.ConsentRequired',
    'Chưa có sự đồng ý còn hiệu lực của người có dữ liệu cho mục đích này (Luật 91/2025).',
    'There is no consent in force from the person concerned for this purpose (Law 91/2025).',
  )
export const rateLimited = (retryAfterSeconds: number, what: 'rate' | 'quota') =>
  g(
    429,
    what === 'rate' ? 'Client.RateLimited' : 'Client.QuotaExceeded',
    what === 'rate'
      ? `Quá số lần gọi mỗi phút của quyền truy cập. Thử lại sau ${retryAfterSeconds} giây.`
      : `Đã hết hạn mức gọi trong ngày của quyền truy cập. Thử lại sau ${retryAfterSeconds} giây.`,
    what === 'rate'
      ? `Over the grant's calls per minute. Try again in ${retryAfterSeconds} seconds.`
      : `The grant's daily quota is used up. Try again in ${retryAfterSeconds} seconds.`,
    { 'retry-after': String(retryAfterSeconds) },
  )
export const backendUnavailable = () =>
  g(
    502,
    'Server.ServerProxy.ServiceFailed',
    'Hệ thống cung cấp dịch vụ không trả lời.',
    "The provider's system does not answer.",
  )
export const logFailed = () =>
  g(
    503,
    'Server.ServerProxy.LogFailed',
    'Không ghi được nhật ký trao đổi: yêu cầu không được chuyển tiếp.',
    'The exchange could not be logged: nothing was passed on.',
  )

// Errors of the administration routes (Sen's usual `{ error }` shape).
export const memberNotFound = () => notFound({ vi: 'thành viên', en: 'Member' })
export const subsystemNotFound = () => notFound({ vi: 'phân hệ', en: 'Subsystem' })
export const serviceNotFound = () => notFound({ vi: 'dịch vụ', en: 'Service' })
export const grantNotFound = () => notFound({ vi: 'quyền truy cập', en: 'Grant' })
export const agreementNotFound = () =>
  notFound({ vi: 'thỏa thuận chia sẻ dữ liệu', en: 'Data-sharing agreement' })
export const consentNotFound = () => notFound({ vi: 'sự đồng ý', en: 'Consent' })
export const logEntryNotFound = () => notFound({ vi: 'bản ghi trao đổi', en: 'Exchange log entry' })
export const alreadyExists = (what: Localised) =>
  conflict('ALREADY_EXISTS', { vi: `${what.vi} đã có.`, en: `${what.en} exists already.` })
export const alreadyWithdrawn = () =>
  conflict('ALREADY_WITHDRAWN', {
    vi: 'Quyền truy cập này đã bị thu hồi.',
    en: 'This grant is withdrawn already.',
  })
export const notYourSubsystem = () =>
  new AppError(403, 'NOT_YOUR_SUBSYSTEM', {
    vi: 'Phân hệ này không thuộc cơ quan của bạn.',
    en: 'This subsystem does not belong to your agency.',
  })
export const expiryInPast = () =>
  badRequest(
    'EXPIRY_IN_PAST',
    { vi: 'Ngày hết hạn phải ở tương lai.', en: 'The expiry must be in the future.' },
    'expiresAt',
  )
export const badOpenApi = () =>
  badRequest(
    'BAD_OPENAPI',
    {
      vi: 'Tài liệu OpenAPI phải có "openapi" (3.x), "info" và "paths".',
      en: 'The OpenAPI document needs "openapi" (3.x), "info" and "paths".',
    },
    'openapi',
  )
export const agreementMismatch = () =>
  badRequest(
    'AGREEMENT_MISMATCH',
    {
      vi: 'Thỏa thuận không phải giữa cơ quan cung cấp và bên sử dụng của quyền này, hoặc đã hết hạn.',
      en: "The agreement is not between this grant's provider and client, or is not in force.",
    },
    'agreementId',
  )
