import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../../../tests/helpers/app'
import { createCitizen, FIXTURE_PASSWORD } from '../../../../tests/helpers/fixtures'
import { auditEvents } from '../audit/schema'
import { dossiers } from '../dossiers/schema'
import { principalOfAccount } from '../identity/service'
import { recordPerson } from '../registry/service'
import { representationFor } from './service'

const AN = '001090000001'
const CHILD = '001220009901'
let t: TestApp
let an: Session
let lan: Session
let lanPin: string
beforeAll(async () => {
  t = await createTestApp()
  // Nguyễn Văn An's son, ten years old: his father acts for him by the population registry.
  const tenYearsAgo = new Date().getUTCFullYear() - 10
  await recordPerson(
    t.db,
    null,
    CHILD,
    {
      fullName: 'Nguyễn Văn Bình',
      birthDate: `${tenYearsAgo}-03-01`,
      gender: 'male',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      provinceCode: '01',
      communeCode: '00004',
      address: 'Số 12 phố Điện Biên Phủ, phường Ba Đình, Hà Nội',
      maritalStatus: 'single',
      fatherPin: AN,
    },
    'test',
  )
  const other = await createCitizen(t, 'lan')
  lanPin = other.person!.pin
  await recordPerson(
    t.db,
    null,
    lanPin,
    {
      fullName: 'Hoàng Thị Lan',
      birthDate: '1985-01-01',
      gender: 'female',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      provinceCode: '01',
      communeCode: '00004',
      address: 'Số 3 phố Kim Mã, phường Ba Đình, Hà Nội',
      maritalStatus: 'single',
    },
    'test',
  )
  an = await t.login('demo.citizen')
  lan = await t.login(other.username, FIXTURE_PASSWORD)
})
afterAll(() => t.close())

/** A copy of a birth certificate (2.000635), filed for someone. */
const fileFor = (session: Session, onBehalfOf: Record<string, string>, procedureCode = '2.000635') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: session.headers,
    payload: {
      procedureCode,
      data: {
        applicant: { phone: '0912345678' },
        extractType: 'birth',
        subject: { fullName: 'Nguyễn Văn Bình' },
      },
      documents: [],
      onBehalfOf,
    },
  })

const authorise = (session: Session, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/me/authorisations', headers: session.headers, payload: body })

const inAYear = () => new Date(Date.now() + 365 * 86400_000).toISOString()

async function auditOf(code: string) {
  const [event] = await t.db
    .select({ data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'dossier.submitted'), eq(auditEvents.entityId, code)))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  return event?.data
}

describe('acting for others', () => {
  it('a parent files for a minor child: the dossier is the child’s, filed by the parent, and audited so', async () => {
    const filed = await fileFor(an, { pin: CHILD })
    expect(filed.statusCode, filed.body).toBe(201)
    expect(filed.json()).toMatchObject({
      applicantId: CHILD,
      representation: { representativePin: AN, basis: 'parent', authorisationId: null },
    })
    expect(await auditOf(filed.json().code)).toMatchObject({
      onBehalfOf: { type: 'person', pin: CHILD },
      representation: { representativePin: AN, basis: 'parent' },
    })
    // The parent follows it in their own list.
    const mine = await t.app.inject({ url: '/api/v1/dossiers', headers: { cookie: an.cookie } })
    expect(mine.json().items.map((d: { code: string }) => d.code)).toContain(filed.json().code)
  })

  it("names the business's legal representative (business registry), and no one else", async () => {
    // No procedure of the catalog takes a business's data from the registry yet: the check itself.
    const asAn = (await principalOfAccount(t.db, 'demo.citizen'))!
    expect(
      await representationFor(t.db, asAn, { type: 'business', taxCode: '0101234567' }, '1.001612'),
    ).toEqual({
      represented: { type: 'business', taxCode: '0101234567' },
      representativePin: AN,
      basis: 'legal_representative',
      authorisationId: null,
    })
    const asLan = { ...asAn, userId: 'x', pin: lanPin }
    await expect(
      representationFor(t.db, asLan, { type: 'business', taxCode: '0101234567' }, '1.001612'),
    ).rejects.toMatchObject({ code: 'REPRESENTATION_NONE', statusCode: 403 })
  })

  it('a written authorisation lets another person file the named procedure, and the grantor sees the dossier', async () => {
    const given = await authorise(lan, {
      granteePin: AN,
      procedures: ['2.000635'],
      document: 'Giấy ủy quyền số 12/2026, chứng thực tại UBND phường Ba Đình',
      expiresAt: inAYear(),
    })
    expect(given.statusCode, given.body).toBe(201)
    const filed = await fileFor(an, { pin: lanPin })
    expect(filed.statusCode, filed.body).toBe(201)
    expect(filed.json().representation).toEqual({
      representativePin: AN,
      basis: 'written',
      authorisationId: given.json().id,
    })
    const code = filed.json().code
    const seen = await t.app.inject({ url: `/api/v1/dossiers/${code}`, headers: { cookie: lan.cookie } })
    expect(seen.statusCode).toBe(200)
    expect(seen.json().dossier.representation.representativePin).toBe(AN)
    const list = await t.app.inject({ url: '/api/v1/dossiers', headers: { cookie: lan.cookie } })
    expect(list.json().items.map((d: { code: string }) => d.code)).toContain(code)
    const received = await t.app.inject({ url: '/api/v1/me/authorisations', headers: { cookie: an.cookie } })
    expect(received.json().received.map((a: { id: string }) => a.id)).toContain(given.json().id)
  })

  it('refuses 403 with a code: no relation, another procedure, an expired or withdrawn authorisation; nothing filed', async () => {
    const count = async () => (await t.db.select({ code: dossiers.code }).from(dossiers)).length
    const before = await count()
    // Lan is neither An's parent nor authorised by him.
    const none = await fileFor(lan, { pin: AN })
    expect(none.statusCode).toBe(403)
    expect(none.json().error.code).toBe('REPRESENTATION_NONE')
    // Lan's authorisation covers 2.000635 only.
    const other = await fileFor(an, { pin: lanPin }, '1.004873')
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('REPRESENTATION_OUT_OF_SCOPE')
    // Withdrawn: nothing in force any more.
    const mine = (
      await t.app.inject({ url: '/api/v1/me/authorisations', headers: { cookie: lan.cookie } })
    ).json()
    for (const a of mine.given) {
      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/me/authorisations/${a.id}/revoke`,
        headers: lan.headers,
      })
      expect(revoked.json().active).toBe(false)
    }
    const expired = await fileFor(an, { pin: lanPin })
    expect(expired.statusCode).toBe(403)
    expect(expired.json().error.code).toBe('REPRESENTATION_EXPIRED')
    expect(await count()).toBe(before)
  })

  it('refuses an authorisation already expired, or to oneself: 400, nothing recorded', async () => {
    const past = await authorise(lan, {
      granteePin: AN,
      procedures: ['2.000635'],
      document: 'Giấy ủy quyền số 13/2026',
      expiresAt: new Date(Date.now() - 86400_000).toISOString(),
    })
    expect(past.statusCode).toBe(400)
    expect(past.json().error.code).toBe('AUTHORISATION_INVALID')
    const self = await authorise(lan, {
      granteePin: lanPin,
      procedures: ['2.000635'],
      document: 'Giấy ủy quyền số 14/2026',
      expiresAt: inAYear(),
    })
    expect(self.statusCode).toBe(400)
    const list = (
      await t.app.inject({ url: '/api/v1/me/authorisations', headers: { cookie: lan.cookie } })
    ).json()
    expect(list.given.every((a: { active: boolean }) => !a.active)).toBe(true)
  })
})
