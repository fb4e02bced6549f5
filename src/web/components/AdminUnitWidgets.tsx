// Address fields marked `"x-admin-unit"` in a catalog form: a province picker, and after it the
// communes of the chosen province, both searchable by name with or without diacritics ("ba dinh"
// finds "Ba Đình"). The form keeps the unit's code; the person only ever sees names.
import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core'
import type { RJSFSchema, WidgetProps } from '@rjsf/utils'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fold } from '../../server/modules/catalog/fold'
import { loadCommunes, loadProvinces, type Unit } from '../api/units'
import { getPath } from './schema'
import { useUnitTitle } from './useUnitNames'

type Json = Record<string, unknown>

/** Matches every word typed, in any order, against the folded name ("phuong ba dinh", "dinh ba"). */
const foldedFilter: OptionsFilter = ({ options, search, limit }) => {
  const words = fold(search).split(/\s+/).filter(Boolean)
  const matches = (item: ComboboxParsedItem) => {
    if (!('label' in item)) return false
    const label = fold((item as ComboboxItem).label)
    return words.every((word) => label.includes(word))
  }
  return options.filter(matches).slice(0, limit)
}

/** The theme's own select (label, errors, help and ARIA as every other field), given the units as its options. */
function UnitSelect({
  props,
  units,
  loading,
}: {
  props: WidgetProps
  units: Unit[] | null
  loading: boolean
}) {
  const { t } = useTranslation()
  const title = useUnitTitle()
  const SelectWidget = props.registry.widgets.SelectWidget!
  const { provincePath: _path, ...options } = props.options as Json
  const enumOptions = useMemo(
    () => (units ?? []).map((unit) => ({ value: unit.code, label: title(unit) })),
    [units, title],
  )
  return (
    <SelectWidget
      {...props}
      schema={props.schema as RJSFSchema}
      options={{
        ...options,
        enumOptions,
        filter: foldedFilter,
        limit: 50,
        nothingFoundMessage: loading ? t('units.loading') : t('units.nothingFound'),
        placeholder: props.placeholder || t('units.placeholder'),
      }}
    />
  )
}

export function ProvinceWidget(props: WidgetProps) {
  const [units, setUnits] = useState<Unit[] | null>(null)
  useEffect(() => {
    let live = true
    loadProvinces()
      .then((list) => live && setUnits(list))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])
  return <UnitSelect props={props} units={units} loading={units === null} />
}

export function CommuneWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const provincePath = String(props.options.provincePath ?? '')
  const formData = (props.registry.formContext as { formData?: Json } | undefined)?.formData
  const provinceCode = getPath(formData ?? {}, provincePath)
  const province = typeof provinceCode === 'string' && provinceCode ? provinceCode : null
  const [units, setUnits] = useState<{ province: string; list: Unit[] } | null>(null)
  const { value, onChange } = props

  useEffect(() => {
    if (!province) return
    let live = true
    loadCommunes(province)
      .then((list) => live && setUnits({ province, list }))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [province])

  const list = units && units.province === province ? units.list : null
  // Another province chosen: a commune of the former one no longer applies.
  useEffect(() => {
    if (list && typeof value === 'string' && value && !list.some((unit) => unit.code === value)) {
      onChange(undefined)
    }
  }, [list, value, onChange])

  if (!province) {
    return (
      <UnitSelect
        props={{ ...props, disabled: true, placeholder: t('units.chooseProvinceFirst') }}
        units={[]}
        loading={false}
      />
    )
  }
  return <UnitSelect props={props} units={list} loading={list === null} />
}
