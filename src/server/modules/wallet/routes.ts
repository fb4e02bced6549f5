import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { forbidden } from '../../errors'
import type { Access, Principal } from '../identity/service'
import { DocType, PublicDocumentStatusSchema, WalletDocumentSchema } from './routes.schema'
import { getOwnDocument, getOwnFile, listWallet, publicDocumentStatus, uploadDocument } from './service'
import { MAX_UPLOAD_BYTES, type Owner, UPLOAD_TYPES } from './types'

/** The wallet a principal owns: a citizen's by personal id number, a business's by tax code. */
export function ownerOf(principal: Principal): Owner {
  if (principal.kind === 'citizen' && principal.pin) return { type: 'person', id: principal.pin }
  if (principal.kind === 'business' && principal.taxCode)
    return { type: 'organisation', id: principal.taxCode }
  throw forbidden()
}

const HOLDERS: Access = { kinds: ['citizen', 'business'] }

export const walletRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  // Uploads arrive as raw bytes with their own content type; the type is checked against the bytes.
  app.addContentTypeParser(
    Object.keys(UPLOAD_TYPES),
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.get(
    '/api/v1/wallet',
    {
      config: { access: HOLDERS },
      schema: {
        tags: ['wallet'],
        summary: 'My documents: results issued to me, digitised records and uploads',
        querystring: Type.Object(
          {
            type: Type.Optional(DocType),
            page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(WalletDocumentSchema), total: Type.Integer() }) },
      },
    },
    async (request) =>
      listWallet(db, ownerOf(request.principal!), {
        types: request.query.type ? [request.query.type] : undefined,
        page: request.query.page,
        pageSize: request.query.pageSize,
      }),
  )

  app.get(
    '/api/v1/wallet/:id',
    {
      config: { access: HOLDERS },
      schema: {
        tags: ['wallet'],
        summary: 'One of my documents',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: WalletDocumentSchema },
      },
    },
    async (request) => getOwnDocument(db, ownerOf(request.principal!), request.params.id),
  )

  app.get(
    '/api/v1/wallet/:id/file',
    {
      config: { access: HOLDERS },
      schema: {
        tags: ['wallet'],
        summary: 'The file of one of my documents',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const blob = await getOwnFile(db, ownerOf(request.principal!), request.params.id)
      return reply.type(blob.mimeType).header('cache-control', 'private, no-store').send(blob.bytes)
    },
  )

  app.post(
    '/api/v1/wallet/documents',
    {
      config: { access: HOLDERS },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['wallet'],
        summary: 'Upload a document (PDF, JPEG or PNG as the raw body) into my wallet',
        querystring: Type.Object(
          { type: DocType, title: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: WalletDocumentSchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      const document = await uploadDocument(db, principal.userId, ownerOf(principal), {
        type: request.query.type,
        title: request.query.title,
        bytes: request.body as Buffer,
        mimeType: String(request.headers['content-type']).split(';')[0]!.trim(),
      })
      return reply.code(201).send(document)
    },
  )

  app.get(
    '/api/v1/verify/:documentId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['wallet'],
        summary: 'Anyone: is this document genuine and in force?',
        params: Type.Object({ documentId: Type.String({ format: 'uuid' }) }),
        response: { 200: PublicDocumentStatusSchema },
      },
    },
    async (request) => {
      const document = await publicDocumentStatus(db, request.params.documentId)
      return {
        id: document.id,
        code: document.code,
        type: document.type,
        title: document.title,
        issuerAgencyId: document.issuerAgencyId,
        status: document.status,
        issuedAt: document.issuedAt.toISOString(),
        revokedAt: document.revokedAt?.toISOString() ?? null,
        holderName: document.holderName,
        signedData: document.jws,
        hasSignedFile: document.blobSha256 !== null,
      }
    },
  )
}
