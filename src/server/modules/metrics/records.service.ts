import type { Db } from '../../db'
import { catalogFacts, type ProcedureFacts } from '../catalog/service'
import { agencyIdsUnder } from '../identity/service'
import { notMeasured } from './errors'
import { sourceOf } from './sources'
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
  const [prefix] = counter.split('.')
  if (prefix !== 'catalog') {
    const records = sourceOf(counter)?.records
    if (!records) throw notMeasured()
    const allAgencyIds = await agencyIdsUnder(db, query.scope.path)
    // Records of no agency count at the root, so the nation lists them too.
    const agencyIds = query.scope.parentId === null ? null : allAgencyIds
    return records(db, { counter, agencyIds, allAgencyIds, page, pageSize })
  }
  // The catalog's counters: procedures, counted per agency level by the refresh itself.
  const wanted = PROCEDURE_FILTERS[counter]
  if (!wanted) throw notMeasured()
  const facts = (await catalogFacts(db)).filter(wanted)
  return {
    kind: 'procedure',
    total: facts.length,
    page,
    pageSize,
    items: facts.slice((page - 1) * pageSize, page * pageSize).map((f) => ({
      id: f.code,
      label: f.name,
      agencyId: null,
      at: null,
      detail: f.agencyLevels.join(', '),
    })),
  }
}
