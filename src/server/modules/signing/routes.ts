import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Localised } from '../../errors'
import { getAccount } from '../identity/service'
import { pdfExpected } from './errors'
import { hasKeyHolder, keyHolder } from './keyholder'
import { ensureOfficialKey, officialTitle, rootCertificatePem } from './keys.service'
import { verifyPdf } from './pades.service'
import { KeyInfoSchema, VerificationSchema } from './routes.schema'
import type { PdfVerificationStatus } from './types'

/** What each verification status means to a person. */
export const STATUS_TEXT: Record<PdfVerificationStatus, Localised> = {
  valid: {
    vi: 'Chữ ký số hợp lệ: văn bản do những người ký nêu dưới đây ký và chưa bị thay đổi sau khi ký.',
    en: 'The signatures are valid: the document was signed by the signers below and has not been changed since.',
  },
  altered: {
    vi: 'Văn bản đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng: không được tin cậy.',
    en: 'The document was changed after signing, or its signature is damaged: do not trust it.',
  },
  revoked: {
    vi: 'Khóa ký của văn bản này đã bị thu hồi: văn bản không còn được bảo đảm.',
    en: 'The key that signed this document has been revoked: the document is no longer vouched for.',
  },
  unknown_signer: {
    vi: 'Văn bản được ký bởi một chứng thư số không do hệ thống Sen cấp.',
    en: 'The document was signed with a certificate that Sen did not issue.',
  },
  unsigned: {
    vi: 'Văn bản không có chữ ký số.',
    en: 'The document carries no digital signature.',
  },
}

/** Signing routes: the root certificate, an official's own key, and public PDF verification. */
const signingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  // Fails at start, not at the first signature, when production has no master key.
  if (!hasKeyHolder()) keyHolder(app.config)

  // PDFs arrive as raw bytes; this parser serves this plugin's routes only.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  )

  app.get(
    '/api/v1/signing/root.pem',
    {
      config: { access: 'public' },
      schema: {
        tags: ['signing'],
        summary: "Sen's root certificate (PEM): trust it to check Sen's signatures in a PDF reader",
        produces: ['application/x-pem-file'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', 'application/x-pem-file; charset=utf-8')
      reply.header('content-disposition', 'inline; filename="sen-root-ca.pem"')
      return rootCertificatePem(db)
    },
  )

  app.get(
    '/api/v1/signing/keys/me',
    {
      config: { access: { kinds: ['official'] } },
      schema: {
        tags: ['signing'],
        summary: 'My personal signing certificate (officials); issued at first use',
        response: { 200: KeyInfoSchema },
      },
    },
    async (request) => {
      const account = await getAccount(db, request.principal!.userId)
      return ensureOfficialKey(db, {
        userId: account.id,
        displayName: account.displayName,
        agencyName: account.agency?.name ?? '',
        title: officialTitle(account.roles),
      })
    },
  )

  app.post(
    '/api/v1/verify',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['signing'],
        summary: 'Verify a signed PDF (send it with Content-Type: application/pdf)',
        consumes: ['application/pdf'],
        response: { 200: VerificationSchema },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw pdfExpected()
      const result = await verifyPdf(db, request.body)
      return { ...result, message: STATUS_TEXT[result.status][request.lang] }
    },
  )
}

export default signingRoutes
export { signingRoutes }
