import { type MantineSpacing, Paper, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * A bordered page section headed by an h2 (`<section aria-labelledby>`): the panels of the dossier, procedure,
 * account and ratings pages.
 */
export function SectionPanel({
  id,
  title,
  titleGap = 'md',
  bg,
  children,
  'data-testid': testId,
}: {
  /** The heading's id, which the section is labelled by. */
  id: string
  title: ReactNode
  /** Space under the heading. */
  titleGap?: MantineSpacing
  bg?: string
  children?: ReactNode
  'data-testid'?: string
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id} bg={bg} data-testid={testId}>
      <Title order={2} fz="lg" id={id} mb={titleGap}>
        {title}
      </Title>
      {children}
    </Paper>
  )
}
