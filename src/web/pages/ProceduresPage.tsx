import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { Facet, ProcedureSummary } from '../api/citizen'
import { api } from '../api/client'
import type { Page } from '../api/types'
import { OnlineLevelBadge } from '../components/Badges'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { formatProcessingDays, formatVnd, pickName } from '../i18n/format'

const PAGE_SIZE = 10

/** The procedure catalog: search (with or without diacritics), filters by sector and life event, paging. */
export function ProceduresPage() {
  const { t } = useTranslation()
  usePageTitle(t('catalog.title'))
  const [params, setParams] = useSearchParams()
  const q = params.get('q')?.trim() ?? ''
  const sector = params.get('sector') ?? ''
  const lifeEvent = params.get('lifeEvent') ?? ''
  const [page, setPage] = usePageParam()

  const [query, setQuery] = useState(q)
  const [sectors, setSectors] = useState<Facet[]>([])
  const [lifeEvents, setLifeEvents] = useState<Facet[]>([])

  useEffect(() => setQuery(q), [q])

  // Each filter's counts are those of the current search and the other filter (the server counts them).
  useEffect(() => {
    let live = true
    const filters = { q: q || undefined, sector: sector || undefined, lifeEvent: lifeEvent || undefined }
    void api
      .get<{ items: Facet[] }>('/sectors', filters)
      .then((r) => live && setSectors(r.items))
      .catch(() => undefined)
    void api
      .get<{ items: Facet[] }>('/life-events', filters)
      .then((r) => live && setLifeEvents(r.items))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [q, sector, lifeEvent])

  const { result, error } = usePagedQuery<Page<ProcedureSummary>>('/procedures', {
    q,
    sector,
    lifeEvent,
    page,
    pageSize: PAGE_SIZE,
  })

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next)
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    update({ q: query.trim() })
  }

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('catalog.title')}</Title>
        <Text maw={720}>{t('catalog.intro')}</Text>
      </Stack>

      <search>
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            <Group align="flex-end" gap="sm">
              <TextInput
                name="q"
                type="search"
                label={t('catalog.searchLabel')}
                placeholder={t('catalog.searchPlaceholder')}
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                style={{ flex: 1, minWidth: 220 }}
              />
              <Button type="submit">{t('catalog.searchButton')}</Button>
            </Group>
            <Group gap="sm" align="flex-end">
              <NativeSelect
                label={t('catalog.sector')}
                name="sector"
                value={sector}
                onChange={(event) => update({ sector: event.currentTarget.value })}
                data={[
                  { value: '', label: t('catalog.allSectors') },
                  ...sectors.map((s) => ({ value: s.id, label: `${pickName(s)} (${s.count})` })),
                ]}
                miw={240}
              />
              <NativeSelect
                label={t('catalog.lifeEvent')}
                name="lifeEvent"
                value={lifeEvent}
                onChange={(event) => update({ lifeEvent: event.currentTarget.value })}
                data={[
                  { value: '', label: t('catalog.allLifeEvents') },
                  ...lifeEvents.map((e) => ({ value: e.id, label: `${pickName(e)} (${e.count})` })),
                ]}
                miw={240}
              />
              {(q || sector || lifeEvent) && (
                <Button
                  variant="default"
                  onClick={() => {
                    setQuery('')
                    setParams(new URLSearchParams())
                  }}
                >
                  {t('catalog.clear')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </search>

      <section aria-labelledby="results-title">
        <Title order={2} fz="lg" id="results-title" mb="sm">
          {t('catalog.resultsTitle')}
        </Title>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        {!result && !error && <Loading />}
        {result && (
          <Stack gap="md">
            <Text role="status" c="dimmed">
              {q
                ? t('catalog.foundFor', { count: result.total, q })
                : t('catalog.found', { count: result.total })}
            </Text>
            {result.items.length === 0 ? (
              <Text>{t('catalog.noResults')}</Text>
            ) : (
              <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {result.items.map((procedure) => (
                  <ProcedureCard key={procedure.code} procedure={procedure} sectors={sectors} />
                ))}
              </Stack>
            )}
            {pages > 1 && <Pager total={pages} value={page} onChange={setPage} />}
          </Stack>
        )}
      </section>
    </Stack>
  )
}

function ProcedureCard({ procedure, sectors }: { procedure: ProcedureSummary; sectors: Facet[] }) {
  const { t } = useTranslation()
  const sector = sectors.find((s) => s.id === procedure.sector)
  return (
    <Card component="li" withBorder padding="md">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Title order={3} fz="lg">
            <Anchor component={Link} to={`/procedures/${procedure.code}`}>
              {pickName(procedure)}
            </Anchor>
          </Title>
          <OnlineLevelBadge level={procedure.onlineLevel} />
        </Group>
        <Group gap="lg" fz="sm">
          <Text fz="sm">
            {t('catalog.code')}: {procedure.code}
          </Text>
          {sector && (
            <Text fz="sm">
              {t('catalog.sector')}: {pickName(sector)}
            </Text>
          )}
          <Text fz="sm">
            {t('catalog.fee')}: {formatVnd(procedure.feeVnd)}
          </Text>
          <Text fz="sm">
            {t('catalog.processingTime')}: {formatProcessingDays(procedure.processingDays)}
          </Text>
        </Group>
      </Stack>
    </Card>
  )
}
