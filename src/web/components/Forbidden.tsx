import { Alert, Button, Group, Stack, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

/** A friendly 403: the page exists, but not for this account. The page sets document.title itself. */
export function Forbidden({ message }: { message: string }) {
  const { t } = useTranslation()
  return (
    <Stack gap="md">
      <Title order={1}>{t('forbidden.title')}</Title>
      <Alert color="orange" variant="light" role="note">
        {message}
      </Alert>
      <Group>
        <Button component={Link} to="/account">
          {t('forbidden.toAccount')}
        </Button>
        <Button component={Link} to="/" variant="default">
          {t('common.backHome')}
        </Button>
      </Group>
    </Stack>
  )
}
