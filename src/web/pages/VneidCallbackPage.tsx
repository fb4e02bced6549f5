import { Alert, Anchor, Stack, Text, Title } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useSearchParams } from 'react-router'
import { api, errorMessage } from '../api/client'
import type { LoginResponse } from '../api/types'
import { useSession } from '../app/session'
import { Loading } from '../components/Loading'
import { usePageTitle } from '../components/usePageTitle'

/**
 * Where the national identity provider sends the browser back (Sen's redirect URI): the answer it
 * carries (code, state, iss, or an error) goes to the server, which checks it and opens the session.
 */
export function VneidCallbackPage() {
  const { t } = useTranslation()
  usePageTitle(t('login.vneid.finishing'))
  const [params] = useSearchParams()
  const { signedIn } = useSession()
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The answer is good once: React's second effect run in development must not post it again.
  const posted = useRef(false)

  useEffect(() => {
    if (posted.current) return
    posted.current = true
    const body = Object.fromEntries(
      ['state', 'code', 'iss', 'error', 'error_description'].flatMap((name) => {
        const value = params.get(name)
        return value ? [[name, value]] : []
      }),
    )
    api
      .post<LoginResponse & { returnTo: string }>('/auth/vneid/callback', body)
      .then((response) => {
        signedIn(response)
        setDone(response.returnTo)
      })
      .catch((err) => setError(errorMessage(err)))
  }, [params, signedIn])

  if (done) return <Navigate to={done} replace />
  if (!error) {
    return (
      <Stack gap="xs" align="center" py="xl">
        <Loading />
        <Text>{t('login.vneid.finishing')}</Text>
      </Stack>
    )
  }
  return (
    <Stack gap="lg" maw={480} mx="auto">
      <Title order={1}>{t('login.errorTitle')}</Title>
      <Alert color="red" variant="light" role="alert">
        {error}
      </Alert>
      <Anchor component={Link} to="/login">
        {t('login.vneid.again')}
      </Anchor>
    </Stack>
  )
}
