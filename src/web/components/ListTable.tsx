import { Table, type TableProps } from '@mantine/core'
import type { ReactNode } from 'react'

/** A scrolling table with a caption (visible, or for screen readers only) and one header row of column names. */
export function ListTable({
  minWidth,
  caption,
  hideCaption = false,
  columns,
  children,
  ...props
}: TableProps & {
  minWidth: number
  caption: ReactNode
  /** Keep the caption for screen readers only (the section's heading already names the table). */
  hideCaption?: boolean
  columns: ReactNode[]
  /** The body's rows. */
  children: ReactNode
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...props}>
        <Table.Caption className={hideCaption ? 'sen-sr-only' : undefined}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <Table.Th key={index} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
