/**
 * The programme dashboard and the service-quality index: what the API returns.
 * Figures are computed from counters kept per agency subtree and per day (metric_counts);
 * targets and the index are data (config/vn/programme-targets.json, config/vn/service-index.json).
 */

export type Lang = 'vi' | 'en'

/** How a live figure stands against the target in force: met, on track (from `statusRule.onTrackFrom` of it), behind; or not measured. */
export type TargetStatus = 'met' | 'on_track' | 'behind' | 'not_measured'

export interface TargetFigure {
  /** Stable id, e.g. 'svc.full_online'. */
  id: string
  name: string
  nameEn: string
  /** Target share (0–1) for 2027 and 2030; null where the programme sets none for that period. */
  target2027: number | null
  target2030: number | null
  /** The decision and date the thresholds come from. */
  decision: string
  effectiveFrom: string
  /** numerator / denominator, 0–1; null when not measured yet (never 0 for missing data). */
  value: number | null
  numerator: number | null
  denominator: number | null
  status: TargetStatus
  /** One sentence a leader understands, in the request's language. */
  method: string
  /** What Sen still lacks to measure it (only when not measured). */
  missing: string | null
  /** The module the data comes from. */
  source: string
  /** Where the records behind the numerator can be listed (API path), when there are any. */
  recordsUrl: string | null
  /** The value 30 days before asOf, from the snapshots; null when no snapshot that old. */
  monthAgo: number | null
  /** One point per day with a snapshot, oldest first (up to 90 days). */
  trend: { day: string; value: number | null }[]
  /** A second figure beside it (e.g. the suggestions' acceptance rate), in the request's language; null where none. */
  beside: { name: string; value: number | null; numerator: number; denominator: number } | null
}

export interface ProgrammeDashboard {
  /** When the figures were computed (the latest refresh), not when the request came. */
  asOf: string
  scope: ScopeRef
  /** What the statuses mean, as the data defines them (config/vn/programme-targets.json). */
  statusRule: { onTrackFrom: number; method: string }
  targets: TargetFigure[]
  /** The agencies directly below the scope that the caller may open, with their headline figures. */
  children: { id: string; name: string; level: string; measured: number; met: number }[]
}

export interface ScopeRef {
  id: string
  name: string
  nameEn: string | null
  level: string
  /** From the root down to the scope, for breadcrumbs. */
  ancestors: { id: string; name: string }[]
}

export interface IndexIndicator {
  id: string
  name: string
  maxPoints: number
  /** null when not measured yet. */
  points: number | null
  value: number | null
  numerator: number | null
  denominator: number | null
  /** The share at which full marks are given (e.g. 0.8). */
  threshold: number
  method: string
  /** What Sen still lacks to measure it (only when not measured). */
  missing: string | null
}

export interface IndexGroup {
  id: string
  name: string
  maxPoints: number
  points: number
  /** The points of the indicators that Sen measures (the rest are not measured yet). */
  measuredMaxPoints: number
  indicators: IndexIndicator[]
}

export interface ServiceIndex {
  asOf: string
  scope: ScopeRef
  points: number
  measuredMaxPoints: number
  groups: IndexGroup[]
}

export interface IndexRanking {
  asOf: string
  /** 'province' ranks the 34 provinces; 'agency' ranks the agencies below `scope`. */
  level: 'province' | 'agency'
  rows: {
    rank: number
    id: string
    name: string
    points: number
    measuredMaxPoints: number
    groups: Record<string, number>
    dossiers: number
  }[]
}

/** The records behind a numerator or an indicator: ids and dates only, never personal data. */
export interface FigureRecords {
  kind:
    | 'dossier'
    | 'document'
    | 'rating'
    | 'procedure'
    | 'task'
    | 'submission'
    | 'system'
    | 'dataset'
    | 'staff'
  items: { id: string; label: string; agencyId: string | null; at: string | null; detail: string | null }[]
  total: number
  page: number
  pageSize: number
}
