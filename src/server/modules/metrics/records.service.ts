import type { Db } from '../../db'
import { catalogFacts, type ProcedureFacts } from '../catalog/service'
import { dossiersBehind } from '../dossiers/service'
import { ratingsBehind } from '../feedback/service'
import { agencyIdsUnder } from '../identity/service'
import { documentsBehind } from '../wallet/service'
import { notMeasured } from './errors'
import type { FigureRecords } from './types'

/** Which procedures each catalog counter counts (per agency they are counted for its level). */
const PROCEDURE_FILTERS: Record<string, (f: ProcedureFacts) => boolean> = {
  'catalog.eligible': (f) => f.onlineEligible,
  'catalog.full_online': (f) => f.onlineEligible && f.fullOnline,
  'catalog.offered': () => true,
  'catalog.offered_complete': (f) => f.complete,
  'catalog.offered_full': (f) => f.fullOnline,
  'catalog.offered_fee': (f) => f.feeBearing,
  'catalog.offered_fee_online': (f) => f.feeBearing && f.fullOnline,
}

/**
 * The records behind a counter in a scope, from the module that owns them: dossier codes,
 * document ids, procedure codes — dates and states, never who the applicant is.
 */
export async function recordsBehind(
  db: Db,
  query: {
    counter: string | undefined
    scope: { id: string; path: string; parentId: string | null }
    page: number
    pageSize: number
  },
): Promise<FigureRecords> {
  const { counter, page, pageSize } = query
  if (!counter) throw notMeasured()
  const agencyIds = await agencyIdsUnder(db, query.scope.path)
  const paging = { page, pageSize }
  const [prefix] = counter.split('.')
  switch (prefix) {
    case 'dossiers':
    case 'items': {
      const { items, total } = await dossiersBehind(db, { counter, agencyIds, ...paging })
      return {
        kind: 'dossier',
        total,
        ...paging,
        items: items.map((d) => ({
          id: d.code,
          label: d.procedureCode,
          agencyId: d.agencyId,
          at: (d.decidedAt ?? d.submittedAt).toISOString(),
          detail: d.status,
        })),
      }
    }
    case 'ratings': {
      const { items, total } = await ratingsBehind(db, { counter, agencyIds, ...paging })
      return {
        kind: 'rating',
        total,
        ...paging,
        items: items.map((r) => ({
          id: r.dossierCode,
          label: r.procedureCode,
          agencyId: r.agencyId,
          at: r.createdAt.toISOString(),
          detail: r.score,
        })),
      }
    }
    case 'documents': {
      // Documents with no issuing agency count at the root, so the nation lists them too.
      const scoped = query.scope.parentId === null ? null : agencyIds
      const { items, total } = await documentsBehind(db, { counter, agencyIds: scoped, ...paging })
      return {
        kind: 'document',
        total,
        ...paging,
        items: items.map((d) => ({
          id: d.id,
          label: d.type,
          agencyId: d.agencyId,
          at: d.issuedAt.toISOString(),
          detail: String(d.uses),
        })),
      }
    }
    case 'catalog': {
      const wanted = PROCEDURE_FILTERS[counter]
      if (!wanted) throw notMeasured()
      const facts = (await catalogFacts(db)).filter(wanted)
      return {
        kind: 'procedure',
        total: facts.length,
        ...paging,
        items: facts.slice((page - 1) * pageSize, page * pageSize).map((f) => ({
          id: f.code,
          label: f.name,
          agencyId: null,
          at: null,
          detail: f.agencyLevels.join(', '),
        })),
      }
    }
    default:
      throw notMeasured()
  }
}
