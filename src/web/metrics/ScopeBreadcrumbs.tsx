import { Anchor, Breadcrumbs, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

/** Where the scope sits in the agency tree, each level above it a link to the same page at that level. */
export function ScopeBreadcrumbs({
  ancestors,
  current,
  linkTo,
}: {
  ancestors: { id: string; name: string }[]
  current: { id: string; name: string }
  linkTo: (scopeId: string) => string
}) {
  const { t } = useTranslation()
  const above = ancestors.filter((ancestor) => ancestor.id !== current.id)
  return (
    <nav aria-label={t('metrics.breadcrumbs')}>
      <Breadcrumbs separator="›" separatorMargin={6} style={{ flexWrap: 'wrap' }}>
        {above.map((ancestor) => (
          <Anchor key={ancestor.id} component={Link} to={linkTo(ancestor.id)} fz="sm">
            {ancestor.name}
          </Anchor>
        ))}
        <Text fz="sm" fw={600} aria-current="page">
          {current.name}
        </Text>
      </Breadcrumbs>
    </nav>
  )
}
