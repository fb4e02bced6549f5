import { Alert, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { TargetFigure, TargetStatus } from '../api/metrics'
import { formatDate, pickName } from '../i18n/format'
import { formatChange, formatNumber, formatShare } from './format'
import { TrendChart } from './LazyCharts'
import { RecordsButton } from './RecordsModal'
import { ShareBar, STATUS_COLOURS } from './ShareBar'

export function TargetStatusBadge({ status }: { status: TargetStatus }) {
  const { t } = useTranslation()
  return (
    <Badge
      color={STATUS_COLOURS[status]}
      variant="filled"
      tt="none"
      component="span"
      style={{ flexShrink: 0 }}
    >
      {t(`metrics.status.${status}`)}
    </Badge>
  )
}

/** "2027: 100% · 2030: 100%", or "no target for 2027" where the programme sets none. */
function targetsText(target: TargetFigure, t: (key: string, options?: Record<string, unknown>) => string) {
  return [2027, 2030]
    .map((year) => {
      const value = year === 2027 ? target.target2027 : target.target2030
      return value === null
        ? t('metrics.target.noTarget', { year })
        : t('metrics.target.targetFor', { year, value: formatShare(value) })
    })
    .join(' · ')
}

/** One target of the programme: its live figure against the targets, how it moves, and how it is computed. */
export function TargetCard({ target, onShowRecords }: { target: TargetFigure; onShowRecords: () => void }) {
  const { t } = useTranslation()
  const headingId = `target-${target.id.replace(/[^\w-]/g, '-')}`
  const name = pickName(target)
  const measured = target.value !== null
  const trend = target.trend.filter((point) => point.value !== null)
  const marks = [target.target2027, target.target2030].filter((value): value is number => value !== null)

  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-labelledby={headingId}
      data-testid={`target-${target.id}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Title order={3} fz="md" id={headingId}>
            {name}
          </Title>
          <TargetStatusBadge status={target.status} />
        </Group>

        {measured && target.value !== null ? (
          <Stack gap={6}>
            <Group gap="xs" align="baseline">
              <Text fz={28} fw={700} lh={1.1}>
                {formatShare(target.value)}
              </Text>
              {target.numerator !== null && target.denominator !== null && (
                <Text fz="sm">
                  {t('metrics.target.fraction', {
                    numerator: formatNumber(target.numerator),
                    denominator: formatNumber(target.denominator),
                  })}
                </Text>
              )}
            </Group>
            <ShareBar value={target.value} colour={STATUS_COLOURS[target.status]} marks={marks} />
            <Text fz="sm">{targetsText(target, t)}</Text>
            {target.beside && (
              <Text fz="sm" data-testid={`beside-${target.id}`}>
                <Text span fw={600}>
                  {target.beside.name}:
                </Text>{' '}
                {target.beside.value === null
                  ? t('metrics.status.not_measured')
                  : `${formatShare(target.beside.value)} (${t('metrics.target.fraction', {
                      numerator: formatNumber(target.beside.numerator),
                      denominator: formatNumber(target.beside.denominator),
                    })})`}
              </Text>
            )}
            <Text fz="sm">
              {target.monthAgo === null
                ? t('metrics.target.noMonthAgo')
                : t('metrics.target.sinceMonthAgo', {
                    change: formatChange(target.value, target.monthAgo),
                    before: formatShare(target.monthAgo),
                  })}
            </Text>
          </Stack>
        ) : (
          <Stack gap={6}>
            <Text fz="lg" fw={700}>
              {t('metrics.status.not_measured')}
            </Text>
            <Text fz="sm">{targetsText(target, t)}</Text>
            {target.missing === null && target.denominator === 0 && (
              <Text fz="sm">{t('metrics.target.noData')}</Text>
            )}
            {target.missing && (
              <Alert color="gray" variant="light" p="xs" title={t('metrics.target.missing')}>
                <Text fz="sm">{target.missing}</Text>
              </Alert>
            )}
          </Stack>
        )}

        <Text fz="sm">
          <Text span fw={600}>
            {t('metrics.target.method')}
          </Text>{' '}
          {target.method}
        </Text>
        <Text fz="xs" c="gray.8">
          {t('metrics.target.source', {
            source: t(`metrics.sources.${target.source}`, { defaultValue: target.source }),
            decision: target.decision,
            from: formatDate(target.effectiveFrom),
          })}
        </Text>

        {trend.length > 0 && <Trend target={target} name={name} />}

        {/* Nothing to list behind a figure that is not measured yet. */}
        {target.recordsUrl && measured && (
          <Group>
            <RecordsButton name={name} onClick={onShowRecords} />
          </Group>
        )}
      </Stack>
    </Paper>
  )
}

/** The trend line, named by a sentence with its figures, and the same figures as a table on demand. */
function Trend({ target, name }: { target: TargetFigure; name: string }) {
  const { t } = useTranslation()
  const points = target.trend.filter((point): point is { day: string; value: number } => point.value !== null)
  const first = points[0]
  const last = points[points.length - 1]
  if (!first || !last) return null
  const label = t('metrics.trend.label', {
    name,
    count: points.length,
    from: formatShare(first.value),
    fromDay: formatDate(first.day),
    to: formatShare(last.value),
    toDay: formatDate(last.day),
  })
  const targets = (
    [
      [2027, target.target2027],
      [2030, target.target2030],
    ] as const
  )
    .filter((entry): entry is readonly [2027 | 2030, number] => entry[1] !== null)
    .map(([year, value]) => ({ label: t('metrics.trend.targetLine', { year }), value }))
  // Two equal targets are one line.
  const lines = targets.filter(
    (line, index) => targets.findIndex((other) => other.value === line.value) === index,
  )

  return (
    <Stack gap={4}>
      <TrendChart label={label} points={target.trend} targets={lines} valueName={t('metrics.trend.value')} />
      <details>
        <summary>
          <Text span fz="sm">
            {t('metrics.trend.showTable')}
          </Text>
        </summary>
        <Table.ScrollContainer minWidth={240}>
          <Table striped fz="sm">
            <Table.Caption className="sen-sr-only">{label}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('metrics.trend.day')}</Table.Th>
                <Table.Th scope="col">{t('metrics.trend.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {target.trend.map((point) => (
                <Table.Tr key={point.day}>
                  <Table.Td>{formatDate(point.day)}</Table.Td>
                  <Table.Td>
                    {point.value === null ? t('metrics.status.not_measured') : formatShare(point.value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
    </Stack>
  )
}
