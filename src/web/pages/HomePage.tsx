import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { ProcedureSummary } from '../api/citizen'
import { api } from '../api/client'
import type { Page } from '../api/types'
import { AssistantBox } from '../assistant/AssistantBox'
import { OnlineLevelBadge } from '../components/Badges'
import { Loading } from '../components/Loading'
import { usePageTitle } from '../components/usePageTitle'
import { formatProcessingDays, formatVnd, pickName } from '../i18n/format'

const FEATURED = 6

export function HomePage() {
  const { t } = useTranslation()
  usePageTitle()
  const navigate = useNavigate()
  const [query, setQuery] = useState('')
  const [featured, setFeatured] = useState<ProcedureSummary[] | null>(null)

  // The essential procedures of the catalog (those every citizen meets), first few.
  useEffect(() => {
    api
      .get<Page<ProcedureSummary>>('/procedures', { pageSize: 100 })
      .then((r) => setFeatured(r.items.filter((p) => p.essential).slice(0, FEATURED)))
      .catch(() => setFeatured([]))
  }, [])

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const q = query.trim()
    navigate(q ? `/procedures?${new URLSearchParams({ q })}` : '/procedures')
  }

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Title order={1}>{t('home.title')}</Title>
        <Text fz="lg" maw={720}>
          {t('home.intro')}
        </Text>
      </Stack>

      <search>
        <form onSubmit={onSubmit} action="/procedures">
          <Group align="flex-end" gap="sm" maw={720}>
            <TextInput
              name="q"
              type="search"
              label={t('home.searchLabel')}
              placeholder={t('home.searchPlaceholder')}
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              size="md"
              style={{ flex: 1, minWidth: 220 }}
            />
            <Button type="submit" size="md">
              {t('home.searchButton')}
            </Button>
          </Group>
        </form>
      </search>

      <AssistantBox />

      <section aria-labelledby="featured-title">
        <Title order={2} id="featured-title" mb="md">
          {t('home.featuredTitle')}
        </Title>
        {!featured && <Loading />}
        {featured && featured.length === 0 && (
          <Anchor component={Link} to="/procedures">
            {t('home.allProcedures')}
          </Anchor>
        )}
        {featured && featured.length > 0 && (
          <SimpleGrid
            cols={{ base: 1, sm: 2, md: 3 }}
            spacing="md"
            component="ul"
            style={{ listStyle: 'none', padding: 0 }}
          >
            {featured.map((procedure) => (
              <Card component="li" key={procedure.code} withBorder padding="lg">
                <Stack gap="xs">
                  <Title order={3} fz="lg">
                    <Anchor component={Link} to={`/procedures/${procedure.code}`}>
                      {pickName(procedure)}
                    </Anchor>
                  </Title>
                  <Group gap="xs">
                    <OnlineLevelBadge level={procedure.onlineLevel} />
                  </Group>
                  <Text fz="sm" c="dimmed">
                    {t('home.code')}: {procedure.code}
                  </Text>
                  <Text fz="sm" c="dimmed">
                    {t('catalog.fee')}: {formatVnd(procedure.feeVnd)} ·{' '}
                    {formatProcessingDays(procedure.processingDays)}
                  </Text>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
        {featured && featured.length > 0 && (
          <Anchor component={Link} to="/procedures" mt="md" display="inline-block">
            {t('home.allProcedures')}
          </Anchor>
        )}
      </section>
    </Stack>
  )
}
