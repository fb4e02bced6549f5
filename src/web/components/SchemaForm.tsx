// The catalog's form (JSON Schema) rendered with @rjsf and its Mantine theme, in the UI language.
// Loaded lazily (see LazySchemaForm.tsx): @rjsf, Ajv and @mantine/dates are only needed on the form pages.
import '@mantine/dates/styles.css'
import 'dayjs/locale/vi'
import { DatesProvider } from '@mantine/dates'
import type Form from '@rjsf/core'
import { Form as MantineForm } from '@rjsf/mantine'
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils'
import { type RefObject, useCallback, useImperativeHandle, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { JsonSchema } from '../api/citizen'
import { currentLanguage } from '../i18n'
import { CommuneWidget, ProvinceWidget } from './AdminUnitWidgets'
import { buildUiSchema, localiseSchema } from './schema'
import { validator } from './validator'

// The widgets that buildUiSchema names for fields marked `x-admin-unit`.
const WIDGETS = { adminUnitProvince: ProvinceWidget, adminUnitCommune: CommuneWidget }

export interface SchemaFormHandle {
  /** Validates the form, shows the errors beside the fields and focuses the first; true when valid. */
  validate: () => boolean
}

export interface SchemaFormProps {
  schema: JsonSchema
  uiSchema: Record<string, unknown> | null
  formData: Record<string, unknown>
  onChange: (data: Record<string, unknown>) => void
  /** Paths ("father.fullName") shown read-only with the registry note. */
  locked: string[]
  /** Server errors by field path ("child.fullName"). */
  fieldErrors?: Record<string, string>
  handle: RefObject<SchemaFormHandle | null>
  idPrefix?: string
}

function toErrorSchema(errors: Record<string, string>): ErrorSchema {
  const out: Record<string, unknown> = {}
  for (const [path, message] of Object.entries(errors)) {
    let node = out
    for (const key of path.split('.')) {
      node[key] ??= {}
      node = node[key] as Record<string, unknown>
    }
    node.__errors = [message]
  }
  return out as ErrorSchema
}

export default function SchemaForm({
  schema,
  uiSchema,
  formData,
  onChange,
  locked,
  fieldErrors,
  handle,
  idPrefix = 'form',
}: SchemaFormProps) {
  const { t } = useTranslation()
  const lang = currentLanguage()
  const formRef = useRef<Form>(null)

  const localised = useMemo(() => {
    const copy = { ...localiseSchema(schema, lang) }
    // The page already shows the procedure's name and description: not a second time inside the form.
    delete copy.title
    delete copy.description
    return copy as RJSFSchema
  }, [schema, lang])
  const ui = useMemo(
    () => buildUiSchema(localised, uiSchema, locked, t('apply.fromRegistry')) as UiSchema,
    [localised, uiSchema, locked, t],
  )
  const extraErrors = useMemo(() => (fieldErrors ? toErrorSchema(fieldErrors) : undefined), [fieldErrors])

  const transformErrors = useCallback(
    (errors: RJSFValidationError[]) =>
      errors
        // A oneOf of consts reports one error per option and one for the oneOf: keep a single message.
        .filter((error) => error.name !== 'const')
        .map((error) => {
          const params = (error.params ?? {}) as Record<string, unknown>
          let message: string
          switch (error.name) {
            case 'required':
              message = t('form.errors.required')
              break
            case 'minLength':
              message = t('form.errors.minLength', { count: Number(params.limit) })
              break
            case 'maxLength':
              message = t('form.errors.maxLength', { count: Number(params.limit) })
              break
            case 'pattern':
              message = t('form.errors.pattern')
              break
            case 'format':
              message = params.format === 'date' ? t('form.errors.date') : t('form.errors.format')
              break
            case 'oneOf':
            case 'anyOf':
            case 'enum':
              message = t('form.errors.choice')
              break
            case 'minimum':
              message = t('form.errors.minimum', { limit: params.limit })
              break
            case 'maximum':
              message = t('form.errors.maximum', { limit: params.limit })
              break
            case 'type':
              message = t('form.errors.type')
              break
            default:
              message = t('form.errors.invalid')
          }
          return { ...error, message, stack: message }
        }),
    [t],
  )

  useImperativeHandle(
    handle,
    () => ({
      validate: () => {
        const form = formRef.current
        if (!form) return false
        const valid = form.validateForm()
        if (!valid) {
          // Let React render the errors, then move focus to the first invalid field.
          window.setTimeout(() => {
            const invalid = document.querySelector<HTMLElement>(`#${idPrefix}-root [aria-invalid="true"]`)
            invalid?.focus()
          }, 50)
        }
        return valid
      },
    }),
    [idPrefix],
  )

  return (
    <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1 }}>
      <div id={`${idPrefix}-root`} className="sen-schema-form">
        <MantineForm
          ref={formRef}
          schema={localised}
          uiSchema={ui}
          formData={formData}
          validator={validator}
          widgets={WIDGETS}
          // The commune picker reads the province chosen beside it.
          formContext={{ formData }}
          idPrefix={idPrefix}
          onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
          transformErrors={transformErrors}
          extraErrors={extraErrors}
          showErrorList={false}
          // A choice is never made for the person (no "Nam" preselected because it is the first option).
          experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
          noHtml5Validate
          liveValidate="onBlur"
          // Submitted through the page's own buttons (validate() above), never by Enter inside a field.
          onSubmit={() => undefined}
        />
      </div>
    </DatesProvider>
  )
}
