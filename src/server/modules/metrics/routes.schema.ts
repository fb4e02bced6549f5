import { Type } from 'typebox'
import { Nullable } from '../../schemas'

const Share = Nullable(Type.Number({ minimum: 0 }))

export const AgencyId = Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]*$', maxLength: 32 })
export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
}

export const ScopeQuery = Type.Object({ scope: Type.Optional(AgencyId) }, { additionalProperties: false })

const ScopeRef = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.String(),
  ancestors: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
})

const TargetFigure = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  target2027: Share,
  target2030: Share,
  decision: Type.String(),
  effectiveFrom: Type.String(),
  value: Share,
  numerator: Nullable(Type.Integer()),
  denominator: Nullable(Type.Integer()),
  status: Type.Enum(['met', 'on_track', 'behind', 'not_measured']),
  method: Type.String(),
  missing: Nullable(Type.String()),
  source: Type.String(),
  recordsUrl: Nullable(Type.String()),
  monthAgo: Share,
  trend: Type.Array(Type.Object({ day: Type.String(), value: Share })),
  beside: Nullable(
    Type.Object({
      name: Type.String(),
      value: Share,
      numerator: Type.Integer(),
      denominator: Type.Integer(),
    }),
  ),
})

export const ProgrammeDashboard = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  scope: ScopeRef,
  statusRule: Type.Object({ onTrackFrom: Type.Number(), method: Type.String() }),
  targets: Type.Array(TargetFigure),
  children: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      level: Type.String(),
      measured: Type.Integer(),
      met: Type.Integer(),
    }),
  ),
})

const IndexIndicator = Type.Object({
  id: Type.String(),
  name: Type.String(),
  maxPoints: Type.Number(),
  points: Nullable(Type.Number()),
  value: Share,
  numerator: Nullable(Type.Integer()),
  denominator: Nullable(Type.Integer()),
  threshold: Type.Number(),
  method: Type.String(),
  missing: Nullable(Type.String()),
})

export const ServiceIndex = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  scope: ScopeRef,
  points: Type.Number(),
  measuredMaxPoints: Type.Number(),
  groups: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      maxPoints: Type.Number(),
      points: Type.Number(),
      measuredMaxPoints: Type.Number(),
      indicators: Type.Array(IndexIndicator),
    }),
  ),
})

export const IndexRanking = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  level: Type.Enum(['province', 'agency']),
  rows: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      id: Type.String(),
      name: Type.String(),
      points: Type.Number(),
      measuredMaxPoints: Type.Number(),
      groups: Type.Record(Type.String(), Type.Number()),
      dossiers: Type.Integer(),
    }),
  ),
})

export const FigureRecords = Type.Object({
  kind: Type.Enum([
    'dossier',
    'document',
    'rating',
    'procedure',
    'task',
    'submission',
    'system',
    'dataset',
    'staff',
  ]),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      agencyId: Nullable(Type.String()),
      at: Nullable(Type.String()),
      detail: Nullable(Type.String()),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})

export const FigureId = Type.String({ pattern: '^[a-z_]+\\.[a-z_0-9]+$', maxLength: 64 })
