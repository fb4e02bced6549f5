import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { PausedBadge } from './Badges'

/** A dossier page's h1, the procedure's name under it, then the state badge (and "paused" when it is). */
export function DossierHeading({
  title,
  procedureName,
  badge,
  pausedLabel,
}: {
  title: string
  procedureName: string
  badge: ReactNode
  /** The paused badge's text, or null while the clock runs. */
  pausedLabel: string | null
}) {
  return (
    <Stack gap="xs">
      <Title order={1}>{title}</Title>
      <Text fz="lg" fw={600}>
        {procedureName}
      </Text>
      <Group gap="xs">
        {badge}
        {pausedLabel && <PausedBadge label={pausedLabel} />}
      </Group>
    </Stack>
  )
}
