import { DataList, type DataListProps } from '@mantine/core'
import type { ReactNode } from 'react'

/** One label and its value ("Mã hồ sơ: …"). */
export type LabelValue = [label: string, value: ReactNode]

/** A `<dl>` of labels and values: given as `rows` (keyed by label) or as `LabelValueRow` children. */
export function LabelValueList({ rows, children, ...props }: DataListProps & { rows?: LabelValue[] }) {
  return (
    <DataList {...props}>
      {rows?.map(([label, value]) => (
        <LabelValueRow key={label} label={label}>
          {value}
        </LabelValueRow>
      ))}
      {children}
    </DataList>
  )
}

export function LabelValueRow({ label, children }: { label: ReactNode; children?: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  )
}
