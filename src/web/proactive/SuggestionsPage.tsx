import { Alert, Anchor, Badge, Button, Group, List, Stack, Switch, Text, Title } from '@mantine/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Procedure } from '../api/citizen'
import { ApiError, api } from '../api/client'
import { SchemaForm, type SchemaFormHandle } from '../components/LazySchemaForm'
import { Loading } from '../components/Loading'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { formatDate, formatDateTime, pickName } from '../i18n/format'
import type { Suggestion, SuggestionsPage as SuggestionsList } from './api'

export function SuggestionsPage() {
  return (
    <RequireAuth>
      <Suggestions />
    </RequireAuth>
  )
}

const en = () => currentLanguage() === 'en'

/**
 * The part of a form that the registries cannot fill: every field without an `x-source` (the
 * server fills those from the registry at filing), objects left empty dropped.
 */
function remainingSchema(schema: Record<string, unknown>): Record<string, unknown> | null {
  if (schema['x-source']) return null
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null)
    return schema
  const properties: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
    const kept = remainingSchema(child)
    if (kept) properties[key] = kept
  }
  if (Object.keys(properties).length === 0) return null
  const required = Array.isArray(schema.required)
    ? schema.required.filter((k: string) => k in properties)
    : []
  return { ...schema, properties, required }
}

function Suggestions() {
  const { t } = useTranslation()
  usePageTitle(t('proactive.title'))
  const [list, setList] = useState<SuggestionsList | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setList(await api.get<SuggestionsList>('/suggestions'))
      setError(null)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  const setOptOut = async (optedOut: boolean) => {
    try {
      await api.put('/suggestions/opt-out', { optedOut })
      await load()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  const open = list?.items.filter((s) => s.status === 'delivered') ?? []
  const decided = list?.items.filter((s) => s.status !== 'delivered') ?? []

  return (
    <Stack gap="lg">
      <Title order={1}>{t('proactive.title')}</Title>
      <Text>{t('proactive.intro')}</Text>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <Switch
          checked={!list.optedOut}
          onChange={(event) => void setOptOut(!event.currentTarget.checked)}
          label={t('proactive.receive')}
          description={t('proactive.receiveHelp')}
        />
      )}
      {list && open.length === 0 && <Text>{t('proactive.empty')}</Text>}
      {open.map((suggestion) => (
        <OpenSuggestion key={suggestion.id} suggestion={suggestion} onDone={load} />
      ))}
      {decided.length > 0 && (
        <SectionPanel id="suggestions-decided" title={t('proactive.decided')}>
          <List spacing="xs">
            {decided.map((s) => (
              <List.Item key={s.id}>
                {en() ? s.titleEn : s.title} — {t(`proactive.outcome.${s.status}`)}
                {s.decidedAt ? `, ${formatDateTime(s.decidedAt)}` : ''}
                {s.dossierCode && (
                  <>
                    {' '}
                    (
                    <Anchor component={Link} to={`/dossiers/${s.dossierCode}`}>
                      {t('proactive.seeDossier')}
                    </Anchor>
                    )
                  </>
                )}
              </List.Item>
            ))}
          </List>
        </SectionPanel>
      )}
    </Stack>
  )
}

function OpenSuggestion({ suggestion, onDone }: { suggestion: Suggestion; onDone: () => Promise<void> }) {
  const { t, i18n } = useTranslation()
  const [procedure, setProcedure] = useState<Procedure | null>(null)
  const [data, setData] = useState<Record<string, unknown>>(suggestion.offer?.prefill.data ?? {})
  const [busy, setBusy] = useState<'accept' | 'dismiss' | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const handle = useRef<SchemaFormHandle>(null)
  const headingId = `suggestion-${suggestion.id}`

  useEffect(() => {
    if (!suggestion.offer) return
    void api
      .get<Procedure>(`/procedures/${encodeURIComponent(suggestion.offer.procedureCode)}`)
      .then(setProcedure)
      .catch(() => setProcedure(null))
  }, [suggestion.offer])

  const schema = useMemo(() => (procedure ? remainingSchema(procedure.formSchema) : null), [procedure])

  const act = async (what: 'accept' | 'dismiss') => {
    if (what === 'accept' && handle.current && !handle.current.validate()) return
    setBusy(what)
    setProblem(null)
    try {
      if (what === 'accept') await api.post(`/suggestions/${suggestion.id}/accept`, { data, consent: true })
      else await api.post(`/suggestions/${suggestion.id}/dismiss`)
      await onDone()
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
      if (err instanceof ApiError && err.field)
        setFieldErrors({ [err.field.replace(/^data\./, '')]: err.message })
    } finally {
      setBusy(null)
    }
  }

  return (
    <SectionPanel id={headingId} title={en() ? suggestion.titleEn : suggestion.title}>
      <Stack gap="md">
        <Group gap="xs">
          <Badge variant="light">
            {pickName({ name: suggestion.lifeEventName, nameEn: suggestion.lifeEventNameEn })}
          </Badge>
          {suggestion.dueOn && (
            <Badge color="orange" variant="light">
              {t('proactive.dueOn', { date: formatDate(suggestion.dueOn) })}
            </Badge>
          )}
        </Group>
        <Text>{en() ? suggestion.bodyEn : suggestion.body}</Text>
        {suggestion.reason && (
          <Text size="sm" c="dimmed">
            {en() ? suggestion.reasonEn : suggestion.reason}
          </Text>
        )}
        <div>
          <Text fw={600}>{t('proactive.procedures')}</Text>
          <List spacing="xs">
            {suggestion.procedures.map((p) => (
              <List.Item key={p.code}>
                <Anchor component={Link} to={`/procedures/${p.code}`}>
                  {pickName(p)}
                </Anchor>
                {p.deadline ? ` — ${t('proactive.deadline', { date: formatDate(p.deadline) })}` : ''}
                <Text size="sm" c="dimmed">
                  {en() ? p.legalBasisEn : p.legalBasis}
                </Text>
                {!suggestion.offer && (
                  <Button
                    component={Link}
                    to={`/procedures/${p.code}/apply`}
                    size="xs"
                    variant="light"
                    mt={4}
                  >
                    {t('proactive.apply')}
                  </Button>
                )}
              </List.Item>
            ))}
          </List>
        </div>
        {suggestion.offer && (
          <Stack gap="sm">
            <Text fw={600}>{t('proactive.oneStep', { name: pickName(suggestion.offer) })}</Text>
            <Text size="sm">{t('proactive.oneStepHelp')}</Text>
            {!procedure && <Loading />}
            {schema && procedure && (
              <SchemaForm
                key={i18n.language}
                schema={schema}
                uiSchema={procedure.uiSchema}
                formData={data}
                onChange={setData}
                locked={[]}
                fieldErrors={fieldErrors}
                handle={handle}
                idPrefix={`s${suggestion.id.slice(0, 8)}`}
              />
            )}
          </Stack>
        )}
        {problem && (
          <Alert color="red" variant="light" role="alert">
            {problem}
          </Alert>
        )}
        <Group>
          {suggestion.offer && (
            <Button onClick={() => void act('accept')} loading={busy === 'accept'} disabled={busy !== null}>
              {t('proactive.confirm')}
            </Button>
          )}
          <Button
            variant="default"
            onClick={() => void act('dismiss')}
            loading={busy === 'dismiss'}
            disabled={busy !== null}
          >
            {t('proactive.dismiss')}
          </Button>
        </Group>
      </Stack>
    </SectionPanel>
  )
}
