// Where the dashboard's counters come from: one entry per module that counts something per agency.
// A module that makes a target live adds its entry here (and names its counters in
// config/vn/programme-targets.json); its functions live in its own service.ts.
import type { Db } from '../../db'
import { dossierCountsByAgency, dossiersBehind, itemCountsByAgency } from '../dossiers/service'
import { systemCountsByAgency } from '../exchange/service'
import { ratingCountsByAgency, ratingsBehind } from '../feedback/service'
import {
  obligationsBehind,
  reportingCountsByAgency,
  staffBehind,
  staffCountsByAgency,
  taskCountsByAgency,
  tasksBehind,
} from '../governance/service'
import { openDataBehind, openDataCounts } from '../opendata/service'
import { proactiveCounts, proactiveCoverage } from '../proactive/service'
import { documentsBehind, walletCountsByAgency } from '../wallet/service'
import type { FigureRecords } from './types'

export type Counts = Record<string, number>

/** One agency's counts; `agencyId: null` counts at the root (the nation). */
export interface AgencyCounts {
  agencyId: string | null
  counts: Counts
}

export interface RecordsQuery {
  counter: string
  /** The agencies of the scope; null for the nation, where records of no agency count too. */
  agencyIds: string[] | null
  /** Every agency of the scope, the nation included. */
  allAgencyIds: string[]
  page: number
  pageSize: number
}

export interface CounterSource {
  /** The first part of its counters' names ("dossiers" for "dossiers.decided"). */
  prefixes: string[]
  /** Its counters per agency as of `until` (leaf agencies: the refresh rolls them up the tree). */
  counts(db: Db, until: Date): Promise<AgencyCounts[]>
  /** Its counters that are the same at every scope: kept on the root, read at every scope from it. */
  national?: string[]
  /** The records behind one of its counters in a scope: ids, dates and states, never a person. */
  records?(db: Db, query: RecordsQuery): Promise<FigureRecords>
}

const fromMap = (counts: Map<string, Counts>): AgencyCounts[] =>
  [...counts].map(([agencyId, c]) => ({ agencyId, counts: c }))

async function dossierRecords(db: Db, query: RecordsQuery): Promise<FigureRecords> {
  const { counter, allAgencyIds, page, pageSize } = query
  const { items, total } = await dossiersBehind(db, { counter, agencyIds: allAgencyIds, page, pageSize })
  return {
    kind: 'dossier',
    total,
    page,
    pageSize,
    items: items.map((d) => ({
      id: d.code,
      label: d.procedureCode,
      agencyId: d.agencyId,
      at: (d.decidedAt ?? d.submittedAt).toISOString(),
      detail: d.status,
    })),
  }
}

/** The catalog's counters are computed by the refresh itself, per agency level (refresh.service.ts). */
export const counterSources: CounterSource[] = [
  {
    prefixes: ['dossiers'],
    counts: async (db, until) => fromMap(await dossierCountsByAgency(db, until)),
    records: dossierRecords,
  },
  {
    prefixes: ['items'],
    counts: async (db, until) => fromMap(await itemCountsByAgency(db, until)),
    records: dossierRecords,
  },
  {
    prefixes: ['ratings'],
    counts: async (db, until) => fromMap(await ratingCountsByAgency(db, until)),
    async records(db, { counter, allAgencyIds, page, pageSize }) {
      const { items, total } = await ratingsBehind(db, { counter, agencyIds: allAgencyIds, page, pageSize })
      return {
        kind: 'rating',
        total,
        page,
        pageSize,
        items: items.map((r) => ({
          id: r.dossierCode,
          label: r.procedureCode,
          agencyId: r.agencyId,
          at: r.createdAt.toISOString(),
          detail: r.score,
        })),
      }
    },
  },
  {
    prefixes: ['documents'],
    counts: walletCountsByAgency,
    async records(db, { counter, agencyIds, page, pageSize }) {
      const { items, total } = await documentsBehind(db, { counter, agencyIds, page, pageSize })
      return {
        kind: 'document',
        total,
        page,
        pageSize,
        items: items.map((d) => ({
          id: d.id,
          label: d.type,
          agencyId: d.agencyId,
          at: d.issuedAt.toISOString(),
          detail: String(d.uses),
        })),
      }
    },
  },
  // gov.systems_connected: registered information systems, and those with gateway traffic in 30 days.
  { prefixes: ['exchange'], counts: systemCountsByAgency },
  {
    prefixes: ['proactive'],
    counts: proactiveCounts,
    national: ['proactive.essential', 'proactive.essential_covered'],
    // The essential procedures delivered proactively, and why: the triggers naming them, a suggestion.
    async records(db, { page, pageSize }) {
      const { covered } = await proactiveCoverage(db, new Date())
      return {
        kind: 'procedure',
        total: covered.length,
        page,
        pageSize,
        items: covered.slice((page - 1) * pageSize, page * pageSize).map((c) => ({
          id: c.code,
          label: c.name,
          agencyId: null,
          at: null,
          detail: [...c.triggers, ...(c.suggested ? ['suggested'] : [])].join(', '),
        })),
      }
    },
  },
  {
    prefixes: ['tasks'],
    counts: taskCountsByAgency,
    // Tasks count for their lead agency: the records are those of the lead agencies in the scope.
    async records(db, { counter, agencyIds, page, pageSize }) {
      const { items, total } = await tasksBehind(db, { counter, agencyIds, page, pageSize })
      return { kind: 'task', total, page, pageSize, items }
    },
  },
  {
    prefixes: ['opendata'],
    counts: openDataCounts,
    // The published datasets meeting the metadata standard that make their agencies count.
    async records(db, { allAgencyIds, page, pageSize }) {
      const { items, total } = await openDataBehind(db, { agencyIds: allAgencyIds, page, pageSize })
      return {
        kind: 'dataset',
        total,
        page,
        pageSize,
        items: items.map((d) => ({
          id: d.slug,
          label: d.title,
          agencyId: d.agencyId,
          at: d.issued,
          detail: String(d.score),
        })),
      }
    },
  },
  {
    prefixes: ['reporting'],
    counts: reportingCountsByAgency,
    // Reports count for the agency that owes them: the records are its regimes' latest due periods.
    async records(db, { counter, agencyIds, page, pageSize }) {
      const { items, total } = await obligationsBehind(db, { counter, agencyIds, page, pageSize })
      return { kind: 'submission', total, page, pageSize, items }
    },
  },
  {
    prefixes: ['staff'],
    counts: staffCountsByAgency,
    async records(db, { counter, agencyIds, page, pageSize }) {
      const { items, total } = await staffBehind(db, { counter, agencyIds, page, pageSize })
      return { kind: 'staff', total, page, pageSize, items }
    },
  },
]

/** The source of a counter, by its prefix. */
export function sourceOf(counter: string): CounterSource | undefined {
  const [prefix] = counter.split('.')
  return counterSources.find((s) => s.prefixes.includes(prefix!))
}
