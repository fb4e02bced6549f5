import type { Localised } from '../../errors'

/**
 * An error as CKAN's Action API answers it: an HTTP status, CKAN's `__type`, and the fields of its
 * error dict (`message`, or for a Validation Error one list of messages per field). Messages are
 * localised (Vietnamese first) as CKAN localises its own; `__type` is CKAN's, for programs.
 */
export class CkanError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    readonly fields: Record<string, Localised | Localised[]>,
  ) {
    super(type)
    this.name = 'CkanError'
  }
}

export const ckanNotFound = (what?: Localised) =>
  new CkanError(404, 'Not Found Error', {
    message: what
      ? { vi: `Không tìm thấy: ${what.vi}`, en: `Not found: ${what.en}` }
      : { vi: 'Không tìm thấy', en: 'Not found' },
  })

export const ckanValidation = (errors: Record<string, Localised>) =>
  new CkanError(
    409,
    'Validation Error',
    Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, [message]])),
  )

export const missingValue = (field: string) =>
  ckanValidation({ [field]: { vi: 'Thiếu giá trị', en: 'Missing value' } })

export const ckanAuthorization = (why?: Localised) =>
  new CkanError(403, 'Authorization Error', {
    message: why
      ? { vi: `Không có quyền truy cập: ${why.vi}`, en: `Access denied: ${why.en}` }
      : { vi: 'Không có quyền truy cập', en: 'Access denied' },
  })

/** A q, fq, sort or facet.field Sen's search cannot read (Solr's "undefined field", a bad range). */
export const searchQueryError = (detail: Localised) =>
  new CkanError(400, 'Search Query Error', {
    message: {
      vi: `Truy vấn tìm kiếm không hợp lệ: ${detail.vi}`,
      en: `Search Query is invalid: ${detail.en}`,
    },
  })
