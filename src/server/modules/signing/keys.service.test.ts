import { createPrivateKey, X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import type { Database, Db } from '../../db'
import { countAuditEvents } from '../audit/service'
import { resolveMasterKey } from './keyholder'
import { signingKeys } from './schema'
import {
  certificateChain,
  ensureAgencyKey,
  ensureOfficialKey,
  ensureRootCa,
  issueSignerKey,
  ROOT_CA_NAME,
  revokeKey,
  rootCertificatePem,
} from './service'

let database: Database
let db: Db
beforeAll(async () => {
  database = await testDatabase()
  db = database.db
})
afterAll(() => database.close())

const AGENCY = { id: 'H01.X00001', name: 'UBND phường Ba Đình' }
const rowsOf = (ownerType: 'ca' | 'agency' | 'official', ownerId: string) =>
  db
    .select()
    .from(signingKeys)
    .where(eq(signingKeys.ownerType, ownerType))
    .then((rows) => rows.filter((r) => r.ownerId === ownerId))

describe('the embedded certificate authority', () => {
  it('creates one root CA at first use, self-signed, RSA-2048, able to sign certificates only', async () => {
    const pem = await rootCertificatePem(db)
    expect(await rootCertificatePem(db)).toBe(pem)
    expect(await rowsOf('ca', 'root')).toHaveLength(1)
    const root = new X509Certificate(pem)
    expect(root.subject).toContain(`CN=${ROOT_CA_NAME}`)
    expect(root.ca).toBe(true)
    expect(root.verify(root.publicKey)).toBe(true)
    expect(root.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(root.keyUsage).toBeUndefined() // Node lists extended key usage only: none is set
  })

  it('issues an agency certificate under the root: CN = name, O = agency id, Vietnamese intact', async () => {
    const key = await ensureAgencyKey(db, AGENCY.id, AGENCY.name)
    expect(key.subject).toBe(`CN=${AGENCY.name}, O=${AGENCY.id}, C=VN`)
    expect(key.issuer).toBe(`CN=${ROOT_CA_NAME}, O=Sen, C=VN`)
    const [leafPem, rootPem] = await certificateChain(db, 'agency', AGENCY.id)
    const leaf = new X509Certificate(leafPem!)
    const root = new X509Certificate(rootPem!)
    expect(leaf.checkIssued(root)).toBe(true)
    expect(leaf.verify(root.publicKey)).toBe(true)
    expect(leaf.ca).toBe(false)
    expect(leaf.serialNumber.toLowerCase()).toBe(key.serial)
    expect(new Date(key.notAfter).getUTCFullYear() - new Date(key.notBefore).getUTCFullYear()).toBe(5)
  })

  it('issues an official certificate: CN = display name, UID = user id, O = agency name', async () => {
    const userId = '7a0e1a52-2f7c-4f0e-9d8a-0c6b8f1e2d3c'
    const key = await ensureOfficialKey(db, { userId, displayName: 'Trần Thị Bình', agencyName: AGENCY.name })
    expect(key.subject).toBe(`CN=Trần Thị Bình, UID=${userId}, O=${AGENCY.name}, C=VN`)
    expect(
      (await ensureOfficialKey(db, { userId, displayName: 'Trần Thị Bình', agencyName: AGENCY.name })).id,
    ).toBe(key.id)
  })

  it('writes the capacity an official signs in as the certificate’s title', async () => {
    const userId = '7a0e1a52-2f7c-4f0e-9d8a-0c6b8f1e2d3d'
    const key = await ensureOfficialKey(db, {
      userId,
      displayName: 'Lê Văn Cường',
      agencyName: AGENCY.name,
      title: 'Lãnh đạo',
    })
    expect(key.subject).toBe(`CN=Lê Văn Cường, title=Lãnh đạo, UID=${userId}, O=${AGENCY.name}, C=VN`)
  })

  it('issues a key with the account to leaders only', async () => {
    const agency = { name: AGENCY.name }
    const leader = {
      id: '7a0e1a52-2f7c-4f0e-9d8a-0c6b8f1e2d3e',
      kind: 'official',
      displayName: 'Lãnh đạo A',
      agency,
    }
    const issued = await issueSignerKey(db, { ...leader, roles: ['leader'] })
    expect(issued?.subject).toBe(`CN=Lãnh đạo A, title=Lãnh đạo, UID=${leader.id}, O=${AGENCY.name}, C=VN`)
    const officer = {
      ...leader,
      id: '7a0e1a52-2f7c-4f0e-9d8a-0c6b8f1e2d3f',
      roles: ['reception', 'specialist'],
    }
    expect(await issueSignerKey(db, officer)).toBeNull()
    expect(await rowsOf('official', officer.id)).toHaveLength(0)
  })

  it('creates one key when ten callers ask for the same agency at once', async () => {
    const before = await countAuditEvents(db, 'signing_key')
    const keys = await Promise.all(
      Array.from({ length: 10 }, () => ensureAgencyKey(db, 'H79.X26734', 'UBND phường Sài Gòn')),
    )
    expect(new Set(keys.map((k) => k.id)).size).toBe(1)
    expect(await rowsOf('agency', 'H79.X26734')).toHaveLength(1)
    expect(await countAuditEvents(db, 'signing_key')).toBe(before + 1)
  })

  it('stores private keys encrypted (PKCS#8): unreadable without the master key', async () => {
    const [row] = await rowsOf('agency', AGENCY.id)
    const stored = row!.encryptedKeyPem!
    expect(stored).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
    expect(() => createPrivateKey({ key: stored, format: 'pem' })).toThrow()
    expect(() => createPrivateKey({ key: stored, format: 'pem', passphrase: 'x'.repeat(43) })).toThrow()
    // The one this process's key holder uses: the run's SEN_SIGNING_MASTER_KEY, or one of its own.
    const master = resolveMasterKey({ env: 'test', dataDir: 'memory://' })
    const key = createPrivateKey({ key: stored, format: 'pem', passphrase: master })
    expect(key.asymmetricKeyType).toBe('rsa')
  })

  it('revokes a key; the owner then gets a new one', async () => {
    const first = await ensureAgencyKey(db, 'H01.X00004', 'UBND phường Hoàn Kiếm')
    const revoked = await revokeKey(db, first.id)
    expect(revoked.revoked).toBe(true)
    const second = await ensureAgencyKey(db, 'H01.X00004', 'UBND phường Hoàn Kiếm')
    expect(second.id).not.toBe(first.id)
    expect(second.revoked).toBe(false)
    await expect(revokeKey(db, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'SIGNING_KEY_NOT_FOUND',
    })
  })

  it('keeps using the same root across calls', async () => {
    const root = await ensureRootCa(db)
    expect((await ensureRootCa(db)).id).toBe(root.id)
  })
})

describe('the master key', () => {
  it('comes from SEN_SIGNING_MASTER_KEY when set', () => {
    const given = 'k'.repeat(40)
    expect(
      resolveMasterKey({ env: 'production', dataDir: '/nowhere' }, { SEN_SIGNING_MASTER_KEY: given }),
    ).toBe(given)
  })

  it('is required in production', () => {
    expect(() => resolveMasterKey({ env: 'production', dataDir: '/nowhere' }, {})).toThrow(
      /SEN_SIGNING_MASTER_KEY/,
    )
  })

  it('is generated once in the data directory, readable by the owner only', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-master-'))
    try {
      const first = resolveMasterKey({ env: 'development', dataDir }, {})
      expect(resolveMasterKey({ env: 'development', dataDir }, {})).toBe(first)
      const file = path.join(dataDir, 'secrets', 'signing-master-key')
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(first.length).toBeGreaterThanOrEqual(43)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
