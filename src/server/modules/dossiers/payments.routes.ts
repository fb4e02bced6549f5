import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { forbidden } from '../../errors'
import {
  latestPayment,
  listNoticeConflicts,
  settlePayment,
  signCallback,
  verifyCallbackSignature,
} from './payments.service'
import { getDossierFor } from './queries.service'
import { NoticeConflictSchema } from './routes.schema'

const NoticeSchema = Type.Object(
  {
    paymentId: Type.String({ format: 'uuid' }),
    providerRef: Type.String({ minLength: 4, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    amountVnd: Type.Integer({ minimum: 0 }),
    status: Type.Union([Type.Literal('paid'), Type.Literal('failed')]),
  },
  { additionalProperties: false },
)

/**
 * The payment provider's side: its signed notices arrive at /api/v1/payments/callback. Outside
 * production, a sandbox provider stands in for the bank and speaks the same protocol.
 */
export const paymentCallbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const secret = app.config.paymentSecret

  app.post(
    '/api/v1/payments/callback',
    {
      // Who is asking is proven by the provider's HMAC signature, checked before anything else; it
      // covers the exact bytes sent, so the body's text is kept.
      config: { access: 'public', rawBody: true },
      preValidation: async (request) => {
        verifyCallbackSignature(
          secret,
          request.rawBody ?? '',
          request.headers['x-sen-signature'] as string | undefined,
        )
      },
      schema: {
        tags: ['payments'],
        summary: "The payment provider's notice (HMAC-signed in x-sen-signature); idempotent",
        body: NoticeSchema,
      },
    },
    async (request) => settlePayment(db, request.body, app.config.publicUrl),
  )

  app.get(
    '/api/v1/payments/notice-conflicts',
    {
      config: { access: { roles: ['system_admin'] } },
      schema: {
        tags: ['payments'],
        summary:
          'Signed notices refused (409 PAYMENT_REFERENCE_USED) because another payment holds their providerRef: to reconcile with the provider',
        response: { 200: Type.Object({ items: Type.Array(NoticeConflictSchema) }) },
      },
    },
    async () => ({ items: await listNoticeConflicts(db) }),
  )

  if (app.config.env === 'production') return

  app.post(
    '/api/v1/sandbox/payments/:dossierCode/pay',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags: ['payments'],
        summary: 'Sandbox bank (not in production): pay my pending fee; the bank then notifies Sen',
        params: Type.Object({
          dossierCode: Type.String({ maxLength: 40, pattern: '^[A-Z0-9.]+-[0-9]{6}-[0-9]{4}$' }),
        }),
      },
    },
    async (request, reply) => {
      const { roles } = await getDossierFor(db, request.principal!, request.params.dossierCode)
      if (!roles.includes('applicant')) throw forbidden()
      const payment = await latestPayment(db, request.params.dossierCode)
      if (payment?.status !== 'pending') throw forbidden()
      const body = JSON.stringify({
        paymentId: payment.id,
        providerRef: `SANDBOX-${randomUUID().slice(0, 8)}`,
        amountVnd: payment.amountVnd,
        status: 'paid',
      })
      const notice = await app.inject({
        method: 'POST',
        url: '/api/v1/payments/callback',
        headers: { 'content-type': 'application/json', 'x-sen-signature': signCallback(secret, body) },
        payload: body,
      })
      return reply.code(notice.statusCode).send(notice.json())
    },
  )
}
