import type { TargetStatus } from '../api/metrics'

// Dark shades: white text on them (badges) keeps at least 4.5:1 contrast.
export const STATUS_COLOURS: Record<TargetStatus, string> = {
  met: '#1e6b2f',
  on_track: '#1864ab',
  behind: '#c92a2a',
  not_measured: '#495057',
}

/**
 * A share (0–1) as a bar, with thin marks where the targets stand. A picture only (aria-hidden): the figures
 * beside it say the same in words.
 */
export function ShareBar({
  value,
  colour,
  marks = [],
  height = 12,
}: {
  value: number
  colour: string
  marks?: number[]
  height?: number
}) {
  const width = `${Math.min(Math.max(value, 0), 1) * 100}%`
  return (
    <div
      aria-hidden="true"
      style={{ position: 'relative', height, background: '#e9ecef', borderRadius: height / 2 }}
    >
      <div style={{ width, height: '100%', background: colour, borderRadius: height / 2 }} />
      {[...new Set(marks)].map((mark) => (
        <div
          key={mark}
          style={{
            position: 'absolute',
            left: `calc(${Math.min(Math.max(mark, 0), 1) * 100}% - 1px)`,
            top: -3,
            bottom: -3,
            width: 2,
            background: '#212529',
          }}
        />
      ))}
    </div>
  )
}
