import { createPublicKey, randomBytes, randomUUID, X509Certificate } from 'node:crypto'
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import forge from 'node-forge'
import type { Db, Tx } from '../../db'
import { appendAudit } from '../audit/service'
import { keyNotFound, noActiveKey } from './errors'
import { keyHolder } from './keyholder'
import { signingKeys } from './schema'
import type { KeyInfo, OfficialRef, OwnerType, SigningKey } from './types'

const { asn1, pki } = forge

export const ROOT_CA_NAME = 'Sen Root CA (embedded)'
const ROOT_OWNER_ID = 'root'
const VALIDITY_YEARS: Record<OwnerType, number> = { ca: 20, agency: 5, official: 2, subsystem: 2 }
/** Advisory-lock class of key creation: one lock per owner, held to the end of its transaction. */
const KEY_LOCK_CLASS = 7366010
const OID_UID = '0.9.2342.19200300.100.1.1'
const OID_TITLE = '2.5.4.12'

/**
 * The capacity an official signs in, written into their certificate's title: Sen records roles, not
 * positions (Chủ tịch, Phó Chủ tịch), so the role that signs names it.
 */
const TITLES: Array<[role: string, title: string]> = [
  ['leader', 'Lãnh đạo'],
  ['specialist', 'Chuyên viên'],
  ['reception', 'Cán bộ tiếp nhận'],
]

export function officialTitle(roles: readonly string[]): string | null {
  return TITLES.find(([role]) => roles.includes(role))?.[1] ?? null
}

type Queryable = Db | Tx
// Present in node-forge, missing from its type definitions.
const getTBSCertificate = (pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 })
  .getTBSCertificate
type NameAttribute = { type: string; value: string }

/** A positive 128-bit serial number in lower-case hex. */
function newSerial(): string {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0]! & 0x7f) | 0x10
  return bytes.toString('hex')
}

const binary = (bytes: Uint8Array) => Buffer.from(bytes).toString('binary')

/** The Name of a certificate's subject, exactly as encoded (node-forge would re-encode UTF-8 twice). */
function rawSubject(certificatePem: string): forge.asn1.Asn1 {
  const der = new X509Certificate(certificatePem).raw
  const certificate = asn1.fromDer(binary(der))
  const tbs = (certificate.value as forge.asn1.Asn1[])[0]!
  return (tbs.value as forge.asn1.Asn1[])[5]!
}

interface CertificateRequest {
  serial: string
  subject: NameAttribute[]
  /** The issuer's certificate (PEM); none for the self-signed root. */
  issuerPem: string | null
  /** The key that signs the certificate: the issuer's, or the new key itself for the root. */
  signer: { id: string; encryptedKeyPem: string | null }
  publicKeySpki: Uint8Array
  notBefore: Date
  notAfter: Date
  ca: boolean
}

/**
 * Builds an X.509 v3 certificate (sha256WithRSAEncryption) and has the key holder sign it, so
 * that the CA key may live in an HSM like any other. Every name attribute is a UTF8String.
 */
async function makeCertificate(request: CertificateRequest): Promise<string> {
  const certificate = pki.createCertificate()
  certificate.serialNumber = request.serial
  certificate.validity.notBefore = request.notBefore
  certificate.validity.notAfter = request.notAfter
  certificate.publicKey = pki.publicKeyFromAsn1(asn1.fromDer(binary(request.publicKeySpki)))
  const subject = request.subject.map((a) => ({ ...a, valueTagClass: asn1.Type.UTF8 }))
  certificate.setSubject(subject as unknown as forge.pki.CertificateField[])
  certificate.setIssuer(subject as unknown as forge.pki.CertificateField[])
  const ski = certificate.generateSubjectKeyIdentifier().getBytes()
  const extensions: object[] = [
    {
      name: 'basicConstraints',
      cA: request.ca,
      ...(request.ca ? { pathLenConstraint: 0 } : {}),
      critical: true,
    },
    request.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]
  if (request.issuerPem) {
    const issuer = pki.certificateFromPem(request.issuerPem)
    const issuerSki = issuer.getExtension('subjectKeyIdentifier') as
      | { subjectKeyIdentifier?: string }
      | undefined
    if (issuerSki?.subjectKeyIdentifier)
      extensions.push({
        name: 'authorityKeyIdentifier',
        keyIdentifier: forge.util.hexToBytes(issuerSki.subjectKeyIdentifier),
      })
  } else {
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: ski })
  }
  certificate.setExtensions(extensions)
  const signatureOid = pki.oids.sha256WithRSAEncryption!
  certificate.signatureOid = signatureOid
  ;(certificate as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = signatureOid
  const tbs = getTBSCertificate(certificate)
  if (request.issuerPem) (tbs.value as forge.asn1.Asn1[])[3] = rawSubject(request.issuerPem)
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary')
  const signature = await keyHolder().sign(request.signer, tbsDer, 'RS256')
  const full = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(signatureOid).getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\x00${binary(signature)}`),
  ])
  const der = Buffer.from(asn1.toDer(full).getBytes(), 'binary')
  return new X509Certificate(der).toString()
}

async function activeKeyRow(q: Queryable, ownerType: OwnerType, ownerId: string): Promise<SigningKey | null> {
  const [row] = await q
    .select()
    .from(signingKeys)
    .where(
      and(
        eq(signingKeys.ownerType, ownerType),
        eq(signingKeys.ownerId, ownerId),
        isNull(signingKeys.revokedAt),
        gt(signingKeys.notAfter, sql`now()`),
      ),
    )
    .orderBy(desc(signingKeys.createdAt))
    .limit(1)
  return row ?? null
}

/**
 * Returns the owner's valid key, or creates one, once: concurrent callers queue on an advisory lock
 * keyed on the owner, and the second finds the key the first created.
 */
async function ensureKey(
  db: Db,
  ownerType: OwnerType,
  ownerId: string,
  create: (tx: Tx, id: string) => Promise<typeof signingKeys.$inferInsert>,
): Promise<SigningKey> {
  const existing = await activeKeyRow(db, ownerType, ownerId)
  if (existing) return existing
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${KEY_LOCK_CLASS}, hashtext(${`${ownerType}:${ownerId}`}))`,
    )
    const again = await activeKeyRow(tx, ownerType, ownerId)
    if (again) return again
    const id = randomUUID()
    const [row] = await tx
      .insert(signingKeys)
      .values(await create(tx, id))
      .returning()
    await appendAudit(tx, {
      actorId: null,
      action: 'signing.key.issued',
      entity: 'signing_key',
      entityId: id,
      data: { ownerType, ownerId, serial: row!.serial, holder: keyHolder().name },
    })
    return row!
  })
}

const C = (value: string) => ({ type: pki.oids.countryName!, value })
const O = (value: string) => ({ type: pki.oids.organizationName!, value })
const CN = (value: string) => ({ type: pki.oids.commonName!, value })
const UID = (value: string) => ({ type: OID_UID, value })
const T = (value: string) => ({ type: OID_TITLE, value })

function validity(ownerType: OwnerType, caNotAfter?: Date) {
  // Five minutes back: a verifier whose clock is a little behind still accepts a fresh certificate.
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000)
  const end = new Date(notBefore)
  end.setUTCFullYear(end.getUTCFullYear() + VALIDITY_YEARS[ownerType])
  const notAfter = caNotAfter && caNotAfter < end ? caNotAfter : end
  return { notBefore, notAfter }
}

/** Sen's embedded root CA (created at first use): RSA-2048, SHA-256, valid 20 years. */
export async function ensureRootCa(db: Db): Promise<SigningKey> {
  return ensureKey(db, 'ca', ROOT_OWNER_ID, async (_tx, id) => {
    const { publicKeySpki, stored } = await keyHolder().generateKey(id)
    const serial = newSerial()
    const { notBefore, notAfter } = validity('ca')
    const certificatePem = await makeCertificate({
      serial,
      subject: [C('VN'), O('Sen'), CN(ROOT_CA_NAME)],
      issuerPem: null,
      // Self-signed: the new key signs its own certificate, through the holder like any other.
      signer: { id, encryptedKeyPem: stored },
      publicKeySpki,
      notBefore,
      notAfter,
      ca: true,
    })
    return {
      id,
      ownerType: 'ca',
      ownerId: ROOT_OWNER_ID,
      certificatePem,
      encryptedKeyPem: stored,
      serial,
      notBefore,
      notAfter,
    }
  })
}

/** Issues an end-entity certificate (digitalSignature + nonRepudiation) under the root CA. */
async function issue(
  db: Db,
  ownerType: 'agency' | 'official' | 'subsystem',
  ownerId: string,
  subject: NameAttribute[],
): Promise<SigningKey> {
  const ca = await ensureRootCa(db)
  return ensureKey(db, ownerType, ownerId, async (_tx, id) => {
    const { publicKeySpki, stored } = await keyHolder().generateKey(id)
    const serial = newSerial()
    const { notBefore, notAfter } = validity(ownerType, ca.notAfter)
    const certificatePem = await makeCertificate({
      serial,
      subject,
      issuerPem: ca.certificatePem,
      signer: ca,
      publicKeySpki,
      notBefore,
      notAfter,
      ca: false,
    })
    return { id, ownerType, ownerId, certificatePem, encryptedKeyPem: stored, serial, notBefore, notAfter }
  })
}

/** The agency's signing key (created at first use): CN = agency name, O = agency id. Idempotent. */
export async function ensureAgencyKey(db: Db, agencyId: string, agencyName: string): Promise<KeyInfo> {
  return keyInfo(await ensureAgencyKeyRow(db, agencyId, agencyName))
}

export async function ensureAgencyKeyRow(db: Db, agencyId: string, agencyName: string): Promise<SigningKey> {
  return issue(db, 'agency', agencyId, [C('VN'), O(agencyId), CN(agencyName)])
}

/**
 * The official's personal key (created at first use, or when a leader's account is made):
 * CN = display name, T = the capacity they sign in (when given), UID = user id, O = agency name.
 */
export async function ensureOfficialKey(db: Db, official: OfficialRef): Promise<KeyInfo> {
  return keyInfo(await ensureOfficialKeyRow(db, official))
}

export async function ensureOfficialKeyRow(db: Db, official: OfficialRef): Promise<SigningKey> {
  const { userId, displayName, agencyName, title } = official
  return issue(db, 'official', userId, [
    C('VN'),
    O(agencyName),
    UID(userId),
    ...(title ? [T(title)] : []),
    CN(displayName),
  ])
}

/**
 * The key of a data-exchange subsystem that Sen runs itself (created at first use): it signs the
 * subsystem's client assertions at the gateway. CN = subsystem id (`VN/GOV/X00004/DOSSIERS`),
 * O = its member's name.
 */
export async function ensureSubsystemKey(
  db: Db,
  subsystem: { id: string; memberName: string },
): Promise<KeyInfo> {
  return keyInfo(
    await issue(db, 'subsystem', subsystem.id, [C('VN'), O(subsystem.memberName), CN(subsystem.id)]),
  )
}

/**
 * Certifies the public key of a subsystem that runs outside Sen and keeps its private key itself:
 * Sen's CA signs a certificate for it (the same subject as {@link ensureSubsystemKey}), and Sen
 * holds nothing private (`encrypted_key_pem` null, never used to sign). A new one replaces the
 * subsystem's previous keys, which are revoked with it.
 */
export async function certifySubsystemKey(
  db: Db,
  subsystem: { id: string; memberName: string },
  publicKeyPem: string,
  actorId: string | null,
): Promise<KeyInfo & { certificatePem: string; chainPem: string[] }> {
  const ca = await ensureRootCa(db)
  const publicKeySpki = new Uint8Array(
    createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }) as Buffer,
  )
  const id = randomUUID()
  const serial = newSerial()
  const { notBefore, notAfter } = validity('subsystem', ca.notAfter)
  const certificatePem = await makeCertificate({
    serial,
    subject: [C('VN'), O(subsystem.memberName), CN(subsystem.id)],
    issuerPem: ca.certificatePem,
    signer: ca,
    publicKeySpki,
    notBefore,
    notAfter,
    ca: false,
  })
  const row = await db.transaction(async (tx) => {
    await tx
      .update(signingKeys)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(signingKeys.ownerType, 'subsystem'),
          eq(signingKeys.ownerId, subsystem.id),
          isNull(signingKeys.revokedAt),
        ),
      )
    const [inserted] = await tx
      .insert(signingKeys)
      .values({
        id,
        ownerType: 'subsystem',
        ownerId: subsystem.id,
        certificatePem,
        encryptedKeyPem: null,
        serial,
        notBefore,
        notAfter,
      })
      .returning()
    await appendAudit(tx, {
      actorId,
      action: 'signing.key.certified',
      entity: 'signing_key',
      entityId: id,
      data: { ownerType: 'subsystem', ownerId: subsystem.id, serial },
    })
    return inserted!
  })
  return { ...keyInfo(row), certificatePem, chainPem: [certificatePem, ca.certificatePem] }
}

/**
 * Issues the personal key of an official who signs results (a leader) when their account is made,
 * so that their first approval finds it ready: the demo seed, the administrators' route and
 * `sen user create` call this. Other accounts get none here (officers get theirs at first use).
 */
export async function issueSignerKey(
  db: Db,
  account: {
    id: string
    kind: string
    displayName: string
    roles: readonly string[]
    agency: { name: string } | null
  },
): Promise<KeyInfo | null> {
  if (account.kind !== 'official' || !account.roles.includes('leader')) return null
  return ensureOfficialKey(db, {
    userId: account.id,
    displayName: account.displayName,
    agencyName: account.agency?.name ?? '',
    title: officialTitle(account.roles),
  })
}

/** The root certificate (PEM), created at first use: what a PDF reader or pdfsig is told to trust. */
export async function rootCertificatePem(db: Db): Promise<string> {
  return (await ensureRootCa(db)).certificatePem
}

/** The owner's valid key, or a 409 when it has none (an agency key is made by ensureAgencyKey). */
export async function activeKey(db: Db, ownerType: OwnerType, ownerId: string): Promise<SigningKey> {
  const row = await activeKeyRow(db, ownerType, ownerId)
  if (!row) throw noActiveKey(ownerType, ownerId)
  return row
}

/** The certificate chain of the owner's valid key, leaf first, root last (PEM). */
export async function certificateChain(db: Db, ownerType: OwnerType, ownerId: string): Promise<string[]> {
  const key = await activeKey(db, ownerType, ownerId)
  if (ownerType === 'ca') return [key.certificatePem]
  return [key.certificatePem, (await ensureRootCa(db)).certificatePem]
}

export async function getKey(db: Db, id: string): Promise<SigningKey | null> {
  const [row] = await db.select().from(signingKeys).where(eq(signingKeys.id, id)).limit(1)
  return row ?? null
}

/** Every certificate authority key Sen has had (normally one): the anchors verification trusts. */
export async function caKeys(db: Db): Promise<SigningKey[]> {
  return db.select().from(signingKeys).where(eq(signingKeys.ownerType, 'ca'))
}

/** The key with this certificate serial, as Sen issued it. */
export async function keyBySerial(db: Db, serial: string): Promise<SigningKey | null> {
  const [row] = await db.select().from(signingKeys).where(eq(signingKeys.serial, serial)).limit(1)
  return row ?? null
}

/**
 * Revokes a key: signatures made with it verify as 'revoked' from now on, and the owner's next
 * signature gets a new key. Sen has no trusted timestamps yet, so a signature made before the
 * revocation is revoked too.
 */
export async function revokeKey(db: Db, id: string, actorId: string | null = null): Promise<KeyInfo> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(signingKeys)
      .set({ revokedAt: sql`coalesce(${signingKeys.revokedAt}, now())` })
      .where(eq(signingKeys.id, id))
      .returning()
    if (!row) throw keyNotFound()
    await appendAudit(tx, {
      actorId,
      action: 'signing.key.revoked',
      entity: 'signing_key',
      entityId: id,
      data: { ownerType: row.ownerType, ownerId: row.ownerId, serial: row.serial },
    })
    return keyInfo(row)
  })
}

/** The public view of a key. */
export function keyInfo(row: SigningKey): KeyInfo {
  const certificate = new X509Certificate(row.certificatePem)
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    subject: certificate.subject.split('\n').reverse().join(', '),
    issuer: certificate.issuer.split('\n').reverse().join(', '),
    serial: row.serial,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    fingerprint: certificate.fingerprint256,
    revoked: row.revokedAt !== null,
  }
}
