import { createHash, X509Certificate } from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, asc, desc, eq, gt, gte, lte } from 'drizzle-orm'
import { compactVerify, decodeProtectedHeader } from 'jose'
import type { Db, Tx } from '../../db'
import { GENESIS, type HashChain, sealChain, walkChain } from '../../db/hash-chain'
import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { ensureSubsystemKey, rootCertificatePem, signJws, verifyJws } from '../signing/service'
import { logEntryNotFound } from './errors'
import { INSTANCE } from './ids'
import { exchangeLog, exchangeSeals } from './schema'

export type LogRow = typeof exchangeLog.$inferSelect
export type NewLogEntry = Omit<
  typeof exchangeLog.$inferInsert,
  'seq' | 'digest' | 'chainSeq' | 'prevHash' | 'hash'
>

/** The gateway's own identity: its key signs the log's batches. */
export const GATEWAY = { id: `${INSTANCE}/GOV/G00/GATEWAY`, memberName: 'Nền tảng trao đổi dữ liệu Sen' }
export const SEAL_TYPE = 'sen-exchange-seal+jws'
export const EVIDENCE_TYPE = 'sen-exchange-evidence+jws'
/** One sealer of the exchange log at a time, across processes. */
const SEAL_LOCK = 7366030

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('base64url')
const hex = (data: string) => createHash('sha256').update(data).digest('hex')

/** The X-Road request hash: over what identifies the request and its body (x-road-request-hash). */
export function requestHashOf(request: {
  clientId: string
  requestId: string
  serviceId: string | null
  method: string
  path: string
  userId: string | null
  issue: string | null
  body: Uint8Array | null
}): string {
  return sha256(
    canonicalize({
      clientId: request.clientId,
      requestId: request.requestId,
      serviceId: request.serviceId,
      method: request.method,
      path: request.path,
      userId: request.userId,
      issue: request.issue,
      body: sha256(request.body ?? new Uint8Array()),
    })!,
  )
}

export const responseHashOf = (status: number, body: Uint8Array | null) =>
  sha256(canonicalize({ status, body: sha256(body ?? new Uint8Array()) })!)

/** The canonical content of an entry: everything it records, bodies by their hashes (which cover them). */
function contentOf(entry: NewLogEntry | LogRow) {
  return canonicalize({
    at: new Date(entry.at).toISOString(),
    requestId: entry.requestId,
    clientId: entry.clientId,
    serviceId: entry.serviceId ?? null,
    method: entry.method,
    path: entry.path,
    userId: entry.userId ?? null,
    issue: entry.issue ?? null,
    subject: entry.subject ?? null,
    grantId: entry.grantId ?? null,
    consentId: entry.consentId ?? null,
    status: entry.status,
    errorType: entry.errorType ?? null,
    durationMs: entry.durationMs,
    requestHash: entry.requestHash,
    responseHash: entry.responseHash,
    assertion: entry.assertion ? sha256(entry.assertion) : null,
  })!
}

export const digestOf = (entry: NewLogEntry | LogRow) => hex(contentOf(entry))
const linkOf = (prevHash: string, digest: string) => hex(prevHash + digest)

/**
 * An entry's digest as its content gives it now: the bodies must still give the hashes recorded,
 * and the content the digest. A mismatch anywhere means the entry was altered.
 */
function recomputedDigest(row: LogRow): string {
  const bodiesHold =
    row.responseHash === responseHashOf(row.status, row.responseBody ?? null) &&
    (row.requestBody === null || row.requestHash === requestHashOf({ ...row, body: row.requestBody }))
  return bodiesHold ? digestOf(row) : 'altered'
}

const CHAIN: HashChain<LogRow> = {
  table: exchangeLog,
  seq: exchangeLog.seq,
  chainSeq: exchangeLog.chainSeq,
  prevHash: exchangeLog.prevHash,
  hash: exchangeLog.hash,
  lock: SEAL_LOCK,
  link: (prevHash, row) => linkOf(prevHash, recomputedDigest(row)),
}

/**
 * The insert of one complete log entry, request and response together: awaited alone, or joined to
 * a caller's statement (a filing's prefill reads, db/together.ts). Its digest is fixed here; it is
 * chained and signed moments after it commits.
 */
export function logEntry(tx: Db | Tx, entry: NewLogEntry) {
  return tx.insert(exchangeLog).values({ ...entry, digest: digestOf(entry) })
}

/** Chains the committed entries, then signs every chained range not yet sealed (one batch each pass). */
export async function sealExchangeLog(db: Db, options: { wait?: boolean } = {}): Promise<number> {
  const chained = await sealChain(db, CHAIN, options)
  const [last] = await db.select().from(exchangeSeals).orderBy(desc(exchangeSeals.lastChainSeq)).limit(1)
  const after = last?.lastChainSeq ?? 0
  const [tip] = await db
    .select({ chainSeq: exchangeLog.chainSeq, hash: exchangeLog.hash })
    .from(exchangeLog)
    .where(gt(exchangeLog.chainSeq, after))
    .orderBy(desc(exchangeLog.chainSeq))
    .limit(1)
  if (!tip?.chainSeq || !tip.hash) return chained
  await ensureSubsystemKey(db, GATEWAY)
  const batch = {
    instance: INSTANCE,
    firstChainSeq: after + 1,
    lastChainSeq: tip.chainSeq,
    lastHash: tip.hash,
  }
  const jws = await signJws(db, { ownerType: 'subsystem', ownerId: GATEWAY.id }, batch, { typ: SEAL_TYPE })
  // Another process may have sealed the same range meanwhile: its seal stands.
  await db
    .insert(exchangeSeals)
    .values({
      firstChainSeq: batch.firstChainSeq,
      lastChainSeq: batch.lastChainSeq,
      lastHash: batch.lastHash,
      jws,
    })
    .onConflictDoNothing()
  return chained
}

interface Log {
  error(object: object, message: string): void
}

export function startExchangeSealer(db: Db, options: { intervalMs: number; log: Log }) {
  return every(
    options.intervalMs,
    () => sealExchangeLog(db),
    (error) => options.log.error({ err: error }, 'sealing the exchange log failed'),
  )
}

/** How long a logged exchange waits at most to be chained and its batch signed. */
const EXCHANGE_SEAL_MS = 1000

/** The exchange module's jobs, for the module manifest. */
export const exchangeJobs: Job[] = [
  ({ db, log }) => startExchangeSealer(db, { intervalMs: EXCHANGE_SEAL_MS, log }),
]

export interface LogReport {
  ok: boolean
  entries: number
  seals: number
  firstBroken?: { seq: number; reason: 'prev_hash' | 'hash' | 'seal' }
}

/** Seals what is committed, walks the chain, and checks every seal's signature and last hash. */
export async function verifyExchangeLog(db: Db): Promise<LogReport> {
  await sealExchangeLog(db, { wait: true })
  const hashes = new Map<number, { seq: number; hash: string }>()
  const report = await walkChain(db, CHAIN, {
    onRow: (row) => hashes.set(row.chainSeq!, { seq: row.seq, hash: row.hash! }),
  })
  if (!report.ok) return { ok: false, entries: report.checked, seals: 0, firstBroken: report.firstBroken }
  const seals = await db.select().from(exchangeSeals).orderBy(asc(exchangeSeals.lastChainSeq))
  for (const seal of seals) {
    const verified = await verifyJws(db, seal.jws)
    const payload = verified.payload as { lastChainSeq?: number; lastHash?: string } | null
    const linked = hashes.get(seal.lastChainSeq)
    if (!verified.valid || payload?.lastChainSeq !== seal.lastChainSeq || payload.lastHash !== linked?.hash)
      return {
        ok: false,
        entries: report.checked,
        seals: 0,
        firstBroken: { seq: linked?.seq ?? 0, reason: 'seal' },
      }
  }
  return { ok: true, entries: report.checked, seals: seals.length }
}

// Offline export and verification ---------------------------------------------------------------

/** What `sen exchange export` writes: every chained entry and every seal, with Sen's root certificate. */
export interface LogExport {
  format: 'sen-exchange-log/1'
  instance: string
  rootCertificatePem: string
  entries: Array<Record<string, unknown>>
  seals: Array<{ firstChainSeq: number; lastChainSeq: number; lastHash: string; jws: string }>
}

const b64 = (bytes: Buffer | null) => (bytes ? bytes.toString('base64') : null)

function exportedEntry(row: LogRow) {
  return {
    seq: row.seq,
    chainSeq: row.chainSeq,
    at: row.at.toISOString(),
    requestId: row.requestId,
    clientId: row.clientId,
    serviceId: row.serviceId,
    method: row.method,
    path: row.path,
    userId: row.userId,
    issue: row.issue,
    subject: row.subject,
    grantId: row.grantId,
    consentId: row.consentId,
    status: row.status,
    errorType: row.errorType,
    durationMs: row.durationMs,
    requestHash: row.requestHash,
    responseHash: row.responseHash,
    assertion: row.assertion,
    requestBody: b64(row.requestBody),
    responseBody: b64(row.responseBody),
    digest: row.digest,
    prevHash: row.prevHash,
    hash: row.hash,
  }
}

export async function exportExchangeLog(
  db: Db,
  range: { from?: number; to?: number } = {},
): Promise<LogExport> {
  await sealExchangeLog(db, { wait: true })
  const rows = await db
    .select()
    .from(exchangeLog)
    .where(
      and(
        gte(exchangeLog.chainSeq, range.from ?? 1),
        range.to ? lte(exchangeLog.chainSeq, range.to) : undefined,
      ),
    )
    .orderBy(asc(exchangeLog.chainSeq))
  const seals = await db.select().from(exchangeSeals).orderBy(asc(exchangeSeals.lastChainSeq))
  return {
    format: 'sen-exchange-log/1',
    instance: INSTANCE,
    rootCertificatePem: await rootCertificatePem(db),
    entries: rows.map(exportedEntry),
    seals: seals.map((s) => ({
      firstChainSeq: s.firstChainSeq,
      lastChainSeq: s.lastChainSeq,
      lastHash: s.lastHash,
      jws: s.jws,
    })),
  }
}

function rowOfExport(entry: Record<string, unknown>): LogRow {
  const buf = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : null)
  return {
    ...(entry as unknown as LogRow),
    at: new Date(entry.at as string),
    requestBody: buf(entry.requestBody),
    responseBody: buf(entry.responseBody),
  }
}

/**
 * A seal's signature checked without the database: its certificate must be issued by the given
 * root (the one the verifier trusts, not necessarily the file's) and name the gateway.
 */
async function sealSignatureHolds(
  jws: string,
  root: X509Certificate,
): Promise<Record<string, unknown> | null> {
  try {
    const header = decodeProtectedHeader(jws)
    if (header.typ !== SEAL_TYPE || !header.x5c?.[0]) return null
    const leaf = new X509Certificate(Buffer.from(header.x5c[0], 'base64'))
    if (!leaf.checkIssued(root) || !leaf.verify(root.publicKey)) return null
    if (!leaf.subject.split('\n').includes(`CN=${GATEWAY.id}`)) return null
    const { payload } = await compactVerify(jws, leaf.publicKey, { algorithms: ['RS256'] })
    return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
  } catch {
    return null
  }
}

export interface OfflineReport {
  ok: boolean
  entries: number
  seals: number
  /** Entries after the last seal: chained, not yet signed. */
  unsealed: number
  firstBroken?: { seq: number; chainSeq: number; reason: 'prev_hash' | 'hash' | 'seal' | 'gap' }
}

/**
 * Verifies an export without Sen or its database (`sen exchange verify <file>`): each entry's bodies
 * against its hashes, its content against its digest, its link to the one before; each seal's
 * signature against the trusted root, and its last hash against the chain.
 */
export async function verifyExport(file: LogExport, trustedRootPem?: string): Promise<OfflineReport> {
  const root = new X509Certificate(trustedRootPem ?? file.rootCertificatePem)
  const rows = file.entries.map(rowOfExport).sort((a, b) => (a.chainSeq ?? 0) - (b.chainSeq ?? 0))
  let prevHash = GENESIS
  const hashAt = new Map<number, string>()
  let expected = rows[0]?.chainSeq ?? 1
  for (const row of rows) {
    const broken = (reason: 'prev_hash' | 'hash' | 'gap') => ({
      ok: false,
      entries: hashAt.size,
      seals: 0,
      unsealed: 0,
      firstBroken: { seq: row.seq, chainSeq: row.chainSeq ?? 0, reason },
    })
    if (row.chainSeq !== expected) return broken('gap')
    // The first entry of a partial export links to whatever came before it.
    if (row.chainSeq !== 1 && hashAt.size === 0) prevHash = row.prevHash ?? GENESIS
    if (row.prevHash !== prevHash) return broken('prev_hash')
    const digest = recomputedDigest(row)
    if (digest !== row.digest || linkOf(prevHash, digest) !== row.hash) return broken('hash')
    prevHash = row.hash!
    hashAt.set(row.chainSeq!, row.hash!)
    expected++
  }
  let sealedTo = 0
  for (const seal of file.seals) {
    const payload = await sealSignatureHolds(seal.jws, root)
    const hash = hashAt.get(seal.lastChainSeq)
    if (hash === undefined) continue
    if (!payload || payload.lastChainSeq !== seal.lastChainSeq || payload.lastHash !== hash) {
      const row = rows.find((r) => r.chainSeq === seal.lastChainSeq)!
      return {
        ok: false,
        entries: hashAt.size,
        seals: 0,
        unsealed: 0,
        firstBroken: { seq: row.seq, chainSeq: seal.lastChainSeq, reason: 'seal' },
      }
    }
    sealedTo = Math.max(sealedTo, seal.lastChainSeq)
  }
  const last = rows.at(-1)?.chainSeq ?? 0
  return { ok: true, entries: hashAt.size, seals: file.seals.length, unsealed: Math.max(0, last - sealedTo) }
}

// Evidence of one exchange ------------------------------------------------------------------------

/**
 * The evidence of one exchange, as a signed container a court can keep: the entry with its request
 * and response, the digests that link it to the end of its sealed batch, the batch's seal, and Sen's
 * root certificate; all of it signed by the gateway (JWS), so that nothing can be taken out or added.
 */
export async function evidenceOf(
  db: Db,
  seq: number,
): Promise<{ jws: string; evidence: Record<string, unknown> }> {
  await sealExchangeLog(db, { wait: true })
  const [row] = await db.select().from(exchangeLog).where(eq(exchangeLog.seq, seq))
  if (!row?.chainSeq) throw logEntryNotFound()
  const [seal] = await db
    .select()
    .from(exchangeSeals)
    .where(and(lte(exchangeSeals.firstChainSeq, row.chainSeq), gte(exchangeSeals.lastChainSeq, row.chainSeq)))
  if (!seal) throw logEntryNotFound()
  const later = await db
    .select({ chainSeq: exchangeLog.chainSeq, digest: exchangeLog.digest })
    .from(exchangeLog)
    .where(and(gt(exchangeLog.chainSeq, row.chainSeq), lte(exchangeLog.chainSeq, seal.lastChainSeq)))
    .orderBy(asc(exchangeLog.chainSeq))
  const evidence = {
    format: 'sen-exchange-evidence/1',
    entry: exportedEntry(row),
    /** From the entry's hash, link each digest in turn (sha256(prev + digest)) to reach the seal's last hash. */
    linkToSeal: later.map((l) => ({ chainSeq: l.chainSeq, digest: l.digest })),
    seal: {
      firstChainSeq: seal.firstChainSeq,
      lastChainSeq: seal.lastChainSeq,
      lastHash: seal.lastHash,
      jws: seal.jws,
    },
    rootCertificatePem: await rootCertificatePem(db),
    exportedAt: new Date().toISOString(),
  }
  await ensureSubsystemKey(db, GATEWAY)
  const jws = await signJws(db, { ownerType: 'subsystem', ownerId: GATEWAY.id }, evidence, {
    typ: EVIDENCE_TYPE,
  })
  return { jws, evidence }
}

/** Checks an evidence container offline: the entry, its link to the sealed hash, the seal, the wrapper. */
export async function verifyEvidence(
  jws: string,
  trustedRootPem: string,
): Promise<{ ok: boolean; reason?: string }> {
  const root = new X509Certificate(trustedRootPem)
  let evidence: {
    entry: Record<string, unknown>
    linkToSeal: { digest: string }[]
    seal: { lastChainSeq: number; lastHash: string; jws: string }
  }
  try {
    const header = decodeProtectedHeader(jws)
    const leaf = new X509Certificate(Buffer.from(header.x5c![0]!, 'base64'))
    if (header.typ !== EVIDENCE_TYPE || !leaf.verify(root.publicKey))
      return { ok: false, reason: 'signature' }
    const { payload } = await compactVerify(jws, leaf.publicKey, { algorithms: ['RS256'] })
    evidence = JSON.parse(new TextDecoder().decode(payload))
  } catch {
    return { ok: false, reason: 'signature' }
  }
  const row = rowOfExport(evidence.entry)
  const digest = recomputedDigest(row)
  if (digest !== row.digest || linkOf(row.prevHash ?? '', digest) !== row.hash)
    return { ok: false, reason: 'entry' }
  let hash = row.hash!
  for (const next of evidence.linkToSeal) hash = linkOf(hash, next.digest)
  if (hash !== evidence.seal.lastHash) return { ok: false, reason: 'link' }
  const sealed = await sealSignatureHolds(evidence.seal.jws, root)
  if (!sealed || sealed.lastHash !== hash) return { ok: false, reason: 'seal' }
  return { ok: true }
}
