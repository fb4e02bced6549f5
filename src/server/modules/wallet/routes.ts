import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { forbidden } from '../../errors'
import type { Access, Principal } from '../identity/service'
import {
  DocType,
  PublicDocumentStatusSchema,
  SignedDocumentDataSchema,
  WalletDocumentSchema,
} from './routes.schema'
import {
  getOwnDocument,
  getOwnFile,
  holderOf,
  listWallet,
  publicDocumentStatus,
  signedDocumentData,
  uploadDocument,
} from './service'
import { MAX_UPLOAD_BYTES, type Owner, UPLOAD_TYPES } from './types'

/** The wallet a principal owns (officials have none: 403). */
export function ownerOf(principal: Principal): Owner {
  const owner = holderOf(principal)
  if (!owner) throw forbidden()
  return owner
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
        summary: 'Anyone: is this document genuine and in force? (no personal data but a masked name)',
        params: Type.Object({ documentId: Type.String({ format: 'uuid' }) }),
        response: { 200: PublicDocumentStatusSchema },
      },
    },
    async (request) => publicDocumentStatus(db, request.params.documentId),
  )

  app.get(
    '/api/v1/verify/:documentId/signed-data',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['wallet'],
        summary:
          "A document's signed data (JWS): for its holder and the officials over its issuing agency; 404 for anyone else",
        params: Type.Object({ documentId: Type.String({ format: 'uuid' }) }),
        response: { 200: SignedDocumentDataSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store')
      return signedDocumentData(db, request.principal!, request.params.documentId)
    },
  )
}
