import { sql } from 'drizzle-orm'
import type { Tx } from '../../db'
import { workingCalendar } from '../calendar/service'
import { dossierSequences } from './schema'

/**
 * The next dossier code `<receiving agency electronic id>-<YYMMDD>-<NNNN>`: a daily sequence per
 * receiving agency, taken with one atomic upsert so that concurrent filings never share a number.
 */
export async function nextDossierCode(tx: Tx, agencyId: string, at: Date): Promise<string> {
  const day = workingCalendar().localDay(at)
  const [row] = await tx
    .insert(dossierSequences)
    .values({ agencyId, day, last: 1 })
    .onConflictDoUpdate({
      target: [dossierSequences.agencyId, dossierSequences.day],
      set: { last: sql`${dossierSequences.last} + 1` },
    })
    .returning({ last: dossierSequences.last })
  const yymmdd = day.slice(2).replaceAll('-', '')
  return `${agencyId}-${yymmdd}-${String(row!.last).padStart(4, '0')}`
}
