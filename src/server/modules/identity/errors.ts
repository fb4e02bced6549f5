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

export const accountLocked = (minutes: number) =>
  new AppError(423, 'AUTH_LOCKED', {
    vi: `Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau ${minutes} phút.`,
    en: `The account is locked after repeated failed logins. Try again in ${minutes} minutes.`,
  })

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
