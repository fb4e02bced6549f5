import { X509Certificate } from 'node:crypto'
import { compactVerify, decodeProtectedHeader } from 'jose'
import type { Db } from '../../db'
import { keyHolder } from './keyholder'
import { activeKey, ensureOfficialKeyRow } from './keys.service'
import { chainOf, recogniseCertificate, signerView } from './pades.service'
import type { JwsVerification, OfficialRef, SignerRef } from './types'

/** The JOSE type of an official's decision, so that no other Sen JWS passes for one. */
export const DECISION_TYPE = 'sen-decision+jws'
const ALGORITHMS = ['RS256', 'PS256', 'ES256']

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url')

/**
 * Signs data for machines as a compact JWS (RS256) by the signer's key, with the certificate chain
 * in `x5c`, the key's id in `kid` and the claimed signing time in `sigT` (as JAdES names it).
 */
export async function signJws(
  db: Db,
  signer: SignerRef,
  payload: object,
  options: { typ?: string } = {},
): Promise<string> {
  const key = await activeKey(db, signer.ownerType, signer.ownerId)
  const chain = await chainOf(db, key)
  const header = {
    alg: 'RS256',
    ...(options.typ ? { typ: options.typ } : {}),
    kid: key.id,
    x5c: chain.map((certificate) => certificate.toString('base64')),
    sigT: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`
  const signature = await keyHolder().sign(key, Buffer.from(signingInput, 'ascii'), 'RS256')
  return `${signingInput}.${base64url(signature)}`
}

/**
 * Verifies a compact JWS made by signJws: the signature against the certificate in `x5c`, the
 * certificate against Sen's root and signing_keys (its id is `kid`), and revocation.
 */
export async function verifyJws(db: Db, jws: string): Promise<JwsVerification> {
  const result: JwsVerification = {
    valid: false,
    status: 'malformed',
    payload: null,
    signer: null,
    revoked: false,
    signedAt: null,
  }
  let header: ReturnType<typeof decodeProtectedHeader>
  let certificate: X509Certificate
  try {
    header = decodeProtectedHeader(jws)
    const first = header.x5c?.[0]
    if (!first) return result
    certificate = new X509Certificate(Buffer.from(first, 'base64'))
  } catch {
    return result
  }
  result.signedAt = typeof header.sigT === 'string' ? header.sigT : null
  let payload: unknown
  try {
    const verified = await compactVerify(jws, certificate.publicKey, { algorithms: ALGORITHMS })
    payload = JSON.parse(new TextDecoder().decode(verified.payload))
  } catch {
    return { ...result, status: 'invalid' }
  }
  const known = await recogniseCertificate(db, certificate)
  if (!known) return { ...result, status: 'unknown_signer', payload }
  if (header.kid !== known.row.id) return { ...result, status: 'invalid' }
  const signer = signerView(known.row, certificate)
  if (known.row.revokedAt || known.ca.revokedAt)
    return { ...result, status: 'revoked', payload, signer, revoked: true }
  return { ...result, valid: true, status: 'valid', payload, signer }
}

/**
 * An official's decision (approve, reject, …) signed with their personal key (created at first use):
 * a compact JWS of type sen-decision+jws, which dossiers keep on the action.
 */
export async function signDecision(db: Db, official: OfficialRef, payload: object): Promise<string> {
  await ensureOfficialKeyRow(db, official)
  return signJws(db, { ownerType: 'official', ownerId: official.userId }, payload, { typ: DECISION_TYPE })
}

/** Verifies a decision: a valid JWS of the decision type, signed by an official's key. */
export async function verifyDecision(db: Db, jws: string): Promise<JwsVerification> {
  const result = await verifyJws(db, jws)
  let typ: unknown
  try {
    typ = decodeProtectedHeader(jws).typ
  } catch {
    return result
  }
  if (result.status === 'malformed' || result.status === 'invalid') return result
  if (typ !== DECISION_TYPE || (result.signer && result.signer.ownerType !== 'official'))
    return { ...result, valid: false, status: 'invalid' }
  return result
}
