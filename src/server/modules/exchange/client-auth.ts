import { createHash, type KeyObject, X509Certificate } from 'node:crypto'
import { compactVerify, decodeProtectedHeader } from 'jose'
import { LRUCache } from 'lru-cache'
import type { Db } from '../../db'
import { signJws, verifyJws } from '../signing/service'
import { unauthenticatedClient } from './errors'

/**
 * Client authentication: signed client assertions, not mTLS (see README). A client signs, for each
 * request, a JWS with its subsystem's key, certified by Sen's CA (its chain in `x5c`), binding who
 * asks (`iss`), the service (`aud`), the request id (`jti` = X-Road-Id), the method and path (`htm`,
 * `htu`, as DPoP does), the body's SHA-256 (`bh`) and a short life (`iat`, `exp`).
 */
export const ASSERTION_TYPE = 'sen-client-assertion+jwt'
export const ASSERTION_HEADER = 'x-road-client-assertion'
const MAX_AGE_S = 300
const CLOCK_SKEW_S = 30
/** How long a recognised certificate is trusted without asking the database again (revocation). */
const RECOGNISED_MS = 10_000

export interface AssertionClaims {
  iss: string
  aud: string
  jti: string
  htm: string
  htu: string
  bh: string
  iat: number
  exp: number
}

export const bodyHash = (body: Uint8Array | null) =>
  createHash('sha256')
    .update(body ?? new Uint8Array())
    .digest('base64url')

/** A client assertion made with the key of a subsystem Sen runs itself (demo data, Sen's own modules). */
export async function signAssertion(
  db: Db,
  call: {
    clientId: string
    serviceId: string
    requestId: string
    method: string
    path: string
    body: Uint8Array | null
  },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const claims: AssertionClaims = {
    iss: call.clientId,
    aud: call.serviceId,
    jti: call.requestId,
    htm: call.method,
    htu: call.path,
    bh: bodyHash(call.body),
    iat: now,
    exp: now + 60,
  }
  return signJws(db, { ownerType: 'subsystem', ownerId: call.clientId }, claims, { typ: ASSERTION_TYPE })
}

const recognised = new LRUCache<string, { ownerId: string; publicKey: KeyObject; at: number }>({
  max: 10_000,
})

const refuse = (vi: string, en: string) => unauthenticatedClient({ vi, en })

/**
 * Checks a request's assertion: signed by a key Sen's CA certified for this very subsystem, not
 * revoked (asked again every 10 s at most), for this request. Throws Client.Unauthorized.
 */
export async function authenticateClient(
  db: Db,
  assertion: string | undefined,
  call: {
    clientId: string
    audience: string
    requestId: string
    method: string
    path: string
    body: Uint8Array | null
  },
): Promise<void> {
  if (!assertion) refuse0()
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(assertion!)
  } catch {
    throw refuse('chữ ký yêu cầu không đọc được.', 'the assertion cannot be read.')
  }
  const leaf = header.x5c?.[0]
  if (header.typ !== ASSERTION_TYPE || !leaf)
    throw refuse('chữ ký yêu cầu không đúng loại.', 'the assertion is not of the right type.')
  let known = recognised.get(leaf)
  if (!known || Date.now() - known.at > RECOGNISED_MS) {
    const verified = await verifyJws(db, assertion!)
    if (!verified.valid || verified.signer?.ownerType !== 'subsystem')
      throw refuse(
        'chứng thư không do CA của Sen cấp cho phân hệ này, hoặc đã bị thu hồi.',
        "the certificate is not one Sen's CA issued to a subsystem, or it is revoked.",
      )
    known = {
      ownerId: verified.signer.ownerId,
      publicKey: new X509Certificate(Buffer.from(leaf, 'base64')).publicKey,
      at: Date.now(),
    }
    recognised.set(leaf, known)
  }
  if (known.ownerId !== call.clientId)
    throw refuse(
      'chứng thư thuộc về phân hệ khác với X-Road-Client.',
      'the certificate belongs to another subsystem than X-Road-Client.',
    )
  let claims: AssertionClaims
  try {
    const { payload } = await compactVerify(assertion!, known.publicKey, { algorithms: ['RS256'] })
    claims = JSON.parse(new TextDecoder().decode(payload)) as AssertionClaims
  } catch {
    throw refuse('chữ ký không khớp.', 'the signature does not verify.')
  }
  const now = Math.floor(Date.now() / 1000)
  if (
    claims.iss !== call.clientId ||
    claims.aud !== call.audience ||
    claims.jti !== call.requestId ||
    claims.htm !== call.method ||
    claims.htu !== call.path ||
    claims.bh !== bodyHash(call.body)
  )
    throw refuse('chữ ký không dành cho yêu cầu này.', 'the assertion is not for this request.')
  if (
    typeof claims.exp !== 'number' ||
    claims.exp < now - CLOCK_SKEW_S ||
    claims.iat > now + CLOCK_SKEW_S ||
    claims.exp - claims.iat > MAX_AGE_S
  )
    throw refuse('chữ ký đã hết hạn.', 'the assertion has expired.')
}

function refuse0(): never {
  throw refuse(
    'thiếu chữ ký yêu cầu (X-Road-Client-Assertion).',
    'the request has no X-Road-Client-Assertion.',
  )
}
