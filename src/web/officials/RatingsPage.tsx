import { Alert, Anchor, Badge, Group, Progress, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSession } from '../app/session'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { Pager, usePageParam } from '../components/Pager'
import { SectionPanel } from '../components/SectionPanel'
import { usePagedQuery } from '../components/usePagedQuery'
import { usePageTitle } from '../components/usePageTitle'
import { currentLanguage } from '../i18n'
import { formatDateTime, pickName } from '../i18n/format'
import { localName } from '../i18n/names'
import type { RatingScore, RatingsPage as Ratings } from './api'
import { RequireOfficial, useProcedureNames } from './common'

const PAGE_SIZE = 20
const SCORES: RatingScore[] = ['satisfied', 'acceptable', 'dissatisfied']
// Dark shades so that white labels inside the bar keep at least 4.5:1 contrast.
const COLOURS: Record<RatingScore, string> = {
  satisfied: '#1e6b2f',
  acceptable: '#7a4a00',
  dissatisfied: '#c92a2a',
}

export function RatingsPage() {
  return (
    <RequireOfficial>
      <RatingsView />
    </RequireOfficial>
  )
}

function percent(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 1000) / 10 : 0
}

/** "87,5" in Vietnamese, "87.5" in English. */
function formatPercent(value: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: 1,
  }).format(value)
}

function RatingsView() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('ratings.title'))
  const [page, setPage] = usePageParam()
  const names = useProcedureNames()
  const { result: data, error } = usePagedQuery<Ratings>(
    '/ratings',
    { page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  )

  const summary = data?.summary
  const total = summary?.total ?? 0
  const pages = Math.ceil(total / PAGE_SIZE)
  const percentOf = (score: RatingScore) => percent(summary?.[score] ?? 0, total)

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/workspace" fz="sm">
        ← {t('processing.backToWorkspace')}
      </Anchor>
      <Stack gap={4}>
        <Title order={1}>{t('ratings.title')}</Title>
        <Text>
          {me?.agency ? t('ratings.intro', { agency: localName(me.agency) }) : t('ratings.introNoAgency')}
        </Text>
      </Stack>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      {!data && !error && <Loading />}
      {summary && (
        <SectionPanel id="summary-title" title={t('ratings.summaryTitle')} titleGap="xs">
          {total === 0 ? (
            <Text>{t('ratings.none')}</Text>
          ) : (
            <Stack gap="md">
              <Text>{t('ratings.total', { count: total })}</Text>
              {/* The bar is a picture of the list below it; screen readers read the list. */}
              <Progress.Root size={32} aria-hidden="true">
                {SCORES.filter((score) => (summary[score] ?? 0) > 0).map((score) => (
                  <Progress.Section key={score} value={percentOf(score)} color={COLOURS[score]}>
                    {percentOf(score) >= 8 && (
                      <Progress.Label fz="sm" c="white">
                        {formatPercent(percentOf(score))}%
                      </Progress.Label>
                    )}
                  </Progress.Section>
                ))}
              </Progress.Root>
              <Group
                component="ul"
                gap="xl"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
                data-testid="ratings-summary"
              >
                {SCORES.map((score) => (
                  <Group component="li" key={score} gap={8} wrap="nowrap">
                    <span
                      aria-hidden="true"
                      style={{
                        width: 14,
                        height: 14,
                        borderRadius: 3,
                        background: COLOURS[score],
                        flexShrink: 0,
                      }}
                    />
                    <Text>
                      <Text span fw={600}>
                        {t(`ratings.scores.${score}`)}
                      </Text>
                      :{' '}
                      {t('ratings.share', {
                        count: summary[score] ?? 0,
                        percent: formatPercent(percentOf(score)),
                      })}
                    </Text>
                  </Group>
                ))}
              </Group>
            </Stack>
          )}
        </SectionPanel>
      )}

      {data && total > 0 && (
        <section aria-labelledby="list-title">
          <Title order={2} fz="lg" id="list-title" mb="sm">
            {t('ratings.listTitle')}
          </Title>
          <ListTable
            minWidth={720}
            caption={t('ratings.listTitle')}
            hideCaption
            columns={[
              t('ratings.col.date'),
              t('ratings.col.dossier'),
              t('ratings.col.score'),
              t('ratings.col.comment'),
            ]}
            striped
            verticalSpacing="sm"
          >
            {data.items.map((rating) => {
              const procedure = names.get(rating.procedureCode)
              return (
                <Table.Tr key={rating.dossierCode}>
                  <Table.Td>
                    <Text fz="sm">
                      <time dateTime={rating.createdAt}>{formatDateTime(rating.createdAt)}</time>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/workspace/dossiers/${encodeURIComponent(rating.dossierCode)}`}
                      ff="monospace"
                      fz="sm"
                    >
                      {rating.dossierCode}
                    </Anchor>
                    <Text fz="xs" c="dimmed">
                      {procedure ? pickName(procedure) : rating.procedureCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLOURS[rating.score]} variant="filled" tt="none" component="span">
                      {t(`ratings.scores.${rating.score}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {rating.comment ? (
                      <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {rating.comment}
                      </Text>
                    ) : (
                      <Text fz="sm" c="dimmed">
                        {t('ratings.noComment')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </ListTable>
          {pages > 1 && <Pager mt="md" total={pages} value={page} onChange={setPage} />}
        </section>
      )}
    </Stack>
  )
}
