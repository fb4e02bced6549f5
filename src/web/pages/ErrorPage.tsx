import { Button, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { usePageTitle } from '../components/usePageTitle'
import { NotFoundPage } from './NotFoundPage'

/** Shown (inside the layout) when a page throws while rendering. */
export function ErrorPage() {
  const { t } = useTranslation()
  const error = useRouteError()
  usePageTitle(t('errorPage.title'))
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />
  if (error) console.error(error)
  return (
    <Stack gap="md" align="flex-start">
      <Title order={1}>{t('errorPage.title')}</Title>
      <Text>{t('errorPage.text')}</Text>
      <Button component={Link} to="/" reloadDocument>
        {t('common.backHome')}
      </Button>
    </Stack>
  )
}
