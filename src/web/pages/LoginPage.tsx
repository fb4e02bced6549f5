import {
  Alert,
  Button,
  Code,
  Divider,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { Navigate, useSearchParams } from 'react-router'
import { ApiError, api, errorMessage } from '../api/client'
import type { LoginResponse } from '../api/types'
import { useMeta } from '../app/meta'
import { homeFor, useSession } from '../app/session'
import { Loading } from '../components/Loading'
import { usePageTitle } from '../components/usePageTitle'

const DEMO_ACCOUNTS = [
  ['demo.citizen', 'citizen'],
  ['demo.business', 'business'],
  ['demo.officer', 'officer'],
  ['demo.leader', 'leader'],
  ['demo.admin', 'admin'],
] as const

/** Only same-site paths are accepted as ?next= targets (no "//evil.example"). */
function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  if (next.startsWith('/login')) return null
  return next
}

export function LoginPage() {
  const { t } = useTranslation()
  usePageTitle(t('login.title'))
  const { status, me, signedIn } = useSession()
  const meta = useMeta()
  const [params] = useSearchParams()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [needTotp, setNeedTotp] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [totpError, setTotpError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const totpRef = useRef<HTMLInputElement>(null)
  const [vneid, setVneid] = useState(false)

  useEffect(() => {
    api
      .get<{ password: boolean; vneid: boolean }>('/auth/methods')
      .then((methods) => setVneid(methods.vneid))
      .catch(() => setVneid(false))
  }, [])

  useEffect(() => {
    if (needTotp) totpRef.current?.focus()
  }, [needTotp])

  if (status === 'loading') return <Loading />
  if (status === 'authenticated' && me) {
    return <Navigate to={safeNext(params.get('next')) ?? homeFor(me)} replace />
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    setTotpError(null)
    if (needTotp && !/^\d{6}$/.test(totp)) {
      setTotpError(t('login.totpFormat'))
      totpRef.current?.focus()
      return
    }
    setSubmitting(true)
    try {
      const body = needTotp ? { username, password, totp } : { username, password }
      const response = await api.post<LoginResponse>('/auth/login', body)
      signedIn(response) // the render above then redirects
    } catch (err) {
      if (err instanceof ApiError && err.code === 'AUTH_TOTP_REQUIRED') {
        setNeedTotp(true)
      } else if (err instanceof ApiError && err.code === 'AUTH_TOTP_INVALID') {
        setTotp('')
        setTotpError(err.message)
        totpRef.current?.focus()
      } else {
        if (err instanceof ApiError && err.code === 'AUTH_INVALID_CREDENTIALS') {
          // Wrong password: start over, a TOTP step may not even apply to the corrected username.
          setNeedTotp(false)
          setTotp('')
        }
        setError(errorMessage(err))
      }
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Stack gap="lg" maw={480} mx="auto">
      <Title order={1}>{t('login.title')}</Title>
      <Text>{t('login.intro')}</Text>

      {error && (
        <Alert color="red" variant="light" title={t('login.errorTitle')}>
          {error}
        </Alert>
      )}

      {vneid && (
        <Paper withBorder p="lg" component="section" aria-labelledby="vneid-title">
          <Stack gap="xs">
            <Title order={2} fz="md" id="vneid-title">
              {t('login.vneid.title')}
            </Title>
            <Text fz="sm">{t('login.vneid.text')}</Text>
            <Button
              component="a"
              href={`/api/v1/auth/vneid/start?returnTo=${encodeURIComponent(safeNext(params.get('next')) ?? '/')}`}
              color="red.8"
              fullWidth
            >
              {t('login.vneid.button')}
            </Button>
          </Stack>
        </Paper>
      )}
      {vneid && <Divider label={t('login.vneid.or')} labelPosition="center" />}

      <Paper withBorder p="lg" component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('login.username')}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.currentTarget.value)}
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          {needTotp && (
            <TextInput
              ref={totpRef}
              label={t('login.totp')}
              description={t('login.totpRequired')}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={totp}
              error={totpError}
              onChange={(event) => setTotp(event.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
            />
          )}
          <Button type="submit" loading={submitting} fullWidth>
            {t('login.submit')}
          </Button>
        </Stack>
      </Paper>

      {meta?.demo && (
        <Paper withBorder p="lg" bg="yellow.0" component="aside" aria-labelledby="demo-accounts-title">
          <Title order={2} fz="md" id="demo-accounts-title" mb="xs">
            {t('login.demoTitle')}
          </Title>
          <Text fz="sm" mb="xs">
            <Trans i18nKey="login.demoText" values={{ password: 'demo' }} components={{ code: <Code /> }} />
          </Text>
          <List fz="sm" spacing={4}>
            {DEMO_ACCOUNTS.map(([account, role]) => (
              <List.Item key={account}>
                <Code>{account}</Code> — {t(`login.demo.${role}`)}
              </List.Item>
            ))}
          </List>
        </Paper>
      )}
    </Stack>
  )
}
