import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { demoProcedureFiles, lifeEvents, sectors, workflowById } from '../../country/procedures'
import { fold } from './fold'
import { checkFormSchema, localiseFormSchema, parseXSource, xSourcesOf } from './forms'
import { ProcedureInputSchema } from './routes.schema'
import { validateProcedureInput } from './versions.service'

const files = demoProcedureFiles()
const byCode = new Map(files.map((f) => [f.input.code, f.input]))
const shape = addFormats(new Ajv({ coerceTypes: false })).compile(ProcedureInputSchema)

describe('the demo catalog in config/vn/procedures', () => {
  it('holds all 24 procedures of the reference, plus the Sen-local health-insurance card', () => {
    expect(byCode.size).toBe(25)
    for (const code of [
      '1.001193',
      '1.000656',
      '1.000894',
      '1.004873',
      '2.000986',
      '2.001023',
      '1.011537',
      '1.004222',
      '1.004194',
      '1.003677',
      '2.001159',
      '1.014063',
      '1.014064',
      '3.000333',
      '1.001456',
      '3.000347',
      '1.013067',
      '1.001612',
      '1.013831',
      '1.014748',
      '3.000001',
      '1.005142',
      '2.000815',
      '2.000635',
      '9.000001',
    ]) {
      expect(byCode.has(code), code).toBe(true)
    }
  })

  it.each(files.map((f) => [f.file, f.input] as const))(
    '%s validates as an administrator’s input would',
    (file, input) => {
      expect(shape(input), JSON.stringify(shape.errors)).toBe(true)
      // The full check, compiling the form with Ajv.
      expect(() => validateProcedureInput(input)).not.toThrow()
      expect(typeof checkFormSchema(input.formSchema)).toBe('function')
      expect(workflowById(input.workflowId)).toBeDefined()
      for (const { source } of xSourcesOf(input.formSchema))
        expect(parseXSource(source), source).not.toBeNull()
      expect(file.startsWith(input.code)).toBe(true)
      // Both languages everywhere: every titled field has its English title.
      const titles = JSON.stringify(input.formSchema).match(/"title":/g)?.length ?? 0
      const english = JSON.stringify(input.formSchema).match(/"x-title-en":/g)?.length ?? 0
      expect(english).toBe(titles)
      expect(sectors().some((s) => s.id === input.sector)).toBe(true)
      for (const e of input.lifeEvents) expect(lifeEvents().some((l) => l.id === e)).toBe(true)
    },
  )

  it('birth registration: same day, free, full online, essential, prefilled parents, the hospital birth notice', () => {
    const birth = byCode.get('1.001193')!
    expect(birth).toMatchObject({
      processingDays: 0,
      fee: { amountVnd: 0 },
      onlineLevel: 'full',
      essential: true,
      resultType: 'birth-certificate',
      lifeEvents: ['birth'],
    })
    const sources = xSourcesOf(birth.formSchema).map((s) => s.source)
    expect(sources).toContain('population.father.pin')
    expect(sources).toContain('population.mother.fullName')
    // The child's data is typed by the applicant.
    expect(JSON.stringify((birth.formSchema.properties as Record<string, unknown>).child)).not.toContain(
      'x-source',
    )
    expect(birth.documents.find((d) => d.id === 'birth-notice')).toMatchObject({
      required: true,
      walletTypes: expect.arrayContaining(['birth-notice']),
    })
  })

  it('the birth bundle names its components, and the health-insurance card reuses the birth certificate', () => {
    expect(byCode.get('2.000986')).toMatchObject({
      bundle: ['1.001193', '1.004222', '9.000001'],
      onlineLevel: 'full',
      essential: true,
      processingDays: 3,
    })
    const card = byCode.get('9.000001')!
    expect(card.illustrative).toContain('code')
    expect(card.documents).toEqual([
      expect.objectContaining({ required: true, walletTypes: ['birth-certificate'] }),
    ])
  })

  it('fees in VND as the reference gives them, online amounts included', () => {
    expect(byCode.get('1.004222')!.fee).toMatchObject({ amountVnd: 20000, onlineAmountVnd: 10000 })
    expect(byCode.get('1.004194')!.fee).toMatchObject({ amountVnd: 15000, onlineAmountVnd: 7000 })
    expect(byCode.get('1.001456')!.fee.amountVnd).toBe(200000)
    expect(byCode.get('2.000815')!.fee).toMatchObject({
      amountVnd: 2000,
      perUnit: { field: 'pages', maxVnd: 200000 },
    })
    expect(byCode.get('2.000635')!.fee).toMatchObject({ amountVnd: 8000, perUnit: { field: 'copies' } })
    // The ID-card fee is halved until the end of 2026, then back to 50,000: a second, dated version.
    const renewal = files
      .filter((f) => f.input.code === '1.014063')
      .map((f) => [f.input.effectiveFrom, f.input.fee.amountVnd])
    expect(renewal).toEqual([
      ['2025-07-01', 25000],
      ['2027-01-01', 50000],
    ])
  })

  it('the essential services of the reference are flagged essential', () => {
    for (const code of [
      '1.001193',
      '1.000656',
      '1.000894',
      '2.000986',
      '1.011537',
      '1.013831',
      '1.004222',
      '1.004194',
      '1.003677',
      '2.001159',
      '1.014063',
      '1.014064',
      '3.000333',
      '1.001456',
      '3.000347',
      '1.013067',
      '3.000001',
      '1.005142',
      '1.014748',
    ]) {
      expect(byCode.get(code)!.essential, code).toBe(true)
    }
    for (const code of ['1.004873', '2.000815', '2.000635', '1.001612'])
      expect(byCode.get(code)!.essential, code).toBe(false)
  })
})

describe('x-source', () => {
  it.each([
    'population.applicant.pin',
    'population.spouse.fullName',
    'population.father.birthDate',
    'population.mother.maritalStatus',
    'business.applicant.taxCode',
    'business.applicant.representativePin',
  ])('accepts %s', (source) => {
    expect(parseXSource(source)).not.toBeNull()
  })

  it.each([
    'population.applicant',
    'population.applicant.pin.extra',
    'population.child.pin',
    'population.applicant.password',
    'business.spouse.taxCode',
    'business.applicant.pin',
    'tax.applicant.taxCode',
    '',
    42,
  ])('refuses %s', (source) => {
    expect(parseXSource(source)).toBeNull()
  })
})

describe('forms', () => {
  const schema = {
    type: 'object',
    title: 'Tờ khai',
    'x-title-en': 'Declaration',
    properties: {
      name: {
        type: 'string',
        title: 'Họ tên',
        'x-title-en': 'Full name',
        'x-source': 'population.applicant.fullName',
      },
      bad: { type: 'object', properties: { pin: { type: 'string', 'x-source': 'population.uncle.pin' } } },
    },
  }

  it('finds nested x-sources and names the field of a bad one', () => {
    expect(xSourcesOf(schema).map((s) => s.field)).toEqual([
      'formSchema.properties.name.x-source',
      'formSchema.properties.bad.properties.pin.x-source',
    ])
    expect(() => checkFormSchema(schema)).toThrow(/population\.uncle\.pin/)
  })

  it('refuses a schema Ajv cannot compile, a non-object form and remote references', () => {
    const error = (s: Record<string, unknown>) => {
      try {
        checkFormSchema(s)
      } catch (e) {
        return e as { code: string; field: string }
      }
      return null
    }
    expect(error({ type: 'object', properties: { a: { type: 'strng' } } })?.code).toBe(
      'CATALOG_INVALID_FORM_SCHEMA',
    )
    expect(error({ type: 'object', properties: { a: { minLength: -1 } } })?.code).toBe(
      'CATALOG_INVALID_FORM_SCHEMA',
    )
    expect(error({ type: 'string' })?.field).toBe('formSchema.type')
    expect(error({ type: 'object', properties: { a: { $ref: 'https://example.org/x.json' } } })?.field).toBe(
      'formSchema.properties.a.$ref',
    )
    expect(error({ type: 'object', properties: { a: { type: 'string' } } })).toBeNull()
  })

  it('shows the English titles in English and leaves the stored schema alone', () => {
    const en = localiseFormSchema(schema, 'en')
    expect(en.title).toBe('Declaration')
    expect(en.properties.name.title).toBe('Full name')
    expect(schema.properties.name.title).toBe('Họ tên')
    expect(localiseFormSchema(schema, 'vi')).toBe(schema)
  })
})

describe('Vietnamese folding for search', () => {
  it('drops diacritics and maps đ to d', () => {
    expect(fold('Đăng ký khai sinh')).toBe('dang ky khai sinh')
    expect(fold('Căn cước')).toBe('can cuoc')
    expect(fold('HỘ CHIẾU')).toBe('ho chieu')
    expect(fold('Thường trú')).toBe('thuong tru')
  })
})
