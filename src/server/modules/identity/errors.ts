import { AppError } from '../../errors'

export const invalidCredentials = () =>
  new AppError(401, 'AUTH_INVALID_CREDENTIALS', {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  })

export const totpRequired = () =>
  new AppError(
    401,
    'AUTH_TOTP_REQUIRED',
    {
      vi: 'Nhập mã xác thực 6 số từ ứng dụng xác thực của bạn.',
      en: 'Enter the 6-digit code from your authenticator app.',
    },
    'totp',
  )

export const totpInvalid = (status = 401) =>
  new AppError(
    status,
    'AUTH_TOTP_INVALID',
    { vi: 'Mã xác thực không đúng hoặc đã hết hạn.', en: 'The authentication code is wrong or has expired.' },
    'totp',
  )

/** "45 giây", "3 phút", "2 giờ": how long, in the largest unit that is at least 1. */
function duration(seconds: number): { vi: string; en: string } {
  if (seconds < 60) return { vi: `${seconds} giây`, en: `${seconds} second${seconds === 1 ? '' : 's'}` }
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return { vi: `${minutes} phút`, en: `${minutes} minute${minutes === 1 ? '' : 's'}` }
  const hours = Math.ceil(minutes / 60)
  return { vi: `${hours} giờ`, en: `${hours} hour${hours === 1 ? '' : 's'}` }
}

/** Failed logins from this address: its next attempt is checked only after `seconds` (Retry-After). */
export const loginThrottled = (seconds: number) => {
  const wait = duration(seconds)
  const error = new AppError(429, 'AUTH_THROTTLED', {
    vi: `Đăng nhập sai nhiều lần từ địa chỉ này. Vui lòng thử lại sau ${wait.vi}.`,
    en: `Too many failed logins from this address. Try again in ${wait.en}.`,
  })
  error.headers = { 'retry-after': String(seconds) }
  return error
}

export const csrfFailed = () =>
  new AppError(403, 'CSRF_FAILED', {
    vi: 'Yêu cầu thiếu mã chống giả mạo (x-csrf-token) hợp lệ. Hãy tải lại trang.',
    en: 'The request lacks a valid anti-forgery token (x-csrf-token). Reload the page.',
  })

export const totpNotForThisAccount = () =>
  new AppError(400, 'AUTH_TOTP_NOT_AVAILABLE', {
    vi: 'Xác thực hai lớp bằng ứng dụng chỉ dành cho tài khoản cán bộ.',
    en: 'Authenticator-app second factor is for officials’ accounts.',
  })

export const usernameTaken = () =>
  new AppError(
    409,
    'USERNAME_TAKEN',
    { vi: 'Tên đăng nhập đã được sử dụng.', en: 'This username is already taken.' },
    'username',
  )

export const agencyExists = () =>
  new AppError(
    409,
    'AGENCY_EXISTS',
    { vi: 'Mã cơ quan đã tồn tại.', en: 'This agency id already exists.' },
    'id',
  )

export const roleNotGrantable = (role: string) =>
  new AppError(
    403,
    'ROLE_NOT_GRANTABLE',
    {
      vi: `Bạn không thể cấp vai trò “${role}”.`,
      en: `You cannot grant the role "${role}".`,
    },
    'roles',
  )

export const vneidNotConfigured = () =>
  new AppError(404, 'VNEID_NOT_CONFIGURED', {
    vi: 'Máy chủ này chưa được kết nối với hệ thống định danh điện tử quốc gia.',
    en: 'This server is not connected to the national identity provider.',
  })

export const vneidUnavailable = (cause?: unknown) => {
  const error = new AppError(503, 'VNEID_UNAVAILABLE', {
    vi: 'Hệ thống định danh điện tử quốc gia đang không phản hồi. Vui lòng thử lại sau ít phút.',
    en: 'The national identity provider is not answering. Try again in a few minutes.',
  })
  error.cause = cause
  return error
}

export const vneidStateMismatch = () =>
  new AppError(400, 'VNEID_STATE_MISMATCH', {
    vi: 'Phản hồi đăng nhập không thuộc về phiên đăng nhập bắt đầu trên trình duyệt này. Hãy đăng nhập lại.',
    en: 'This login answer does not belong to a login started in this browser. Log in again.',
  })

export const vneidLoginNotFound = () =>
  new AppError(400, 'VNEID_LOGIN_USED_OR_EXPIRED', {
    vi: 'Phiên đăng nhập này đã được dùng hoặc đã hết hạn. Hãy đăng nhập lại.',
    en: 'This login has already been used or has expired. Log in again.',
  })

export const vneidDenied = (reason: string) =>
  new AppError(400, 'VNEID_DENIED', {
    vi: `Hệ thống định danh điện tử không xác nhận đăng nhập (${reason}).`,
    en: `The national identity provider did not confirm the login (${reason}).`,
  })

const TOKEN_PARTS: Record<string, { vi: string; en: string }> = {
  aud: { vi: 'cấp cho ứng dụng khác', en: 'issued to another application' },
  nonce: { vi: 'không thuộc phiên đăng nhập này', en: 'not issued for this login' },
  iss: { vi: 'do bên khác phát hành', en: 'issued by someone else' },
  exp: { vi: 'đã hết hạn', en: 'expired' },
  signature: { vi: 'chữ ký không hợp lệ', en: 'its signature is not valid' },
  code: { vi: 'mã xác thực bị từ chối', en: 'the authorisation code was refused' },
}

/** The provider's answer did not hold: a forged, replayed or misdirected token (401). */
export const vneidTokenInvalid = (part: string, detail: string) => {
  const what = TOKEN_PARTS[part] ?? { vi: `sai trường ${part}`, en: `wrong ${part}` }
  const error = new AppError(401, 'VNEID_TOKEN_INVALID', {
    vi: `Không chấp nhận mã định danh (ID token): ${what.vi}. Hãy đăng nhập lại.`,
    en: `The ID token is not accepted: ${what.en}. Log in again.`,
  })
  error.cause = detail
  return error
}

export const vneidClaimsMissing = () =>
  new AppError(401, 'VNEID_CLAIMS_MISSING', {
    vi: 'Hệ thống định danh không gửi đủ thông tin (số định danh cá nhân, họ tên, mức tài khoản).',
    en: 'The identity provider did not send what Sen needs (personal id number, name, account level).',
  })
