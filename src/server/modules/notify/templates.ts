import type { Localised } from '../../errors'
import type { Locale } from './types'

// Message texts are data: one entry per event, Vietnamese first, then English. `{{name}}` is replaced by
// the parameter of that name; every name a template uses must be given (see `params`).

export interface Template {
  /** The parameters the texts use; renderTemplate refuses to render without each of them. */
  params: readonly string[]
  title: Localised
  body: Localised
}

export const TEMPLATES = {
  'dossier.submitted': {
    params: ['code', 'procedure'],
    title: {
      vi: 'Đã nộp hồ sơ {{code}}',
      en: 'Application {{code}} submitted',
    },
    body: {
      vi: 'Hồ sơ {{code}} (thủ tục “{{procedure}}”) đã được gửi đến cơ quan giải quyết. Bạn sẽ nhận được thông báo khi hồ sơ được tiếp nhận.',
      en: 'Application {{code}} ("{{procedure}}") has been sent to the agency. You will be notified when it is accepted.',
    },
  },
  'dossier.accepted': {
    params: ['code', 'procedure', 'dueDate'],
    title: {
      vi: 'Hồ sơ {{code}} đã được tiếp nhận',
      en: 'Application {{code}} accepted',
    },
    body: {
      vi: 'Hồ sơ {{code}} (thủ tục “{{procedure}}”) đã được tiếp nhận. Ngày hẹn trả kết quả: {{dueDate}}.',
      en: 'Application {{code}} ("{{procedure}}") has been accepted. The result is due on {{dueDate}}.',
    },
  },
  'dossier.supplement_requested': {
    params: ['code', 'procedure', 'reason'],
    title: {
      vi: 'Hồ sơ {{code}} cần bổ sung',
      en: 'Application {{code}} needs more documents',
    },
    body: {
      vi: 'Hồ sơ {{code}} (thủ tục “{{procedure}}”) cần được bổ sung: {{reason}}. Vui lòng bổ sung để hồ sơ tiếp tục được giải quyết.',
      en: 'Application {{code}} ("{{procedure}}") needs more: {{reason}}. Please complete it so that processing can continue.',
    },
  },
  'dossier.processed': {
    params: ['code', 'procedure'],
    title: {
      vi: 'Hồ sơ {{code}} đã có kết quả',
      en: 'Application {{code}}: result ready',
    },
    body: {
      vi: 'Hồ sơ {{code}} (thủ tục “{{procedure}}”) đã được giải quyết xong. Kết quả sẽ được trả theo hình thức bạn đã chọn.',
      en: 'Application {{code}} ("{{procedure}}") has been processed. The result will be delivered the way you chose.',
    },
  },
  'dossier.returned': {
    params: ['code', 'procedure'],
    title: {
      vi: 'Đã trả kết quả hồ sơ {{code}}',
      en: 'Result of application {{code}} delivered',
    },
    body: {
      vi: 'Kết quả của hồ sơ {{code}} (thủ tục “{{procedure}}”) đã được trả và lưu vào kho dữ liệu điện tử của bạn.',
      en: 'The result of application {{code}} ("{{procedure}}") has been delivered and saved in your document wallet.',
    },
  },
  'dossier.refused': {
    params: ['code', 'procedure', 'reason'],
    title: {
      vi: 'Hồ sơ {{code}} không được giải quyết',
      en: 'Application {{code}} refused',
    },
    body: {
      vi: 'Hồ sơ {{code}} (thủ tục “{{procedure}}”) không được giải quyết. Lý do: {{reason}}.',
      en: 'Application {{code}} ("{{procedure}}") has been refused. Reason: {{reason}}.',
    },
  },
  'dossier.status_changed': {
    params: ['code', 'procedure', 'status'],
    title: {
      vi: 'Hồ sơ {{code}}: {{status}}',
      en: 'Application {{code}}: {{status}}',
    },
    body: {
      vi: 'Trạng thái hồ sơ {{code}} (thủ tục “{{procedure}}”) đã thay đổi: {{status}}.',
      en: 'The status of application {{code}} ("{{procedure}}") has changed: {{status}}.',
    },
  },
  'dossier.apology': {
    params: ['code', 'procedure', 'dueDate', 'reason'],
    title: {
      vi: 'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{code}}',
      en: 'Apology and new appointment for application {{code}}',
    },
    body: {
      vi: 'Cơ quan giải quyết xin lỗi vì hồ sơ {{code}} (thủ tục “{{procedure}}”) chưa được giải quyết đúng hẹn. Lý do: {{reason}}. Ngày hẹn trả kết quả mới: {{dueDate}}.',
      en: 'The agency apologises: application {{code}} ("{{procedure}}") was not settled on time. Reason: {{reason}}. The new appointment is {{dueDate}}.',
    },
  },
} as const satisfies Record<string, Template>

export type TemplateKey = keyof typeof TEMPLATES
export type TemplateParams = Record<string, string | number>

const PLACEHOLDER = /\{\{(\w+)\}\}/g

function templateOf(key: string, params: TemplateParams): Template {
  const template = Object.hasOwn(TEMPLATES, key) ? (TEMPLATES as Record<string, Template>)[key] : undefined
  if (!template) throw new Error(`There is no notification template "${key}"`)
  const missing = template.params.filter((name) => params[name] === undefined)
  if (missing.length > 0) throw new Error(`Template "${key}" needs the parameters ${missing.join(', ')}`)
  return template
}

const fill = (text: string, params: TemplateParams) =>
  text.replace(PLACEHOLDER, (placeholder, name: string) => String(params[name] ?? placeholder))

/** A template's title and body in one language, ready for notify(). Throws on an unknown key or a missing parameter. */
export function renderTemplate(
  key: TemplateKey,
  params: TemplateParams,
  locale: Locale = 'vi',
): { title: string; body: string } {
  const template = templateOf(key, params)
  return { title: fill(template.title[locale], params), body: fill(template.body[locale], params) }
}

/** A template's title and body in every language, for when the recipient's language is not known yet. */
export function renderTemplateLocalised(
  key: TemplateKey,
  params: TemplateParams,
): { title: Localised; body: Localised } {
  const vi = renderTemplate(key, params, 'vi')
  const en = renderTemplate(key, params, 'en')
  return { title: { vi: vi.title, en: en.title }, body: { vi: vi.body, en: en.body } }
}
