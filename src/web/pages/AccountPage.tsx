import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ApiError, api, errorMessage } from '../api/client'
import type { Me, TotpSetup } from '../api/types'
import { useSession } from '../app/session'
import { type LabelValue, LabelValueList } from '../components/LabelValueList'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { localName } from '../i18n/names'

export function AccountPage() {
  return (
    <RequireAuth>
      <Account />
    </RequireAuth>
  )
}

function Account() {
  const { t } = useTranslation()
  usePageTitle(t('account.title'))
  const { me, logout } = useSession()
  const navigate = useNavigate()
  if (!me) return null

  const rows: LabelValue[] = [
    [t('account.displayName'), me.displayName],
    [t('account.username'), me.username],
    [t('account.kind'), t(`kinds.${me.kind}`)],
  ]
  if (me.kind === 'citizen' && me.person) {
    rows.push([t('account.pin'), me.person.pin])
    if (me.person.fullName !== me.displayName) rows.push([t('account.fullName'), me.person.fullName])
    if (me.person.birthDate) rows.push([t('account.birthDate'), formatDate(me.person.birthDate)])
  }
  if (me.kind === 'business' && me.organisation) {
    rows.push([t('account.organisation'), me.organisation.name])
    rows.push([t('account.taxCode'), me.organisation.taxCode])
  }
  if (me.kind === 'official') {
    rows.push([t('account.agency'), me.agency ? localName(me.agency) : t('common.none')])
    rows.push([
      t('account.roles'),
      me.roles.length ? (
        <Group key="roles" gap={6} component="span">
          {me.roles.map((role) => (
            <Badge key={role} variant="light" color="blue" c="blue.9" tt="none" component="span">
              {t(`roles.${role}`)}
            </Badge>
          ))}
        </Group>
      ) : (
        t('common.none')
      ),
    ])
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('account.title')}</Title>
        <Button
          variant="default"
          onClick={async () => {
            navigate('/')
            await logout()
          }}
        >
          {t('account.logout')}
        </Button>
      </Group>

      <SectionPanel id="profile-title" title={t('account.profileTitle')}>
        <LabelValueList labelWidth={200} rows={rows} />
      </SectionPanel>

      {me.kind === 'official' && <TotpSection me={me} />}
    </Stack>
  )
}

function formatDate(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00`)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleDateString(currentLanguage() === 'en' ? 'en-GB' : 'vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  })
}

function TotpSection({ me }: { me: Me }) {
  const { t } = useTranslation()
  const { refresh } = useSession()
  const [setup, setSetup] = useState<TotpSetup | null>(null)
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [codeError, setCodeError] = useState<string | null>(null)
  const [done, setDone] = useState(false)

  const start = async () => {
    setBusy(true)
    setError(null)
    try {
      setSetup(await api.post<TotpSetup>('/me/totp/setup'))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const confirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setCodeError(null)
    setError(null)
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t('login.totpFormat'))
      return
    }
    setBusy(true)
    try {
      await api.post<void>('/me/totp/confirm', { code })
      setDone(true)
      setSetup(null)
      setCode('')
      await refresh()
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'AUTH_TOTP_INVALID' || err.field === 'code')) {
        setCodeError(err.message)
      } else {
        setError(errorMessage(err))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="totp-title">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="lg" id="totp-title">
          {t('totp.title')}
        </Title>
        <Badge color={me.totpEnabled ? '#1e6b2f' : 'gray.7'} variant="filled">
          {me.totpEnabled ? t('totp.enabledBadge') : t('totp.disabledBadge')}
        </Badge>
      </Group>
      <Stack gap="md">
        {done && (
          <Alert color="green" variant="light" title={t('totp.successTitle')} role="status">
            {t('totp.success')}
          </Alert>
        )}
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        {me.totpEnabled && !done && <Text>{t('totp.enabled')}</Text>}
        {!me.totpEnabled && !setup && (
          <>
            <Text>{t('totp.disabledText')}</Text>
            <Group>
              <Button onClick={() => void start()} loading={busy}>
                {t('totp.enable')}
              </Button>
            </Group>
          </>
        )}
        {!me.totpEnabled && setup && (
          <form onSubmit={confirm} noValidate>
            <Stack gap="md">
              <Text>{t('totp.instructions')}</Text>
              <CopyField label={t('totp.secret')} value={setup.secret} />
              <CopyField label={t('totp.otpauthUrl')} value={setup.otpauthUrl} />
              <TextInput
                label={t('totp.code')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                maw={240}
                value={code}
                error={codeError}
                onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('totp.confirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  )
}

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation()
  return (
    <Stack gap={4}>
      <Text fw={600} fz="sm">
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Code block className="sen-break" style={{ flex: 1 }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy} aria-label={`${t('common.copy')}: ${label}`}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  )
}
