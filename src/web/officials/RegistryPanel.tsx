// The applicant's record in the national population database, read on demand with a stated purpose: every
// such read is logged and shown to the person (GET /registry/people/:pin?purpose=…&dossierCode=…).
import { Alert, Button, Group, Text, TextInput } from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, errorMessage } from '../api/client'
import { LabelValueList, LabelValueRow } from '../components/LabelValueList'
import { SectionPanel } from '../components/SectionPanel'
import { formatDate } from '../i18n/format'

interface PersonRecord {
  pin: string
  version: number
  source: string
  validFrom: string
  data: Record<string, string | boolean | undefined>
}

const FIELDS = [
  'fullName',
  'birthDate',
  'gender',
  'ethnicity',
  'nationality',
  'address',
  'maritalStatus',
  'deceased',
]

export function RegistryPanel({ pin, dossierCode }: { pin: string; dossierCode: string }) {
  const { t } = useTranslation()
  const [purpose, setPurpose] = useState(() => t('processing.registry.defaultPurpose', { code: dossierCode }))
  const [record, setRecord] = useState<PersonRecord | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    if (purpose.trim().length < 5) {
      setFieldError(t('processing.registry.purposeRequired'))
      return
    }
    setFieldError(null)
    setBusy(true)
    try {
      setRecord(
        await api.get<PersonRecord>(`/registry/people/${encodeURIComponent(pin)}`, {
          purpose: purpose.trim(),
          dossierCode,
        }),
      )
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const value = (key: string): string => {
    const raw = record?.data[key]
    if (raw === undefined || raw === null || raw === '') return '—'
    if (typeof raw === 'boolean') return raw ? t('processing.registry.yes') : t('processing.registry.no')
    if (key === 'birthDate') return formatDate(raw)
    if (key === 'gender' || key === 'maritalStatus')
      return t(`processing.registry.values.${raw}`, { defaultValue: raw })
    return raw
  }

  return (
    <SectionPanel id="registry-title" title={t('processing.registry.title')} titleGap="xs">
      <Text fz="sm" c="dimmed" mb="md">
        {t('processing.registry.help')}
      </Text>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            name="purpose"
            label={t('processing.registry.purpose')}
            required
            maxLength={500}
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            error={fieldError}
            w={{ base: '100%', sm: 480 }}
          />
          <Button type="submit" variant="default" loading={busy}>
            {t('processing.registry.lookup')}
          </Button>
        </Group>
      </form>
      {error && (
        <Alert color="red" variant="light" mt="md" role="alert">
          {error}
        </Alert>
      )}
      {record && (
        <LabelValueList labelWidth={240} mt="md" data-testid="registry-record">
          {FIELDS.filter((key) => key !== 'deceased' || record.data.deceased !== undefined).map((key) => (
            <LabelValueRow key={key} label={t(`processing.registry.fields.${key}`)}>
              {value(key)}
            </LabelValueRow>
          ))}
        </LabelValueList>
      )}
    </SectionPanel>
  )
}
