import { sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { rowsOf } from '../../db/rows'
import { agencyOfMember } from './ids'
import { exchangeLog, exchangeServices, exchangeSubsystems, informationSystems } from './schema'

/** A system is connected when it exchanged data through the gateway within this many days. */
const CONNECTED_DAYS = 30

/**
 * gov.systems_connected's counters per agency as of `until`: registered information systems
 * (`exchange.systems`), and those with traffic through the gateway in the 30 days before, as the
 * client or the provider of an exchange that answered (`exchange.systems_active`). A business's
 * systems count at the root.
 */
export async function systemCountsByAgency(
  db: Db,
  until: Date,
): Promise<{ agencyId: string | null; counts: Record<string, number> }[]> {
  const since = new Date(until.getTime() - CONNECTED_DAYS * 86_400_000)
  const rows = await rowsOf<{ member: string; systems: number; active: number }>(
    db,
    sql`select sys.member_id as member, count(*)::int as systems,
      (count(*) filter (where exists (
        select 1 from ${exchangeSubsystems} sub
        where sub.system_id = sys.id and exists (
          select 1 from ${exchangeLog} l left join ${exchangeServices} svc on svc.id = l.service_id
          where (l.client_id = sub.id or svc.subsystem_id = sub.id)
            and l.at > ${since.toISOString()}::timestamptz and l.at <= ${until.toISOString()}::timestamptz
            and l.status < 400)
      )))::int as active
    from ${informationSystems} sys
    where sys.created_at <= ${until.toISOString()}::timestamptz
    group by sys.member_id`,
  )
  const byAgency = new Map<string | null, Record<string, number>>()
  for (const row of rows) {
    const agencyId = agencyOfMember(row.member)
    const counts = byAgency.get(agencyId) ?? { 'exchange.systems': 0, 'exchange.systems_active': 0 }
    counts['exchange.systems']! += Number(row.systems)
    counts['exchange.systems_active']! += Number(row.active)
    byAgency.set(agencyId, counts)
  }
  return [...byAgency].map(([agencyId, counts]) => ({ agencyId, counts }))
}
