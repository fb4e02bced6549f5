import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { errorMessage } from '../api/client'
import { type IndexIndicator, type IndexRanking, NATION, type ServiceIndex } from '../api/metrics'
import { ListTable } from '../components/ListTable'
import { Loading } from '../components/Loading'
import { LoadState } from '../components/LoadState'
import { SectionPanel } from '../components/SectionPanel'
import { usePageTitle } from '../components/usePageTitle'
import { localName } from '../i18n/names'
import { AsOf } from '../metrics/AsOf'
import { formatNumber, formatShare } from '../metrics/format'
import { GroupChart } from '../metrics/LazyCharts'
import { RecordsButton, RecordsModal } from '../metrics/RecordsModal'
import { ScopeBreadcrumbs } from '../metrics/ScopeBreadcrumbs'
import { ShareBar } from '../metrics/ShareBar'
import { useApiQuery } from '../metrics/useApiQuery'

/** `?scope=` ranks the agencies below it (none: the provinces); `?selected=` shows one row's index. */
function indexLink(scope: string | null, selected?: string): string {
  const params = new URLSearchParams()
  if (scope && scope !== NATION) params.set('scope', scope)
  if (selected) params.set('selected', selected)
  const query = params.toString()
  return `/service-index${query ? `?${query}` : ''}`
}

const BAR_COLOUR = '#1864ab'

/** The public 100-point service-quality index (Decision 766/QĐ-TTg): a ranking, and the index of one row. */
export function ServiceIndexPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const scope = params.get('scope')?.trim() || null
  const selected = params.get('selected')?.trim() || scope || NATION
  const title = t('serviceIndex.title')
  usePageTitle(title)

  const ranking = useApiQuery<IndexRanking>(
    '/metrics/service-index/ranking',
    scope ? { level: 'agency', scope } : { level: 'province' },
  )
  const scopeIndex = useApiQuery<ServiceIndex>('/metrics/service-index', { scope: scope ?? NATION })

  if (!ranking.data || ranking.error) return <LoadState title={title} error={ranking.error} />
  if (scopeIndex.error) return <LoadState title={title} error={scopeIndex.error} />

  const scopeRef = scopeIndex.data?.scope
  const scopeName = scopeRef ? localName(scopeRef) : ''
  return (
    <Stack gap="lg">
      {scope && scopeRef && (
        <ScopeBreadcrumbs
          ancestors={scopeRef.ancestors}
          current={{ id: scopeRef.id, name: scopeName }}
          linkTo={(id) => indexLink(id)}
        />
      )}
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        <Text>{t('serviceIndex.intro')}</Text>
      </Stack>
      <AsOf asOf={ranking.data.asOf} loading={ranking.loading} />
      <Ranking ranking={ranking.data} scope={scope} scopeName={scopeName} selected={selected} />
      <SelectedIndex id={selected} preloaded={selected === (scope ?? NATION) ? scopeIndex.data : null} />
    </Stack>
  )
}

function Ranking({
  ranking,
  scope,
  scopeName,
  selected,
}: {
  ranking: IndexRanking
  scope: string | null
  scopeName: string
  selected: string
}) {
  const { t } = useTranslation()
  const provinces = ranking.level === 'province'
  const heading = provinces
    ? t('serviceIndex.rankingProvinces')
    : t('serviceIndex.rankingAgencies', { name: scopeName })
  return (
    <section aria-labelledby="ranking-title">
      <Title order={2} fz="lg" id="ranking-title" mb="xs">
        {heading}
      </Title>
      {scope && (
        <Anchor component={Link} to={indexLink(null)} fz="sm">
          ← {t('serviceIndex.backToProvinces')}
        </Anchor>
      )}
      {ranking.rows.length === 0 ? (
        <Text mt="sm">{t('serviceIndex.noRows')}</Text>
      ) : (
        <ListTable
          minWidth={720}
          caption={t('serviceIndex.rankingCaption', { title: heading, total: ranking.rows.length })}
          hideCaption
          columns={[
            t('metrics.col.rank'),
            t('metrics.col.agency'),
            t('serviceIndex.col.points'),
            <span key="bar" className="sen-sr-only">
              {t('metrics.col.bar')}
            </span>,
            t('serviceIndex.col.dossiers'),
            // Provinces can be opened into their agencies; the agencies of a ranking below a scope are leaves.
            ...(provinces ? [t('serviceIndex.col.below')] : []),
          ]}
          striped
          highlightOnHover
          data-testid="ranking-table"
        >
          {ranking.rows.map((row) => {
            const current = row.id === selected
            return (
              <Table.Tr key={row.id} bg={current ? 'blue.0' : undefined}>
                <Table.Td>{row.rank}</Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={indexLink(scope, row.id)}
                    aria-current={current ? 'true' : undefined}
                    fw={current ? 700 : undefined}
                    preventScrollReset
                  >
                    {row.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">
                    {row.measuredMaxPoints === 0
                      ? t('metrics.status.not_measured')
                      : t('serviceIndex.pointsOf', {
                          points: formatNumber(row.points),
                          measured: formatNumber(row.measuredMaxPoints),
                        })}
                  </Text>
                </Table.Td>
                <Table.Td w="25%">
                  <ShareBar
                    value={row.points / 100}
                    colour={BAR_COLOUR}
                    marks={[row.measuredMaxPoints / 100]}
                  />
                </Table.Td>
                <Table.Td>{formatNumber(row.dossiers)}</Table.Td>
                {provinces && (
                  <Table.Td>
                    <Anchor component={Link} to={indexLink(row.id)} fz="sm">
                      <span aria-hidden="true">{t('serviceIndex.agenciesBelow')}</span>
                      <span className="sen-sr-only">
                        {t('serviceIndex.agenciesBelowOf', { name: row.name })}
                      </span>
                    </Anchor>
                  </Table.Td>
                )}
              </Table.Tr>
            )
          })}
        </ListTable>
      )}
    </section>
  )
}

/** The index of one agency subtree: its five groups as a chart and a table, then every indicator. */
function SelectedIndex({ id, preloaded }: { id: string; preloaded: ServiceIndex | null }) {
  const { t } = useTranslation()
  const asked = useApiQuery<ServiceIndex>(preloaded ? null : '/metrics/service-index', { scope: id })
  const index = preloaded ?? asked.data
  const headingRef = useRef<HTMLHeadingElement>(null)
  const firstId = useRef(id)
  const [records, setRecords] = useState<IndexIndicator | null>(null)

  // Selecting another row moves focus to its index, so that keyboard and screen-reader users land on it.
  useEffect(() => {
    if (id !== firstId.current && index?.scope.id === id) headingRef.current?.focus()
  }, [id, index?.scope.id])

  if (asked.error) {
    return (
      <Alert color="red" variant="light" role="alert">
        {errorMessage(asked.error)}
      </Alert>
    )
  }
  if (!index) return <Loading />

  const name = localName(index.scope)
  const chartLabel = t('serviceIndex.chartLabel', {
    name,
    groups: index.groups
      .map((group) =>
        t('serviceIndex.groupFigure', {
          name: group.name,
          points: formatNumber(group.points),
          max: formatNumber(group.maxPoints),
        }),
      )
      .join('; '),
  })

  return (
    <SectionPanel
      id="index-title"
      title={
        <span ref={headingRef} tabIndex={-1}>
          {t('serviceIndex.indexOf', { name })}
        </span>
      }
      data-testid="service-index"
    >
      <Stack gap="md">
        <Text>
          {index.measuredMaxPoints === 0
            ? t('serviceIndex.noneMeasured')
            : t('serviceIndex.total', {
                points: formatNumber(index.points),
                measured: formatNumber(index.measuredMaxPoints),
              })}
        </Text>
        <AsOf asOf={index.asOf} loading={asked.loading} />
        <GroupChart
          label={chartLabel}
          groups={index.groups.map((group) => ({
            name: group.name,
            points: group.points,
            maxPoints: group.maxPoints,
          }))}
          pointsName={t('serviceIndex.col.groupPoints')}
          maxName={t('serviceIndex.col.maxPoints')}
        />
        <ListTable
          minWidth={560}
          caption={t('serviceIndex.groupsCaption', { name })}
          columns={[
            t('serviceIndex.col.group'),
            t('serviceIndex.col.groupPoints'),
            t('serviceIndex.col.measuredMax'),
            t('serviceIndex.col.maxPoints'),
          ]}
          striped
        >
          {index.groups.map((group) => (
            <Table.Tr key={group.id}>
              <Table.Th scope="row" fw={500}>
                {group.name}
              </Table.Th>
              <Table.Td>{formatNumber(group.points)}</Table.Td>
              <Table.Td>{formatNumber(group.measuredMaxPoints)}</Table.Td>
              <Table.Td>{formatNumber(group.maxPoints)}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        <Alert color="blue" variant="light" role="note" title={t('serviceIndex.splitTitle')}>
          <Text fz="sm">{t('serviceIndex.splitNote')}</Text>
        </Alert>
        {index.groups.map((group) => (
          <section key={group.id} aria-labelledby={`group-${group.id}`}>
            <Title order={3} fz="md" id={`group-${group.id}`} mb="xs">
              {t('serviceIndex.groupHeading', {
                name: group.name,
                points: formatNumber(group.points),
                max: formatNumber(group.maxPoints),
              })}
            </Title>
            <ListTable
              minWidth={760}
              caption={t('serviceIndex.indicatorsCaption', { name: group.name })}
              hideCaption
              columns={[
                t('serviceIndex.col.indicator'),
                t('serviceIndex.col.figure'),
                t('serviceIndex.col.threshold'),
                t('serviceIndex.col.indicatorPoints'),
                t('serviceIndex.col.records'),
              ]}
              striped
              verticalSpacing="sm"
            >
              {group.indicators.map((indicator) => (
                <IndicatorRow
                  key={indicator.id}
                  indicator={indicator}
                  onShowRecords={() => setRecords(indicator)}
                />
              ))}
            </ListTable>
          </section>
        ))}
      </Stack>
      {records && (
        <RecordsModal
          url={`/metrics/service-index/${encodeURIComponent(records.id)}/records?scope=${encodeURIComponent(index.scope.id)}`}
          title={t('metrics.records.titleFor', { name: records.name })}
          onClose={() => setRecords(null)}
        />
      )}
    </SectionPanel>
  )
}

function IndicatorRow({
  indicator,
  onShowRecords,
}: {
  indicator: IndexIndicator
  onShowRecords: () => void
}) {
  const { t } = useTranslation()
  const measured = indicator.points !== null
  return (
    <Table.Tr>
      <Table.Td>
        <Text fz="sm" fw={600}>
          {indicator.name}
        </Text>
        <Text fz="xs" c="gray.8">
          {indicator.method}
        </Text>
      </Table.Td>
      <Table.Td fz="sm">
        {indicator.value === null ? (
          <>
            {t('metrics.status.not_measured')}
            {indicator.missing && (
              <Text fz="xs" c="gray.8">
                {indicator.missing}
              </Text>
            )}
          </>
        ) : (
          <>
            {formatShare(indicator.value)}
            {indicator.numerator !== null && indicator.denominator !== null && (
              <Text fz="xs" c="gray.8">
                {t('metrics.target.fraction', {
                  numerator: formatNumber(indicator.numerator),
                  denominator: formatNumber(indicator.denominator),
                })}
              </Text>
            )}
          </>
        )}
      </Table.Td>
      <Table.Td fz="sm">{t('serviceIndex.threshold', { value: formatShare(indicator.threshold) })}</Table.Td>
      <Table.Td fz="sm">
        {indicator.points === null
          ? t('serviceIndex.notMeasuredOf', { max: formatNumber(indicator.maxPoints) })
          : t('serviceIndex.pointsOfMax', {
              points: formatNumber(indicator.points),
              max: formatNumber(indicator.maxPoints),
            })}
      </Table.Td>
      <Table.Td>{measured ? <RecordsButton name={indicator.name} onClick={onShowRecords} /> : '—'}</Table.Td>
    </Table.Tr>
  )
}
