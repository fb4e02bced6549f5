import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors'

export const procedureNotFound = (code: string) =>
  notFound({ vi: `thủ tục hành chính mã ${code}`, en: `Procedure ${code}` })

export const procedureVersionNotFound = () =>
  notFound({ vi: 'phiên bản thủ tục hành chính', en: 'Procedure version' })

export const invalidFormSchema = (field: string, detail: string) =>
  badRequest(
    'CATALOG_INVALID_FORM_SCHEMA',
    {
      vi: `Biểu mẫu (JSON Schema) không hợp lệ tại “${field}”: ${detail}`,
      en: `The form's JSON Schema is invalid at "${field}": ${detail}`,
    },
    field,
  )

export const invalidXSource = (field: string, value: unknown) =>
  badRequest(
    'CATALOG_INVALID_X_SOURCE',
    {
      vi: `Nguồn dữ liệu x-source “${String(value)}” tại “${field}” không đúng quy ước <registry>.<subject>.<attribute>.`,
      en: `The x-source "${String(value)}" at "${field}" does not follow <registry>.<subject>.<attribute>.`,
    },
    field,
  )

export const unknownTerm = (field: string, value: string) =>
  badRequest(
    'CATALOG_UNKNOWN_VALUE',
    {
      vi: `Giá trị “${value}” của trường “${field}” không có trong danh mục.`,
      en: `"${value}" is not a known value for "${field}".`,
    },
    field,
  )

export const invalidProcedure = (field: string, text: { vi: string; en: string }) =>
  badRequest('CATALOG_INVALID_PROCEDURE', text, field)

export const versionConflict = (code: string) =>
  conflict(
    'CATALOG_VERSION_CONFLICT',
    {
      vi: `Một phiên bản khác của thủ tục ${code} vừa được tạo. Hãy thử lại.`,
      en: `Another version of procedure ${code} was created at the same moment. Try again.`,
    },
    'code',
  )

export const transitionNotAllowed = (action: string, status: string) =>
  new AppError(409, 'WORKFLOW_TRANSITION_NOT_ALLOWED', {
    vi: `Không thể thực hiện thao tác “${action}” khi hồ sơ đang ở trạng thái “${status}”.`,
    en: `The action "${action}" is not possible while the dossier is "${status}".`,
  })

export const unknownAction = (action: string) =>
  new AppError(
    409,
    'WORKFLOW_UNKNOWN_ACTION',
    {
      vi: `Quy trình không có thao tác “${action}”.`,
      en: `The workflow has no action "${action}".`,
    },
    'action',
  )

export const noPreviousState = (action: string) =>
  new AppError(409, 'WORKFLOW_NO_PREVIOUS_STATE', {
    vi: `Không xác định được trạng thái trước đó để quay lại sau thao tác “${action}”.`,
    en: `The state to return to after "${action}" is not known.`,
  })

/** The action exists and fits the state, but none of the caller's roles may take it. */
export const actionForbidden = () => forbidden()

/** The action fits the state, but not the step inside it (approval before the hand-over, a second hand-over). */
export const stageNotAllowed = (
  action: string,
  stage: { name: string; nameEn: string } | null,
  needed: { name: string; nameEn: string } | null,
) =>
  new AppError(
    409,
    'WORKFLOW_STAGE_NOT_ALLOWED',
    needed
      ? {
          vi: `Thao tác “${action}” chỉ thực hiện được khi hồ sơ ở bước “${needed.name}”.`,
          en: `The action "${action}" is possible only while the dossier is at the step "${needed.nameEn}".`,
        }
      : {
          vi: `Không thể thực hiện thao tác “${action}” khi hồ sơ đang ở bước “${stage?.name}”.`,
          en: `The action "${action}" is not possible while the dossier is at the step "${stage?.nameEn}".`,
        },
    'action',
  )

/** A payment request on a dossier with nothing to pay. */
export const noFeeDue = () =>
  new AppError(409, 'NO_FEE_DUE', {
    vi: 'Thủ tục này không thu phí, lệ phí.',
    en: 'This procedure charges no fee.',
  })
