// The recharts charts of the metrics pages, in a chunk of their own (see LazyCharts.tsx). Each chart is a
// picture (role=img) named by a sentence with its figures; the pages also give the figures as text or a table.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { formatDate } from '../i18n/format'
import { formatNumber, formatShare } from './format'

export interface TrendChartProps {
  label: string
  points: { day: string; value: number | null }[]
  targets: { label: string; value: number }[]
  valueName: string
}

const AXIS = { fontSize: 12, fill: '#343a40' }

/** A share (0–1) over days, with the targets as dashed lines. */
export function TrendChart({ label, points, targets, valueName }: TrendChartProps) {
  const data = points.map((point) => ({
    day: point.day,
    value: point.value === null ? null : Math.round(point.value * 1000) / 10,
  }))
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 160 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => formatDate(day).slice(0, 5)}
            tick={AXIS}
            minTickGap={24}
          />
          <YAxis domain={[0, 100]} tickFormatter={(value: number) => `${value}%`} tick={AXIS} width={48} />
          <Tooltip
            formatter={(value) => [typeof value === 'number' ? formatShare(value / 100) : '—', valueName]}
            labelFormatter={(day) => formatDate(String(day))}
          />
          {targets.map((target, index) => (
            <ReferenceLine
              key={target.label}
              y={target.value * 100}
              stroke="#7a4a00"
              strokeDasharray="6 4"
              // Two targets close together: one label above its line, the other below.
              label={{
                value: target.label,
                position: index === 0 ? 'insideTopLeft' : 'insideBottomRight',
                fontSize: 11,
                fill: '#7a4a00',
              }}
            />
          ))}
          <Line
            type="monotone"
            dataKey="value"
            name={valueName}
            stroke="#1864ab"
            strokeWidth={2}
            dot={data.length < 2}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}

export interface GroupChartProps {
  label: string
  groups: { name: string; points: number; maxPoints: number }[]
  pointsName: string
  maxName: string
}

/** The points of each group of the index beside the most it can give. */
export function GroupChart({ label, groups, pointsName, maxName }: GroupChartProps) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 60 + groups.length * 48 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={groups}
          layout="vertical"
          margin={{ top: 8, right: 24, bottom: 0, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={AXIS} tickFormatter={(value: number) => formatNumber(value)} />
          <YAxis type="category" dataKey="name" tick={AXIS} width={190} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? formatNumber(value) : '—')} />
          <Legend
            wrapperStyle={{ fontSize: 13 }}
            formatter={(value) => <span style={{ color: '#343a40' }}>{value}</span>}
          />
          <Bar dataKey="points" name={pointsName} fill="#1864ab" isAnimationActive={false} />
          <Bar dataKey="maxPoints" name={maxName} fill="#adb5bd" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
