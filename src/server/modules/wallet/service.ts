import { createHash } from 'node:crypto'
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Static } from 'typebox'
import type { Db, Tx } from '../../db'
import { type Writes, writesOf, writeTogether } from '../../db/together'
import { appendAudit } from '../audit/service'
import { publish } from '../events/service'
import { type Principal, staffRolesOver } from '../identity/service'
import { documentNotFound, documentRevoked, unsupportedUpload, uploadTooLarge } from './errors'
import type { PublicDocumentStatusSchema, SignedDocumentDataSchema } from './routes.schema'
import { blobs, documentUses, walletDocuments } from './schema'
import { MAX_UPLOAD_BYTES, type Owner, UPLOAD_TYPES, type WalletDocument } from './types'

export type { Owner, WalletDocument } from './types'

type PublicDocumentStatus = Static<typeof PublicDocumentStatusSchema>
type SignedDocumentData = Static<typeof SignedDocumentDataSchema>

/** Keeps bytes once, named by their SHA-256; returns the name. */
export async function storeBlob(tx: Db, bytes: Buffer, mimeType: string): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await tx.insert(blobs).values({ sha256, mimeType, size: bytes.length, bytes }).onConflictDoNothing()
  return sha256
}

export async function readBlob(db: Db, sha256: string) {
  const [row] = await db.select().from(blobs).where(eq(blobs.sha256, sha256))
  return row ?? null
}

const usesCount = sql<number>`(select count(*)::int from document_uses u where u.document_id = "wallet_documents"."id")`

function toView(row: typeof walletDocuments.$inferSelect & { uses: number }): WalletDocument {
  return {
    id: row.id,
    code: row.code,
    owner: { type: row.ownerType, id: row.ownerId },
    type: row.type,
    title: row.title,
    source: row.source,
    issuerAgencyId: row.issuerAgencyId,
    dossierCode: row.dossierCode,
    mimeType: row.mimeType,
    hasFile: row.blobSha256 !== null,
    data: row.data,
    status: row.status,
    issuedAt: row.issuedAt.toISOString(),
    uses: row.uses,
  }
}

export interface NewDocument {
  /** Chosen in advance when the document must name itself (a result's QR code links to its id). */
  id?: string
  owner: Owner
  code?: string
  type: string
  title: string
  source: 'issued' | 'digitised' | 'uploaded'
  issuerAgencyId?: string
  dossierCode?: string
  file?: { bytes: Buffer; mimeType: string }
  data?: Record<string, unknown>
  jws?: string
  issuedAt?: Date
}

/** Puts a document in a wallet, in the caller's transaction. */
export async function addDocument(tx: Tx, actorId: string | null, input: NewDocument): Promise<string> {
  const blobSha256 = input.file ? await storeBlob(tx, input.file.bytes, input.file.mimeType) : null
  const [row] = await tx
    .insert(walletDocuments)
    .values({
      ...(input.id ? { id: input.id } : {}),
      code: input.code ?? null,
      ownerType: input.owner.type,
      ownerId: input.owner.id,
      type: input.type,
      title: input.title,
      source: input.source,
      issuerAgencyId: input.issuerAgencyId ?? null,
      dossierCode: input.dossierCode ?? null,
      blobSha256,
      mimeType: input.file?.mimeType ?? null,
      data: input.data ?? null,
      jws: input.jws ?? null,
      ...(input.issuedAt ? { issuedAt: input.issuedAt } : {}),
    })
    .returning({ id: walletDocuments.id })
  await writeTogether(tx, [
    appendAudit(tx, {
      actorId,
      action: `wallet.${input.source}`,
      entity: 'wallet_document',
      entityId: row!.id,
      data: { type: input.type, code: input.code ?? null, dossierCode: input.dossierCode ?? null },
    }),
    publish(tx, {
      name: 'wallet.document_added',
      payload: {
        documentId: row!.id,
        type: input.type,
        source: input.source,
        ownerType: input.owner.type,
        issuerAgencyId: input.issuerAgencyId ?? null,
        dossierCode: input.dossierCode ?? null,
      },
    }),
  ])
  return row!.id
}

/** Checks an uploaded file's declared type against its first bytes and its size. */
export function checkUpload(bytes: Buffer, mimeType: string) {
  const magic = UPLOAD_TYPES[mimeType]
  if (!magic?.every((byte, i) => bytes[i] === byte)) throw unsupportedUpload()
  if (bytes.length > MAX_UPLOAD_BYTES) throw uploadTooLarge(MAX_UPLOAD_BYTES / 1024 / 1024)
}

export async function uploadDocument(
  db: Db,
  actorId: string,
  owner: Owner,
  input: { type: string; title: string; bytes: Buffer; mimeType: string },
): Promise<WalletDocument> {
  checkUpload(input.bytes, input.mimeType)
  const id = await db.transaction((tx) =>
    addDocument(tx, actorId, {
      owner,
      type: input.type,
      title: input.title,
      source: 'uploaded',
      file: { bytes: input.bytes, mimeType: input.mimeType },
    }),
  )
  return getDocument(db, id)
}

export async function getDocument(db: Db, id: string): Promise<WalletDocument> {
  const [row] = await db
    .select({ ...walletDocumentColumns, uses: usesCount })
    .from(walletDocuments)
    .where(eq(walletDocuments.id, id))
  if (!row) throw documentNotFound()
  return toView(row)
}

const walletDocumentColumns = {
  id: walletDocuments.id,
  code: walletDocuments.code,
  ownerType: walletDocuments.ownerType,
  ownerId: walletDocuments.ownerId,
  type: walletDocuments.type,
  title: walletDocuments.title,
  source: walletDocuments.source,
  issuerAgencyId: walletDocuments.issuerAgencyId,
  dossierCode: walletDocuments.dossierCode,
  blobSha256: walletDocuments.blobSha256,
  mimeType: walletDocuments.mimeType,
  data: walletDocuments.data,
  jws: walletDocuments.jws,
  status: walletDocuments.status,
  issuedAt: walletDocuments.issuedAt,
  revokedAt: walletDocuments.revokedAt,
}

/** A document as its owner sees it; anyone else gets 404, as for one that does not exist (dossiers too). */
export async function getOwnDocument(db: Db, owner: Owner, id: string): Promise<WalletDocument> {
  const document = await getDocument(db, id)
  if (document.owner.type !== owner.type || document.owner.id !== owner.id) throw documentNotFound()
  return document
}

/** The file of an owner's document. */
export async function getOwnFile(db: Db, owner: Owner, id: string) {
  await getOwnDocument(db, owner, id)
  const [row] = await db
    .select({ sha: walletDocuments.blobSha256 })
    .from(walletDocuments)
    .where(eq(walletDocuments.id, id))
  const blob = row?.sha ? await readBlob(db, row.sha) : null
  if (!blob) throw documentNotFound()
  return blob
}

export async function listWallet(
  db: Db,
  owner: Owner,
  query: { types?: string[]; page: number; pageSize: number },
): Promise<{ items: WalletDocument[]; total: number }> {
  const where = and(
    eq(walletDocuments.ownerType, owner.type),
    eq(walletDocuments.ownerId, owner.id),
    query.types?.length ? inArray(walletDocuments.type, query.types) : undefined,
  )
  const [rows, [count]] = await Promise.all([
    db
      .select({ ...walletDocumentColumns, uses: usesCount })
      .from(walletDocuments)
      .where(where)
      .orderBy(desc(walletDocuments.issuedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(walletDocuments).where(where),
  ])
  return { items: rows.map(toView), total: count?.n ?? 0 }
}

interface DocumentUse {
  dossierCode: string
  purpose: string
  usedBy: string
  consentBy?: string
}

/**
 * The wallet's check of a document about to be used, in the transaction that uses it: the owner's
 * own, and valid. Its row is locked (FOR SHARE) until that transaction ends, so that a revocation
 * waits for the use instead of slipping in between the check and the use's commit.
 */
export async function usableDocument(tx: Tx, owner: Owner, id: string): Promise<WalletDocument> {
  const [row] = await tx
    .select({ ...walletDocumentColumns, uses: usesCount })
    .from(walletDocuments)
    .where(eq(walletDocuments.id, id))
    .for('share', { of: walletDocuments })
  if (!row) throw documentNotFound()
  const document = toView(row)
  if (document.owner.type !== owner.type || document.owner.id !== owner.id) throw documentNotFound()
  if (document.status !== 'valid') throw documentRevoked()
  return document
}

/**
 * Records that a document checked by {@link usableDocument} is attached to a dossier by reference,
 * with its purpose, and publishes the use: `await` it, or join it to the dossier's statement.
 */
export function recordDocumentUse(tx: Tx, document: WalletDocument, input: DocumentUse): Writes {
  if (document.status !== 'valid') throw documentRevoked()
  return writesOf(
    tx,
    [
      tx.insert(documentUses).values({
        documentId: document.id,
        dossierCode: input.dossierCode,
        purpose: input.purpose,
        usedBy: input.usedBy,
        consentBy: input.consentBy ?? null,
      }),
      publish(tx, {
        name: 'wallet.document_used',
        payload: { documentId: document.id, dossierCode: input.dossierCode, usedBy: input.usedBy },
      }),
    ],
    undefined,
  )
}

export async function revokeDocument(tx: Tx, actorId: string, id: string, reason: string) {
  await tx
    .update(walletDocuments)
    .set({ status: 'revoked', revokedAt: new Date() })
    .where(eq(walletDocuments.id, id))
  await appendAudit(tx, {
    actorId,
    action: 'wallet.revoked',
    entity: 'wallet_document',
    entityId: id,
    data: { reason },
  })
}

/**
 * What anyone holding a document (or its QR code) may learn of it: enough to tell that the paper in
 * hand is genuine and in force, and no personal data but a masked holder name. The signed data itself
 * is for its holder and the officials over its issuer ({@link signedDocumentData}). Uploads are no one's
 * word but their owner's: there is nothing to verify, and they answer 404 like an unknown id.
 */
export async function publicDocumentStatus(db: Db, id: string): Promise<PublicDocumentStatus> {
  const [row] = await db
    .select({
      id: walletDocuments.id,
      code: walletDocuments.code,
      type: walletDocuments.type,
      title: walletDocuments.title,
      source: walletDocuments.source,
      issuerAgencyId: walletDocuments.issuerAgencyId,
      status: walletDocuments.status,
      issuedAt: walletDocuments.issuedAt,
      revokedAt: walletDocuments.revokedAt,
      jws: walletDocuments.jws,
      blobSha256: walletDocuments.blobSha256,
      holderName: sql<string | null>`${walletDocuments.data} ->> 'holderName'`,
    })
    .from(walletDocuments)
    .where(eq(walletDocuments.id, id))
  if (!row || row.source === 'uploaded') throw documentNotFound()
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    title: row.title,
    issuerAgencyId: row.issuerAgencyId,
    status: row.status,
    issuedAt: row.issuedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    holderName: row.holderName ? maskName(row.holderName) : null,
    signedDataSha256: row.jws ? createHash('sha256').update(row.jws).digest('hex') : null,
    fileSha256: row.blobSha256,
    hasSignedFile: row.blobSha256 !== null,
  }
}

/** The holder of the wallet a principal owns: a citizen by personal id number, a business by tax code. */
export function holderOf(principal: Principal): Owner | null {
  if (principal.kind === 'citizen' && principal.pin) return { type: 'person', id: principal.pin }
  if (principal.kind === 'business' && principal.taxCode)
    return { type: 'organisation', id: principal.taxCode }
  return null
}

/**
 * A document's signed data (the issuer's JWS, with every personal datum it certifies), for its holder
 * and for the officials whose jurisdiction covers its issuing agency (the issuer and the agencies above
 * it), as for dossiers. Anyone else gets 404, as for a document that does not exist. An official's
 * reading is in the audit log.
 */
export async function signedDocumentData(
  db: Db,
  principal: Principal,
  id: string,
): Promise<SignedDocumentData> {
  const [row] = await db
    .select({
      id: walletDocuments.id,
      code: walletDocuments.code,
      ownerType: walletDocuments.ownerType,
      ownerId: walletDocuments.ownerId,
      issuerAgencyId: walletDocuments.issuerAgencyId,
      jws: walletDocuments.jws,
    })
    .from(walletDocuments)
    .where(eq(walletDocuments.id, id))
  if (!row) throw documentNotFound()
  const holder = holderOf(principal)
  const isHolder = holder?.type === row.ownerType && holder.id === row.ownerId
  if (!isHolder) {
    const roles = row.issuerAgencyId ? await staffRolesOver(db, principal, [row.issuerAgencyId]) : []
    if (roles.length === 0) throw documentNotFound()
    await db.transaction((tx) =>
      appendAudit(tx, {
        actorId: principal.userId,
        action: 'wallet.signed_data_read',
        entity: 'wallet_document',
        entityId: row.id,
        data: { code: row.code, issuerAgencyId: row.issuerAgencyId },
      }),
    )
  }
  return { id: row.id, code: row.code, signedData: row.jws }
}

/** "Nguyễn Văn An" → "Nguyễn V. A.": enough to match the paper in hand, not to identify anyone. */
export function maskName(name: string): string {
  const [family, ...rest] = name.trim().split(/\s+/)
  return [family, ...rest.map((part) => `${part[0]}.`)].join(' ')
}

/**
 * Per issuing agency, as of a moment: documents the state issued or digitised, and how many of
 * them were reused at least once (data.reused). Documents without an issuing agency count at the root.
 */
export async function walletCountsByAgency(
  db: Db,
  until: Date,
): Promise<{ agencyId: string | null; counts: Record<string, number> }[]> {
  // Joined once rather than looked up per document: there are as many documents as results.
  const used = db
    .selectDistinct({ documentId: documentUses.documentId })
    .from(documentUses)
    .where(lte(documentUses.at, until))
    .as('used')
  const rows = await db
    .select({
      agencyId: walletDocuments.issuerAgencyId,
      digitised: sql<number>`count(*)::int`,
      reused: sql<number>`count(${used.documentId})::int`,
      issued: sql<number>`count(*) filter (where ${walletDocuments.source} = 'issued' and ${walletDocuments.dossierCode} is not null)::int`,
    })
    .from(walletDocuments)
    .leftJoin(used, eq(used.documentId, walletDocuments.id))
    .where(
      and(inArray(walletDocuments.source, ['issued', 'digitised']), lte(walletDocuments.issuedAt, until)),
    )
    .groupBy(walletDocuments.issuerAgencyId)
  return rows.map((r) => ({
    agencyId: r.agencyId,
    counts: {
      'documents.digitised': r.digitised,
      'documents.reused': r.reused,
      'documents.issued': r.issued,
    },
  }))
}

/** The state-held documents counted by `counter` (digitised, or reused), without their owners. */
export async function documentsBehind(
  db: Db,
  query: { counter: string; agencyIds: string[] | null; page: number; pageSize: number },
) {
  const where = and(
    inArray(walletDocuments.source, ['issued', 'digitised']),
    query.agencyIds ? inArray(walletDocuments.issuerAgencyId, query.agencyIds) : undefined,
    query.counter === 'documents.reused'
      ? sql`exists (select 1 from ${documentUses} u where u.document_id = ${walletDocuments.id})`
      : undefined,
  )
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: walletDocuments.id,
        type: walletDocuments.type,
        agencyId: walletDocuments.issuerAgencyId,
        issuedAt: walletDocuments.issuedAt,
        uses: sql<number>`(select count(*) from ${documentUses} u where u.document_id = ${walletDocuments.id})::int`,
      })
      .from(walletDocuments)
      .where(where)
      .orderBy(desc(walletDocuments.issuedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(walletDocuments).where(where),
  ])
  return { items, total: total?.n ?? 0 }
}
