import { AppError } from '../../errors'

export const masterKeyMissing = () =>
  new AppError(500, 'SIGNING_MASTER_KEY_MISSING', {
    vi: 'Chưa cấu hình khóa chủ ký số: đặt SEN_SIGNING_MASTER_KEY (bắt buộc khi chạy production) hoặc dùng HSM.',
    en: 'No signing master key: set SEN_SIGNING_MASTER_KEY (required in production) or configure an HSM key holder.',
  })

export const masterKeyTooShort = () =>
  new AppError(500, 'SIGNING_MASTER_KEY_TOO_SHORT', {
    vi: 'Khóa chủ ký số (SEN_SIGNING_MASTER_KEY) phải dài ít nhất 32 ký tự ngẫu nhiên.',
    en: 'The signing master key (SEN_SIGNING_MASTER_KEY) must be at least 32 random characters.',
  })

export const masterKeyWrong = () =>
  new AppError(500, 'SIGNING_MASTER_KEY_WRONG', {
    vi: 'Không giải mã được khóa ký: khóa chủ ký số không khớp với khóa đã dùng khi tạo.',
    en: 'A signing key cannot be decrypted: the master key is not the one it was created with.',
  })

export const noActiveKey = (ownerType: string, ownerId: string) =>
  new AppError(409, 'SIGNING_NO_ACTIVE_KEY', {
    vi: `Không có khóa ký còn hiệu lực cho ${ownerType} ${ownerId}.`,
    en: `There is no valid signing key for ${ownerType} ${ownerId}.`,
  })

export const keyNotFound = () =>
  new AppError(404, 'SIGNING_KEY_NOT_FOUND', {
    vi: 'Không tìm thấy khóa ký.',
    en: 'Signing key not found.',
  })

export const notAPdf = () =>
  new AppError(400, 'NOT_A_PDF', {
    vi: 'Nội dung gửi lên không phải tệp PDF.',
    en: 'The body is not a PDF file.',
  })

export const pdfExpected = () =>
  new AppError(415, 'PDF_EXPECTED', {
    vi: 'Hãy gửi tệp PDF với Content-Type: application/pdf.',
    en: 'Send the PDF file with Content-Type: application/pdf.',
  })

export const pdfNotSignable = (why: string) =>
  new AppError(422, 'PDF_NOT_SIGNABLE', {
    vi: `Không thể ký tệp PDF này: ${why}`,
    en: `This PDF cannot be signed: ${why}`,
  })
