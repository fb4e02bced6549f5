import type { Db } from '../db'
import { loadDemoCatalog } from '../modules/catalog/service'
import { countAccounts, createAccount } from '../modules/identity/service'
import { issueSignerKey } from '../modules/signing/service'
import { loadCountryAgencies } from './agencies'
import { loadDemoRegistry } from './population-demo'

export const DEMO_PASSWORD = 'demo'
/** The demo's detail (people, businesses, dossiers) is in Hà Nội and Đà Nẵng; every commune is an agency. */
export const DEMO_PROVINCES = ['01', '48']

export const DEMO_ACCOUNTS = [
  { username: 'demo.citizen', role: 'citizen (Nguyễn Văn An, Ba Đình, Hà Nội)' },
  { username: 'demo.business', role: 'business (Công ty TNHH Hoa Sen)' },
  { username: 'demo.officer', role: 'reception + specialist, UBND phường Ba Đình' },
  { username: 'demo.leader', role: 'leader, UBND phường Ba Đình' },
  { username: 'demo.admin', role: 'system and agency administrator' },
] as const

/** True when the database has no accounts yet: the first start of a fresh install. */
export async function isEmpty(db: Db) {
  return (await countAccounts(db)) === 0
}

/** Loads the agencies and demo accounts through the same services that users go through. */
export async function loadDemoData(db: Db, onStep?: (step: string) => void) {
  onStep?.('agencies')
  await loadCountryAgencies(db)
  onStep?.('accounts')
  await createAccount(db, null, {
    username: 'demo.citizen',
    password: DEMO_PASSWORD,
    kind: 'citizen',
    displayName: 'Nguyễn Văn An',
    email: 'an.nguyen@example.vn',
    person: {
      pin: '001090000001',
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-12',
      gender: 'male',
      provinceCode: '01',
      communeCode: '00004',
    },
  })
  await createAccount(db, null, {
    username: 'demo.business',
    password: DEMO_PASSWORD,
    kind: 'business',
    displayName: 'Công ty TNHH Hoa Sen',
    organisation: { taxCode: '0101234567', name: 'Công ty TNHH Hoa Sen', provinceCode: '01' },
  })
  await createAccount(db, null, {
    username: 'demo.officer',
    password: DEMO_PASSWORD,
    kind: 'official',
    displayName: 'Trần Thị Bình',
    agencyId: 'X00004',
    roles: ['reception', 'specialist'],
  })
  // The leader signs results: their personal key is issued with the account.
  const leader = await createAccount(db, null, {
    username: 'demo.leader',
    password: DEMO_PASSWORD,
    kind: 'official',
    displayName: 'Lê Văn Cường',
    agencyId: 'X00004',
    roles: ['leader'],
  })
  await issueSignerKey(db, leader)
  await createAccount(db, null, {
    username: 'demo.admin',
    password: DEMO_PASSWORD,
    kind: 'official',
    displayName: 'Phạm Minh Dũng',
    agencyId: 'G00',
    roles: ['system_admin', 'agency_admin'],
  })
  onStep?.('registry')
  await loadDemoRegistry(db)
  await loadDemoCatalog(db)
}
