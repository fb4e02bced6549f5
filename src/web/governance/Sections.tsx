import { Anchor, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { NavLink } from 'react-router'

/** The governance records' sections, one line each: a new sub-domain's page adds its entry. */
const SECTIONS = [
  { to: '/governance/tasks', label: 'governance.sections.tasks' },
  { to: '/governance/reporting', label: 'governance.sections.reporting' },
]

export function GovernanceSections() {
  const { t } = useTranslation()
  return (
    <Group component="nav" aria-label={t('governance.sections.label')} gap="md">
      {SECTIONS.map((s) => (
        <Anchor key={s.to} component={NavLink} to={s.to} fw={500} style={{ textDecoration: 'none' }}>
          {t(s.label)}
        </Anchor>
      ))}
    </Group>
  )
}
