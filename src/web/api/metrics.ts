// Shapes of the metrics API (programme dashboard, service-quality index). The server's contract is the single
// source of truth: these are its types, erased at build time, so a change on either side fails the type check.
import type { Query } from './client'

export type {
  FigureRecords,
  IndexGroup,
  IndexIndicator,
  IndexRanking,
  ProgrammeDashboard,
  ScopeRef,
  ServiceIndex,
  TargetFigure,
  TargetStatus,
} from '../../server/modules/metrics/types'

/** The scope everyone may open: the nation's published aggregate. */
export const NATION = 'G00'

export type ExportFormat = 'csv' | 'json'

/**
 * Splits an API path the server hands out (`recordsUrl`, with or without `/api/v1`, maybe with a query string)
 * into what `api.get` takes.
 */
export function splitApiPath(url: string): { path: string; query: Query } {
  const parsed = new URL(url, 'http://sen.invalid')
  const path = parsed.pathname.replace(/^\/api\/v1(?=\/)/, '')
  const query: Query = {}
  for (const [key, value] of parsed.searchParams) query[key] = value
  return { path, query }
}
