import { lazy, Suspense } from 'react'
import { Loading } from '../components/Loading'
import type { GroupChartProps, TrendChartProps } from './charts'

// recharts (and d3 under it) is loaded only by the pages that draw a chart.
const TrendChartImpl = lazy(() => import('./charts').then((charts) => ({ default: charts.TrendChart })))
const GroupChartImpl = lazy(() => import('./charts').then((charts) => ({ default: charts.GroupChart })))

export function TrendChart(props: TrendChartProps) {
  return (
    <Suspense fallback={<Loading size="sm" />}>
      <TrendChartImpl {...props} />
    </Suspense>
  )
}

export function GroupChart(props: GroupChartProps) {
  return (
    <Suspense fallback={<Loading size="sm" />}>
      <GroupChartImpl {...props} />
    </Suspense>
  )
}
