import nodemailer from 'nodemailer'
import type { MailTransport, NotifyLog, OutgoingMail } from './types'

export const DEFAULT_MAIL_FROM = '"Sen" <no-reply@sen.local>'

export interface MailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; without it mail is only logged. */
  smtpUrl?: string | undefined
  from?: string | undefined
}

/** The Message-ID an outbox message carries on every attempt: receivers deduplicate by it. */
export const messageIdOf = (outboxId: string) => `<${outboxId}@sen.local>`

/**
 * SMTP through nodemailer when `smtpUrl` is set; otherwise a log transport (nodemailer's
 * jsonTransport) that accepts every message and logs one line for each, sending nothing.
 */
export function createMailTransport(settings: MailSettings, log: NotifyLog): MailTransport {
  const from = settings.from || DEFAULT_MAIL_FROM
  if (!settings.smtpUrl) {
    const json = nodemailer.createTransport({ jsonTransport: true }, { from })
    return {
      kind: 'log',
      async send(mail) {
        await json.sendMail(envelope(mail))
        log.info(
          { outboxId: mail.id, to: mail.to, subject: mail.subject, messageId: mail.messageId },
          'e-mail logged, not sent: SEN_SMTP_URL is not set',
        )
      },
      close: () => json.close(),
    }
  }
  const smtp = nodemailer.createTransport(
    {
      url: settings.smtpUrl,
      // A dead server must fail an attempt in seconds, well within the worker's claim on the message.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from },
  )
  return {
    kind: 'smtp',
    async send(mail) {
      await smtp.sendMail(envelope(mail))
    },
    close: () => smtp.close(),
  }
}

function envelope(mail: OutgoingMail) {
  return { to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId }
}
