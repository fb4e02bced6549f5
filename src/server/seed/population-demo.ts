import type { Db } from '../db'
import { type PersonData, recordBusiness, recordPerson } from '../modules/registry/service'
import { generatePopulation } from './population'

export const DEMO_CITIZEN_PIN = '001090000001'
export const DEMO_SPOUSE_PIN = '001190000002'
export const DEMO_BUSINESS_TAX_CODE = '0101234567'
/** The demo's generated people: Hà Nội and Đà Nẵng, always the same. */
export const DEMO_POPULATION = { people: 300, businesses: 20, seed: 2629, provinces: ['01', '48'] }

const home = {
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  provinceCode: '01',
  communeCode: '00004',
  address: 'Số 12 phố Điện Biên Phủ, phường Ba Đình, Hà Nội',
  maritalStatus: 'married',
} as const

/**
 * The demo citizen Nguyễn Văn An and his wife Trần Thị Mai (married to each other, same address, so that
 * a birth registration of their newborn prefills both parents), the demo business Công ty TNHH Hoa Sen
 * represented by him, and a few hundred generated people in Hà Nội and Đà Nẵng. Goes through the
 * registry's services, as any source would.
 */
export async function loadDemoRegistry(db: Db): Promise<void> {
  const an: PersonData = {
    ...home,
    fullName: 'Nguyễn Văn An',
    birthDate: '1990-05-12',
    gender: 'male',
    spousePin: DEMO_SPOUSE_PIN,
  }
  const mai: PersonData = {
    ...home,
    fullName: 'Trần Thị Mai',
    birthDate: '1990-09-20',
    gender: 'female',
    spousePin: DEMO_CITIZEN_PIN,
  }
  await recordPerson(db, null, DEMO_CITIZEN_PIN, an, 'demo')
  await recordPerson(db, null, DEMO_SPOUSE_PIN, mai, 'demo')
  await recordBusiness(
    db,
    null,
    DEMO_BUSINESS_TAX_CODE,
    {
      name: 'Công ty TNHH Hoa Sen',
      kind: 'company',
      representativePin: DEMO_CITIZEN_PIN,
      provinceCode: '01',
      address: 'Số 25 phố Liễu Giai, phường Ngọc Hà, Hà Nội',
      registeredOn: '2015-03-02',
      status: 'active',
    },
    'demo',
  )
  await generatePopulation(db, { ...DEMO_POPULATION, source: 'demo-generated' })
}
