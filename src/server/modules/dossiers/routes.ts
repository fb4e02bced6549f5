import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Nullable } from '../../schemas'
import { allowedActions, getProcedure, getProcedureVersion } from '../catalog/service'
import type { Access } from '../identity/service'
import { getOwnFile } from '../wallet/service'
import { dossierNotFound } from './errors'
import { paymentCallbackRoutes } from './payments.routes'
import { latestPayment } from './payments.service'
import {
  ActionBody,
  DossierCode,
  DossierDetailSchema,
  DossierListItem,
  DossierSchema,
  DossierStatusSchema,
  DraftBody,
  DraftSchema,
  ListQuery,
  ProcedureCode,
  QueueCountsSchema,
  SubmitBody,
} from './routes.schema'
import {
  applicantNameOf,
  attachedDocuments,
  attachedFile,
  deleteDraft,
  dossierHistory,
  dossierStatus,
  getDossierFor,
  getDraft,
  listDossiers,
  listDrafts,
  prefillFor,
  queueCounts,
  receptionOverdueByAgency,
  saveDraft,
  submitDossier,
  takeAction,
} from './service'

const APPLICANTS: Access = { kinds: ['citizen', 'business'] }
const STAFF: Access = { roles: ['reception', 'specialist', 'leader', 'system_admin'] }
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/

export const dossierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.post(
    '/api/v1/dossiers',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['dossiers'],
        summary: 'File an application online (prefilled fields are checked against the registries)',
        description:
          'Send an `Idempotency-Key` header to retry safely: the same key with the same body returns the same dossier; with another body, 422 IDEMPOTENCY_KEY_REUSED.',
        body: SubmitBody,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY.source })),
        }),
        response: { 201: DossierSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'] as string | undefined
      const { dossier, replayed } = await submitDossier(db, request.principal!, request.body, key)
      if (replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(201).send(dossier)
    },
  )

  app.get(
    '/api/v1/dossiers',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dossiers'],
        summary: "My dossiers; for officials, their agency's work queue",
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(DossierListItem), total: Type.Integer() }) },
      },
    },
    async (request) => listDossiers(db, request.principal!, request.query),
  )

  app.get(
    '/api/v1/dossiers/queues',
    {
      config: { access: STAFF },
      schema: {
        tags: ['dossiers'],
        summary: 'How many dossiers wait in each queue of my agency',
        response: { 200: QueueCountsSchema },
      },
    },
    async (request) => queueCounts(db, request.principal!),
  )

  app.get(
    '/api/v1/dossiers/reception-overdue',
    {
      config: { access: STAFF },
      schema: {
        tags: ['dossiers'],
        summary:
          'Dossiers not received within 8 working hours, per agency of my jurisdiction (or below one agency in it)',
        querystring: Type.Object({ agencyId: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                agencyId: Type.String(),
                name: Type.String(),
                overdue: Type.Integer(),
                oldestDueAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await receptionOverdueByAgency(db, request.principal!, request.query.agencyId),
    }),
  )

  app.get(
    '/api/v1/dossiers/:code',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dossiers'],
        summary: 'One dossier, with its history and the actions I may take',
        params: Type.Object({ code: DossierCode }),
        response: { 200: DossierDetailSchema },
      },
    },
    async (request) => {
      const { dossier, roles, applicantUserId } = await getDossierFor(
        db,
        request.principal!,
        request.params.code,
      )
      const forApplicant = roles.includes('applicant')
      const [procedure, history, documents, applicantName] = await Promise.all([
        getProcedureVersion(db, dossier.procedureVersion),
        dossierHistory(db, dossier.code, { forApplicant }),
        attachedDocuments(db, dossier.code),
        // Officials see who applied: the dossier's form data already carries the name.
        forApplicant ? null : applicantNameOf(db, applicantUserId),
      ])
      return {
        dossier,
        procedureName: procedure.name,
        procedureNameEn: procedure.nameEn,
        applicantName,
        roles,
        allowedActions: allowedActions(procedure.workflow, dossier.status, roles, {
          stage: dossier.stage,
          feeDue: dossier.feeVnd > 0,
        }),
        history,
        documents,
      }
    },
  )

  app.get(
    '/api/v1/dossiers/:code/documents/:documentId',
    {
      config: { access: STAFF },
      schema: {
        tags: ['dossiers'],
        summary: 'The file of a document attached to a dossier my agency handles (each read is audited)',
        description: 'Shown inline (a preview) unless `download=true`.',
        params: Type.Object({ code: DossierCode, documentId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object(
          { download: Type.Boolean({ default: false }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { code, documentId } = request.params
      const { document, blob } = await attachedFile(db, request.principal!, code, documentId)
      const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[blob.mimeType]
      const filename = `${code}-${document.type}${extension ? `.${extension}` : ''}`
      return (
        reply
          .type(blob.mimeType)
          .header(
            'content-disposition',
            `${request.query.download ? 'attachment' : 'inline'}; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
          )
          .header('cache-control', 'private, no-store')
          // The processing page previews it in a frame of its own origin.
          .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
          .header('x-frame-options', 'SAMEORIGIN')
          .send(blob.bytes)
      )
    },
  )

  app.get(
    '/api/v1/dossiers/:code/status',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dossiers'],
        summary: 'Where a dossier stands (status, appointment date, result): the light read for polling',
        params: Type.Object({ code: DossierCode }),
        response: { 200: DossierStatusSchema },
      },
    },
    async (request) => dossierStatus(db, request.principal!, request.params.code),
  )

  app.post(
    '/api/v1/dossiers/:code/actions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dossiers'],
        summary: 'Take a workflow action (accept, refuse, request_supplement, supplement, approve, …)',
        params: Type.Object({ code: DossierCode }),
        body: ActionBody,
        response: { 200: DossierSchema },
      },
    },
    async (request) =>
      takeAction(db, request.principal!, request.params.code, request.body, {
        publicUrl: app.config.publicUrl,
      }),
  )

  app.get(
    '/api/v1/dossiers/:code/result.pdf',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dossiers'],
        summary: 'The signed result (PDF) of my dossier',
        params: Type.Object({ code: DossierCode }),
      },
    },
    async (request, reply) => {
      const { dossier } = await getDossierFor(db, request.principal!, request.params.code)
      if (!dossier.resultDocumentId) throw dossierNotFound()
      const owner = {
        type: dossier.applicantType === 1 ? 'person' : 'organisation',
        id: dossier.applicantId,
      } as const
      const blob = await getOwnFile(db, owner, dossier.resultDocumentId)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${dossier.code}-KQ1.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(blob.bytes)
    },
  )

  app.get(
    '/api/v1/prefill/:procedureCode',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['dossiers'],
        summary: 'What the registries fill in for me on this form (read with a purpose, logged)',
        params: Type.Object({ procedureCode: ProcedureCode }),
        querystring: Type.Object(
          { consent: Type.Boolean({ default: false }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            needsConsent: Type.Boolean(),
            fields: Type.Array(
              Type.Object({
                path: Type.String(),
                source: Type.String(),
                value: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const procedure = await getProcedure(db, request.params.procedureCode)
      const prefill = await prefillFor(db, request.principal!, procedure, {
        consent: request.query.consent,
        partial: true,
      })
      const values = prefill.values as Record<string, string | null>
      return {
        needsConsent: prefill.needsConsent,
        fields: prefill.fields.map((f) => ({
          path: f.path.join('.'),
          source: f.source,
          value: values[f.source] ?? null,
        })),
      }
    },
  )

  app.get(
    '/api/v1/dossiers/:code/payment',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['payments'],
        summary: 'The payment requested for my dossier, with its VietQR code',
        params: Type.Object({ code: DossierCode }),
      },
    },
    async (request) => {
      await getDossierFor(db, request.principal!, request.params.code)
      const payment = await latestPayment(db, request.params.code)
      if (!payment) throw dossierNotFound()
      return payment
    },
  )

  await app.register(paymentCallbackRoutes)

  app.get(
    '/api/v1/drafts',
    { config: { access: APPLICANTS }, schema: { tags: ['dossiers'], summary: 'My saved drafts' } },
    async (request) => ({ items: await listDrafts(db, request.principal!.userId) }),
  )

  app.get(
    '/api/v1/drafts/:procedureCode',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['dossiers'],
        summary: 'My draft of one application; null when there is none',
        params: Type.Object({ procedureCode: ProcedureCode }),
        response: { 200: Nullable(DraftSchema) },
      },
    },
    async (request) => getDraft(db, request.principal!.userId, request.params.procedureCode),
  )

  app.put(
    '/api/v1/drafts/:procedureCode',
    {
      config: { access: APPLICANTS },
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['dossiers'],
        summary: 'Save my draft (resume on any device)',
        params: Type.Object({ procedureCode: ProcedureCode }),
        body: DraftBody,
      },
    },
    async (request) => saveDraft(db, request.principal!.userId, request.params.procedureCode, request.body),
  )

  app.delete(
    '/api/v1/drafts/:procedureCode',
    {
      config: { access: APPLICANTS },
      schema: {
        tags: ['dossiers'],
        summary: 'Discard my draft',
        params: Type.Object({ procedureCode: ProcedureCode }),
      },
    },
    async (request, reply) => {
      await deleteDraft(db, request.principal!.userId, request.params.procedureCode)
      return reply.code(204).send()
    },
  )
}
