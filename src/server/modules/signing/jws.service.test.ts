import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import type { Database, Db } from '../../db'
import {
  DECISION_TYPE,
  ensureAgencyKey,
  revokeKey,
  signDecision,
  signJws,
  verifyDecision,
  verifyJws,
} from './service'

let database: Database
let db: Db
const AGENCY = { id: 'H01.X00001', name: 'UBND phường Ba Đình' }
const agency = { ownerType: 'agency' as const, ownerId: AGENCY.id }
const official = {
  userId: '3f1e9c2a-7d4b-4c1e-8a2f-6b5d4c3b2a10',
  displayName: 'Phạm Thị Lãnh Đạo',
  agencyName: AGENCY.name,
}

beforeAll(async () => {
  database = await testDatabase()
  db = database.db
  await ensureAgencyKey(db, AGENCY.id, AGENCY.name)
})
afterAll(() => database.close())

const part = (jws: string, index: number) =>
  JSON.parse(Buffer.from(jws.split('.')[index]!, 'base64url').toString())

describe('JWS for machine-reusable data', () => {
  const data = { documentCode: 'H01.X00001-260305-0001-KQ1', holderName: 'Nguyễn Thị Hồng Ngọc' }

  it('signs RS256 with the certificate chain in x5c and the key id in kid, and verifies', async () => {
    const jws = await signJws(db, agency, data)
    const header = part(jws, 0)
    expect(header).toMatchObject({ alg: 'RS256' })
    expect(header.x5c).toHaveLength(2)
    const result = await verifyJws(db, jws)
    expect(result).toMatchObject({
      valid: true,
      status: 'valid',
      payload: data,
      revoked: false,
      signer: { cn: AGENCY.name, ownerType: 'agency', ownerId: AGENCY.id, keyId: header.kid },
    })
    expect(result.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await signJws(db, agency, data)).split('.')
    const forged = Buffer.from(JSON.stringify({ ...data, holderName: 'Kẻ Giả Mạo' })).toString('base64url')
    expect(await verifyJws(db, `${h}.${forged}.${s}`)).toMatchObject({
      valid: false,
      status: 'invalid',
      payload: null,
    })
  })

  it('calls garbage malformed', async () => {
    expect(await verifyJws(db, 'not.a.jws')).toMatchObject({ valid: false, status: 'malformed' })
    expect(await verifyJws(db, '')).toMatchObject({ valid: false, status: 'malformed' })
  })

  it('says revoked once the key is revoked', async () => {
    const key = await ensureAgencyKey(db, 'H01.X00010', 'UBND phường Ngọc Hà')
    const jws = await signJws(db, { ownerType: 'agency', ownerId: 'H01.X00010' }, data)
    await revokeKey(db, key.id)
    expect(await verifyJws(db, jws)).toMatchObject({
      valid: false,
      status: 'revoked',
      revoked: true,
      payload: data,
    })
  })
})

describe('decisions signed with an official’s personal key', () => {
  const decision = { dossierCode: 'H01.X00001-260305-0001', decision: 'approve', note: 'Đủ điều kiện' }

  it('signs with the official’s key (created at first use) and names the official', async () => {
    const jws = await signDecision(db, official, decision)
    expect(part(jws, 0).typ).toBe(DECISION_TYPE)
    expect(await verifyDecision(db, jws)).toMatchObject({
      valid: true,
      status: 'valid',
      payload: decision,
      signer: {
        cn: official.displayName,
        ownerType: 'official',
        ownerId: official.userId,
        organisation: official.agencyName,
      },
    })
    // The same key signs the next decision.
    const again = await signDecision(db, official, decision)
    expect(part(again, 0).kid).toBe(part(jws, 0).kid)
  })

  it('does not take an agency’s data signature for a decision', async () => {
    const jws = await signJws(db, agency, decision)
    expect(await verifyDecision(db, jws)).toMatchObject({ valid: false, status: 'invalid' })
  })

  it('refuses a tampered decision', async () => {
    const [h, , s] = (await signDecision(db, official, decision)).split('.')
    const forged = Buffer.from(JSON.stringify({ ...decision, decision: 'reject' })).toString('base64url')
    expect(await verifyDecision(db, `${h}.${forged}.${s}`)).toMatchObject({ valid: false, status: 'invalid' })
  })
})
