// "Tạo phiên bản mới": the whole procedure version as JSON (prefilled from the version in force), a live
// preview of its form as an applicant would see it, and Save (POST /procedures → a new version).
import { Alert, Anchor, Button, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Component, type ReactNode, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ApiError, api, errorMessage } from '../api/client'
import { SchemaForm, type SchemaFormHandle } from '../components/LazySchemaForm'
import { Loading } from '../components/Loading'
import { SectionPanel } from '../components/SectionPanel'
import { sourcedPaths } from '../components/schema'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { formatDate } from '../i18n/format'
import { NotFoundPage } from '../pages/NotFoundPage'
import { type JsonSchema, type Procedure, todayInVietnam, toProcedureInput } from './api'
import { forgetProcedureNames, RequireOfficial } from './common'

export function ProcedureEditorPage() {
  return (
    <RequireOfficial admin>
      <Editor />
    </RequireOfficial>
  )
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string }

function parse(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: 'notObject' }
    }
    return { ok: true, value: value as Record<string, unknown> }
  } catch (err) {
    return { ok: false, message: (err as Error).message }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function Editor() {
  const { t } = useTranslation()
  const { code = '' } = useParams()
  usePageTitle(t('adminProcedures.editorTitle', { code }))
  const [current, setCurrent] = useState<Procedure | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [text, setText] = useState('')
  const [debounced] = useDebouncedValue(text, 400)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState<Procedure | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    api
      .get<Procedure & Record<string, unknown>>(`/procedures/${encodeURIComponent(code)}`)
      .then((procedure) => {
        setCurrent(procedure)
        setText(JSON.stringify(toProcedureInput(procedure, todayInVietnam()), null, 2))
      })
      .catch(setLoadError)
  }, [code])

  const parsed = useMemo(() => parse(text), [text])
  const previewParsed = useMemo(() => parse(debounced), [debounced])

  const setEffectiveFrom = (date: string) => {
    if (!parsed.ok) return
    setText(JSON.stringify({ ...parsed.value, effectiveFrom: date }, null, 2))
  }

  const save = async () => {
    setSaveError(null)
    setSaved(null)
    if (!parsed.ok) return
    setSaving(true)
    try {
      const created = await api.post<Procedure>('/procedures', parsed.value)
      forgetProcedureNames()
      setSaved(created)
    } catch (err) {
      setSaveError(err instanceof ApiError ? err : new ApiError(0, 'ERROR', errorMessage(err)))
    } finally {
      setSaving(false)
      window.setTimeout(() => resultRef.current?.focus(), 50)
    }
  }

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.status === 400)) {
    return <NotFoundPage />
  }
  if (loadError) {
    return (
      <Stack>
        <Title order={1}>{t('adminProcedures.editorTitle', { code })}</Title>
        <Alert color="red" variant="light">
          {errorMessage(loadError)}
        </Alert>
      </Stack>
    )
  }
  if (!current) return <Loading />

  const effectiveFrom =
    parsed.ok && typeof parsed.value.effectiveFrom === 'string' ? parsed.value.effectiveFrom : ''
  const jsonError = parsed.ok
    ? null
    : parsed.message === 'notObject'
      ? t('adminProcedures.notObject')
      : t('adminProcedures.invalidJson', { message: parsed.message })

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin/procedures" fz="sm">
        ← {t('adminProcedures.back')}
      </Anchor>
      <Stack gap="xs">
        <Title order={1}>{t('adminProcedures.editorTitle', { code })}</Title>
        <Text fz="lg" fw={600}>
          {currentLanguage() === 'en' ? current.nameEn : current.name}
        </Text>
        <Text>
          {t('adminProcedures.editorIntro', {
            version: current.version,
            date: formatDate(current.effectiveFrom),
          })}
        </Text>
      </Stack>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <SectionPanel id="editor-title" title={t('adminProcedures.jsonTitle')}>
            <Stack gap="md">
              <TextInput
                type="date"
                name="effectiveFrom"
                label={t('adminProcedures.effectiveFrom')}
                description={t('adminProcedures.effectiveFromHelp')}
                value={effectiveFrom}
                disabled={!parsed.ok}
                onChange={(event) => setEffectiveFrom(event.currentTarget.value)}
                w={260}
              />
              <Textarea
                name="procedure"
                label={t('adminProcedures.jsonLabel')}
                description={t('adminProcedures.jsonHelp')}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                autosize
                minRows={20}
                maxRows={40}
                spellCheck={false}
                autoComplete="off"
                error={jsonError}
                styles={{
                  input: {
                    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                    fontSize: 13,
                  },
                }}
                data-testid="procedure-json"
              />
              <Group>
                <Button onClick={() => void save()} loading={saving} disabled={!parsed.ok}>
                  {t('adminProcedures.save')}
                </Button>
                <Button variant="default" component={Link} to="/admin/procedures">
                  {t('adminProcedures.cancel')}
                </Button>
              </Group>
              <div ref={resultRef} tabIndex={-1}>
                {saveError && (
                  <Alert color="red" variant="light" role="alert" title={t('adminProcedures.saveFailed')}>
                    <Text>{saveError.message}</Text>
                    {saveError.field && (
                      <Text fz="sm" mt={4}>
                        {t('adminProcedures.field')}: <code>{saveError.field}</code>
                      </Text>
                    )}
                  </Alert>
                )}
                {saved && (
                  <Alert color="green" variant="light" role="status" data-testid="save-success">
                    {t('adminProcedures.saved', {
                      version: saved.version,
                      date: formatDate(saved.effectiveFrom),
                    })}
                  </Alert>
                )}
              </div>
            </Stack>
          </SectionPanel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <SectionPanel
            id="preview-title"
            title={t('adminProcedures.previewTitle')}
            titleGap="xs"
            data-testid="preview"
          >
            <Text fz="sm" c="dimmed" mb="md">
              {t('adminProcedures.previewHelp')}
            </Text>
            <Preview parsed={previewParsed} source={debounced} />
          </SectionPanel>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function Preview({ parsed, source }: { parsed: Parsed; source: string }) {
  const { t } = useTranslation()
  if (!parsed.ok) {
    return (
      <Alert color="orange" variant="light" role="note">
        {t('adminProcedures.previewUnavailable')}
      </Alert>
    )
  }
  const schema = parsed.value.formSchema
  if (!isObject(schema)) {
    return (
      <Alert color="orange" variant="light" role="note">
        {t('adminProcedures.noFormSchema')}
      </Alert>
    )
  }
  const uiSchema = isObject(parsed.value.uiSchema) ? parsed.value.uiSchema : null
  const en = currentLanguage() === 'en'
  const name = en ? parsed.value.nameEn : parsed.value.name
  return (
    <Stack gap="sm">
      {typeof name === 'string' && (
        <Text fw={700} fz="lg" component="p">
          {name}
        </Text>
      )}
      {/* A new boundary for each text: an error in one schema does not stick once it is fixed. */}
      <PreviewBoundary key={source} fallback={(message) => <PreviewError message={message} />}>
        <PreviewForm schema={schema} uiSchema={uiSchema} />
      </PreviewBoundary>
    </Stack>
  )
}

function PreviewForm({ schema, uiSchema }: { schema: JsonSchema; uiSchema: Record<string, unknown> | null }) {
  const [data, setData] = useState<Record<string, unknown>>({})
  const handle = useRef<SchemaFormHandle>(null)
  const locked = useMemo(() => sourcedPaths(schema), [schema])
  return (
    <SchemaForm
      schema={schema}
      uiSchema={uiSchema}
      formData={data}
      onChange={setData}
      locked={locked}
      handle={handle}
      idPrefix="preview"
    />
  )
}

function PreviewError({ message }: { message: string }) {
  const { t } = useTranslation()
  return (
    <Alert color="red" variant="light" role="note" title={t('adminProcedures.previewError')}>
      <Text fz="sm">{message}</Text>
    </Alert>
  )
}

class PreviewBoundary extends Component<
  { children: ReactNode; fallback: (message: string) => ReactNode },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override render() {
    if (this.state.error) return this.props.fallback(this.state.error.message)
    return this.props.children
  }
}
