import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { unreachableCause } from '../db'
import { AppError, invalidCharacters, type Localised } from '../errors'
import { type Lang, pickLanguage } from '../i18n/language'
import { describeIssue, fieldOf } from '../i18n/validation'

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang
  }
}

/** What Fastify's own 4xx errors mean to a person. */
const frameworkErrors: Record<string, { status: number; code: string; text: Localised }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    text: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'EMPTY_BODY',
    text: { vi: 'Nội dung gửi lên đang trống.', en: 'The request body is empty.' },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'BODY_TOO_LARGE',
    text: { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    text: { vi: 'Kiểu nội dung không được hỗ trợ.', en: 'This content type is not supported.' },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_CONTENT_LENGTH',
    text: { vi: 'Độ dài nội dung không khớp.', en: 'The content length does not match the body.' },
  },
}

// Text PostgreSQL cannot store (a NUL character): the client's input, not a fault of the server.
const unstorableTextCodes = new Set(['22021', '22P05'])

function isUnstorableText(error: FastifyError & { cause?: unknown }): boolean {
  const cause = error.cause as { code?: string } | undefined
  return (
    unstorableTextCodes.has(error.code) || (cause?.code !== undefined && unstorableTextCodes.has(cause.code))
  )
}

/** Every error leaves Sen as `{error: {code, message, field?}}` in the language the request asks for. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('lang', 'vi')
  app.addHook('onRequest', async (request) => {
    request.lang = pickLanguage(request.headers['accept-language'])
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message:
          request.lang === 'vi'
            ? `Không có đường dẫn ${request.method} ${request.url.split('?')[0]}.`
            : `There is no route ${request.method} ${request.url.split('?')[0]}.`,
      },
    })
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = request.lang ?? pickLanguage(request.headers['accept-language'])
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers)
      return reply
        .code(error.statusCode)
        .send({ error: { code: error.code, message: error.text[lang], field: error.field } })
    }
    if (error.validation) {
      const first = error.validation[0]!
      return reply.code(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: describeIssue(first as never, error.validationContext ?? 'body', lang),
          field: fieldOf(first as never),
        },
      })
    }
    const known = error.code ? frameworkErrors[error.code] : undefined
    if (known)
      return reply.code(known.status).send({ error: { code: known.code, message: known.text[lang] } })
    if (isUnstorableText(error)) {
      const refused = invalidCharacters({ vi: 'ký tự NUL', en: 'NUL' })
      return reply.code(400).send({ error: { code: refused.code, message: refused.text[lang] } })
    }
    if (unreachableCause(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      return reply.code(503).send({
        error: {
          code: 'DATABASE_UNAVAILABLE',
          message:
            lang === 'vi'
              ? 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau.'
              : 'The database is unavailable for a moment. Please try again later.',
        },
      })
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status < 500) {
      return reply.code(status).send({
        error: {
          code: 'BAD_REQUEST',
          message: lang === 'vi' ? 'Yêu cầu không hợp lệ.' : 'The request is not valid.',
        },
      })
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send({
      error: {
        code: 'INTERNAL_ERROR',
        message:
          lang === 'vi'
            ? `Đã có lỗi hệ thống. Mã yêu cầu: ${request.id}.`
            : `Something went wrong on our side. Request id: ${request.id}.`,
      },
    })
  })
})
