import { AppError } from '../../errors'

export const invalidPin = (field = 'pin') =>
  new AppError(
    400,
    'INVALID_PIN',
    {
      vi: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
      en: 'A personal identification number has exactly 12 digits.',
    },
    field,
  )

export const invalidTaxCode = (field = 'taxCode') =>
  new AppError(
    400,
    'INVALID_TAX_CODE',
    {
      vi: 'Mã số thuế phải gồm 10 chữ số (hoặc 13 chữ số với mã chi nhánh).',
      en: 'A tax code has 10 digits (13 with a branch suffix).',
    },
    field,
  )

export const unknownSource = (source: string) =>
  new AppError(
    400,
    'UNKNOWN_SOURCE',
    {
      vi: `Nguồn dữ liệu “${source}” không tồn tại (dạng <sổ>.<đối tượng>.<thuộc tính>).`,
      en: `Unknown data source "${source}" (expected <registry>.<subject>.<attribute>).`,
    },
    'sources',
  )

export const sourceNotApplicable = (source: string) =>
  new AppError(
    400,
    'SOURCE_NOT_APPLICABLE',
    {
      vi: `Nguồn dữ liệu “${source}” không áp dụng cho loại người nộp hồ sơ này.`,
      en: `The data source "${source}" does not apply to this kind of applicant.`,
    },
    'sources',
  )

export const purposeRequired = () =>
  new AppError(
    400,
    'PURPOSE_REQUIRED',
    {
      vi: 'Cần nêu rõ mục đích sử dụng dữ liệu (ít nhất 5 ký tự).',
      en: 'State the purpose of reading the data (at least 5 characters).',
    },
    'purpose',
  )

export const requesterRequired = () =>
  new AppError(
    400,
    'REQUESTER_REQUIRED',
    { vi: 'Cần nêu rõ ai yêu cầu dữ liệu.', en: 'Name who requests the data.' },
    'requestedBy',
  )

export const consentRequired = () =>
  new AppError(
    403,
    'CONSENT_REQUIRED',
    {
      vi: 'Cần có sự đồng ý của người liên quan trước khi sử dụng dữ liệu của họ.',
      en: 'The consent of the person concerned is required before their data is used.',
    },
    'consentBy',
  )

export const invalidUnit = (field: string) =>
  new AppError(
    400,
    'UNKNOWN_ADMIN_UNIT',
    { vi: 'Mã đơn vị hành chính không tồn tại.', en: 'No such administrative unit code.' },
    field,
  )

export const PERSON = { vi: 'công dân trong cơ sở dữ liệu dân cư', en: 'Person in the population registry' }
export const BUSINESS = {
  vi: 'doanh nghiệp trong cơ sở dữ liệu doanh nghiệp',
  en: 'Business in the business registry',
}

export const provinceNotFound = (code: string) =>
  new AppError(
    404,
    'PROVINCE_NOT_FOUND',
    { vi: `Không có tỉnh, thành phố mã ${code}.`, en: `There is no province with code ${code}.` },
    'provinceCode',
  )
