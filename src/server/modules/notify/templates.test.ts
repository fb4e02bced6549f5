import { describe, expect, it } from 'vitest'
import { renderTemplate, renderTemplateLocalised, TEMPLATES, type TemplateKey } from './templates'

const params = {
  code: 'H01.01-250101-0001',
  procedure: 'Đăng ký khai sinh',
  dueDate: '05/01/2026',
  reason: 'thiếu bản sao giấy chứng sinh',
  status: 'đang thẩm định',
}

describe('notification templates', () => {
  it('has a message for every dossier state change, and a generic one', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([
      'dossier.accepted',
      'dossier.apology',
      'dossier.processed',
      'dossier.refused',
      'dossier.returned',
      'dossier.status_changed',
      'dossier.submitted',
      'dossier.supplement_requested',
    ])
  })

  it.each(Object.keys(TEMPLATES) as TemplateKey[])(
    '%s names the dossier and procedure in vi and en',
    (key) => {
      for (const locale of ['vi', 'en'] as const) {
        const { title, body } = renderTemplate(key, params, locale)
        expect(title).toContain(params.code)
        expect(body).toContain(params.code)
        expect(body).toContain(params.procedure)
        expect(`${title} ${body}`).not.toMatch(/\{\{|\}\}/)
      }
    },
  )

  it('renders Vietnamese by default, English on request', () => {
    expect(renderTemplate('dossier.accepted', params)).toEqual({
      title: 'Hồ sơ H01.01-250101-0001 đã được tiếp nhận',
      body: 'Hồ sơ H01.01-250101-0001 (thủ tục “Đăng ký khai sinh”) đã được tiếp nhận. Ngày hẹn trả kết quả: 05/01/2026.',
    })
    expect(renderTemplate('dossier.refused', params, 'en').title).toBe(
      'Application H01.01-250101-0001 refused',
    )
    expect(renderTemplateLocalised('dossier.submitted', params).title).toEqual({
      vi: 'Đã nộp hồ sơ H01.01-250101-0001',
      en: 'Application H01.01-250101-0001 submitted',
    })
  })

  it('declares every parameter its texts use', () => {
    for (const [key, template] of Object.entries(TEMPLATES)) {
      const used = new Set(
        [template.title.vi, template.title.en, template.body.vi, template.body.en].flatMap((text) =>
          [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]),
        ),
      )
      expect([...used].sort(), key).toEqual([...template.params].sort())
    }
  })

  it('refuses an unknown key or a missing parameter', () => {
    expect(() => renderTemplate('dossier.nope' as TemplateKey, params)).toThrow(/no notification template/)
    expect(() => renderTemplate('toString' as TemplateKey, params)).toThrow(/no notification template/)
    expect(() => renderTemplate('dossier.refused', { code: 'X', procedure: 'Y' })).toThrow(/reason/)
  })

  it('does not interpret placeholders inside parameters', () => {
    const { body } = renderTemplate('dossier.refused', { ...params, reason: '{{code}}' })
    expect(body).toContain('Lý do: {{code}}.')
  })
})
