import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/server/db/rows'
import { type AccountView, createAccount } from '../../src/server/modules/identity/service'
import type { Role } from '../../src/server/modules/identity/types'
import type { TestApp } from './app'

/** The password of every fixture account (long enough for POST /api/v1/users too). */
export const FIXTURE_PASSWORD = 'correct-horse-battery'

let made = 0
/** A username no other fixture of this process uses. */
export function uniqueName(prefix: string): string {
  made++
  return `${prefix}.${made}.${randomBytes(3).toString('hex')}`
}

/** An official, created through the identity service as an operator would. */
export function createOfficial(
  t: TestApp,
  agencyId: string,
  roles: Role[],
  prefix = 'official',
): Promise<AccountView> {
  return createAccount(t.db, null, {
    username: uniqueName(prefix),
    password: FIXTURE_PASSWORD,
    kind: 'official',
    displayName: `Cán bộ ${prefix}`,
    agencyId,
    roles,
  })
}

let pins = 0
/** A citizen with a personal id number of their own. */
export function createCitizen(t: TestApp, prefix = 'citizen'): Promise<AccountView> {
  pins++
  const pin = `099${String(process.pid % 100000).padStart(5, '0')}${String(pins).padStart(4, '0')}`
  return createAccount(t.db, null, {
    username: uniqueName(prefix),
    password: FIXTURE_PASSWORD,
    kind: 'citizen',
    displayName: 'Hoàng Thị Lan',
    person: { pin, fullName: 'Hoàng Thị Lan' },
  })
}

/** What a request could have changed: how many accounts, agencies, audit events and sessions there are. */
export async function snapshot(t: TestApp) {
  const [counts] = await rowsOf<Record<string, number>>(
    t.db,
    sql`select
    (select count(*)::int from users) as accounts,
    (select count(*)::int from agencies) as agencies,
    (select count(*)::int from audit_events) as "auditEvents",
    (select count(*)::int from sessions) as sessions`,
  )
  return {
    accounts: Number(counts!.accounts),
    agencies: Number(counts!.agencies),
    auditEvents: Number(counts!.auditEvents),
    sessions: Number(counts!.sessions),
  }
}
