import { ActionIcon, Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, errorMessage, isAbort } from '../api/client'
import type { Agency, Page } from '../api/types'
import { isAgencyAdmin, useSession } from '../app/session'
import { Forbidden } from '../components/Forbidden'
import { LiveSearch } from '../components/LiveSearch'
import { Loading } from '../components/Loading'
import { RequireAuth } from '../components/RequireAuth'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { localName } from '../i18n/names'

const PAGE_SIZE = 50

export function AdminAgenciesPage() {
  return (
    <RequireAuth>
      <AdminAgencies />
    </RequireAuth>
  )
}

function AdminAgencies() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(isAgencyAdmin(me) ? t('agencies.title') : t('forbidden.title'))
  const [query, setQuery] = useState('')
  const [debounced] = useDebouncedValue(query.trim(), 300)
  if (!isAgencyAdmin(me)) return <Forbidden message={t('forbidden.admin')} />

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('agencies.title')}</Title>
        <Text>{t('agencies.intro')}</Text>
      </Stack>
      <LiveSearch
        label={t('agencies.searchLabel')}
        placeholder={t('agencies.searchPlaceholder')}
        value={query}
        onChange={setQuery}
      />
      {debounced ? <SearchResults q={debounced} /> : <AgencyTree />}
    </Stack>
  )
}

/** Pages through GET /agencies with the given filter; "load more" appends the next page. */
function useAgencies(filter: { parentId?: string; q?: string }) {
  const { parentId, q } = filter
  const [items, setItems] = useState<Agency[]>([])
  const [total, setTotal] = useState(0)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const controller = useRef<AbortController | null>(null)

  const load = useCallback(
    async (page: number) => {
      controller.current?.abort()
      const abort = new AbortController()
      controller.current = abort
      setLoading(true)
      setError(null)
      try {
        const result = await api.get<Page<Agency>>(
          '/agencies',
          { parentId, q, page, pageSize: PAGE_SIZE },
          abort.signal,
        )
        setItems((previous) => (page === 1 ? result.items : [...previous, ...result.items]))
        setTotal(result.total)
      } catch (err) {
        if (isAbort(err)) return
        setError(errorMessage(err))
      } finally {
        if (controller.current === abort) setLoading(false)
      }
    },
    [parentId, q],
  )

  useEffect(() => {
    setItems([])
    void load(1)
    return () => controller.current?.abort()
  }, [load])

  const nextPage = Math.floor(items.length / PAGE_SIZE) + 1
  return {
    items,
    total,
    loading,
    error,
    hasMore: items.length < total,
    loadMore: () => void load(nextPage),
    retry: () => void load(items.length ? nextPage : 1),
  }
}

function AgencySummary({ agency, showParent = false }: { agency: Agency; showParent?: boolean }) {
  const { t } = useTranslation()
  return (
    <Group gap="xs" wrap="wrap" component="span">
      <Text span fw={600}>
        {localName(agency)}
      </Text>
      <Badge variant="light" color="blue" c="blue.9" tt="none" component="span">
        {t(`agencies.levels.${agency.level}`)}
      </Badge>
      <Text span fz="sm" c="dimmed">
        {t('agencies.code')}: <code>{agency.id}</code>
      </Text>
      {agency.adminUnitCode && (
        <Text span fz="sm" c="dimmed">
          · {t('agencies.adminUnitCode')}: <code>{agency.adminUnitCode}</code>
        </Text>
      )}
      {showParent && agency.parentId && (
        <Text span fz="sm" c="dimmed">
          · {t('agencies.parent')}: <code>{agency.parentId}</code>
        </Text>
      )}
      {agency.childCount > 0 && (
        <Text span fz="sm" c="dimmed">
          · {t('agencies.children', { count: agency.childCount })}
        </Text>
      )}
    </Group>
  )
}

function ListStatus({
  loading,
  error,
  hasMore,
  shown,
  total,
  onMore,
  onRetry,
}: {
  loading: boolean
  error: string | null
  hasMore: boolean
  shown: number
  total: number
  onMore: () => void
  onRetry: () => void
}) {
  const { t } = useTranslation()
  if (loading) return <Loading size="sm" inline />
  if (error) {
    return (
      <Alert color="red" variant="light">
        <Group gap="sm">
          <span>{error}</span>
          <Button size="xs" variant="default" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </Group>
      </Alert>
    )
  }
  if (hasMore) {
    return (
      <Button size="xs" variant="subtle" onClick={onMore}>
        {t('agencies.loadMore', { shown, total })}
      </Button>
    )
  }
  return null
}

function AgencyTree() {
  const { t } = useTranslation()
  const roots = useAgencies({})
  return (
    <SectionPanel id="tree-title" title={t('agencies.treeTitle')}>
      <ul className="sen-tree">
        {roots.items.map((agency) => (
          <AgencyNode key={agency.id} agency={agency} />
        ))}
      </ul>
      <ListStatus
        loading={roots.loading}
        error={roots.error}
        hasMore={roots.hasMore}
        shown={roots.items.length}
        total={roots.total}
        onMore={roots.loadMore}
        onRetry={roots.retry}
      />
    </SectionPanel>
  )
}

function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }}
    >
      <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  )
}

function AgencyNode({ agency }: { agency: Agency }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const childrenId = `agency-children-${agency.id}`
  const name = localName(agency)
  return (
    <li>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        {agency.childCount > 0 ? (
          <ActionIcon
            variant="subtle"
            color="gray.9"
            aria-expanded={open}
            aria-controls={open ? childrenId : undefined}
            aria-label={open ? t('agencies.collapse', { name }) : t('agencies.expand', { name })}
            onClick={() => setOpen((value) => !value)}
          >
            <Chevron open={open} />
          </ActionIcon>
        ) : (
          <span style={{ display: 'inline-block', width: 28, flexShrink: 0 }} />
        )}
        <div style={{ paddingTop: 4 }}>
          <AgencySummary agency={agency} />
        </div>
      </Group>
      {open && <AgencyChildren parent={agency} id={childrenId} />}
    </li>
  )
}

function AgencyChildren({ parent, id }: { parent: Agency; id: string }) {
  const { t } = useTranslation()
  const children = useAgencies({ parentId: parent.id })
  return (
    <ul id={id} aria-label={t('agencies.childrenOf', { name: localName(parent) })}>
      {children.items.map((agency) => (
        <AgencyNode key={agency.id} agency={agency} />
      ))}
      {(children.loading || children.error || children.hasMore) && (
        <li>
          <ListStatus
            loading={children.loading}
            error={children.error}
            hasMore={children.hasMore}
            shown={children.items.length}
            total={children.total}
            onMore={children.loadMore}
            onRetry={children.retry}
          />
        </li>
      )}
    </ul>
  )
}

function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation()
  const results = useAgencies({ q })
  return (
    <SectionPanel id="results-title" title={t('agencies.resultsTitle')} titleGap="xs">
      <Text role="status" mb="md" c="dimmed" fz="sm">
        {results.loading && results.items.length === 0
          ? ''
          : results.total > 0
            ? t('agencies.resultsCount', { count: results.total })
            : results.error
              ? ''
              : t('agencies.noResults')}
      </Text>
      {results.items.length > 0 && (
        <ul className="sen-tree">
          {results.items.map((agency) => (
            <li key={agency.id}>
              <AgencySummary agency={agency} showParent />
            </li>
          ))}
        </ul>
      )}
      <ListStatus
        loading={results.loading}
        error={results.error}
        hasMore={results.hasMore}
        shown={results.items.length}
        total={results.total}
        onMore={results.loadMore}
        onRetry={results.retry}
      />
    </SectionPanel>
  )
}
