import { Stack, Text, Title } from '@mantine/core'
import { useMemo } from 'react'
import type { Procedure } from '../api/citizen'
import { currentLanguage } from '../i18n'
import { LabelValueList, LabelValueRow } from './LabelValueList'
import { Loading } from './Loading'
import { SectionPanel } from './SectionPanel'
import { adminUnitCodes, labelledValues, localiseSchema } from './schema'
import { useUnitNames } from './useUnitNames'

/** What the applicant declared on the procedure's form, label by label, grouped by first-level section. */
export function DeclaredDataPanel({
  procedure,
  data,
  title,
  emptyText,
}: {
  procedure: Procedure
  data: Record<string, unknown>
  title: string
  /** Shown when the form holds no value at all (nothing is shown when left out). */
  emptyText?: string
}) {
  const lang = currentLanguage()
  const codes = useMemo(() => adminUnitCodes(procedure.formSchema, data), [procedure, data])
  // Addresses are held as unit codes: shown by name once the names are read (never the codes).
  const unitNames = useUnitNames(codes)
  const rows = useMemo(() => {
    const order = (procedure.uiSchema?.['ui:order'] as string[] | undefined) ?? undefined
    return labelledValues(localiseSchema(procedure.formSchema, lang), data, order, unitNames ?? undefined)
  }, [procedure, data, lang, unitNames])
  if (unitNames === null) {
    return (
      <SectionPanel id="data-title" title={title}>
        <Loading />
      </SectionPanel>
    )
  }
  // Group rows by their first-level section ("Thông tin của trẻ").
  const groups: { title: string | null; rows: typeof rows }[] = []
  for (const row of rows) {
    const groupTitle = row.labels.length > 1 ? (row.labels[0] ?? null) : null
    const last = groups[groups.length - 1]
    if (last && last.title === groupTitle) last.rows.push(row)
    else groups.push({ title: groupTitle, rows: [row] })
  }
  return (
    <SectionPanel id="data-title" title={title}>
      {emptyText && rows.length === 0 && <Text c="dimmed">{emptyText}</Text>}
      <Stack gap="md">
        {groups.map((group) => (
          <div key={group.rows[0]?.path ?? group.title}>
            {group.title && (
              <Title order={3} fz="md" mb="xs">
                {group.title}
              </Title>
            )}
            <LabelValueList labelWidth={240}>
              {group.rows.map((row) => (
                <LabelValueRow key={row.path} label={row.labels.slice(group.title ? 1 : 0).join(' — ')}>
                  {row.value}
                </LabelValueRow>
              ))}
            </LabelValueList>
          </div>
        ))}
      </Stack>
    </SectionPanel>
  )
}
