import type { Static } from 'typebox'
import type { Localised } from '../../errors'
import type { NotificationSchema } from './routes.schema'

export type Locale = 'vi' | 'en'

/** A text given in both languages, or already in the recipient's. */
export type Text = Localised | string

/** What a module hands to notify(): one in-app notification and, when an address is known, one e-mail. */
export interface NotifyInput {
  userId: string
  /** The recipient's e-mail address; without one only the in-app notification is written. */
  email?: string | null
  title: Text
  body: Text
  /** A link into Sen ('/dossiers/…') or an absolute URL. */
  link?: string | null
  /** The recipient's language (default Vietnamese): picks from Localised texts. */
  locale?: Locale
}

/** A notification as its recipient sees it: the type of the schema the routes answer with. */
export type NotificationView = Static<typeof NotificationSchema>

/** One e-mail as the worker hands it to a transport. */
export interface OutgoingMail {
  /** The outbox row's id. */
  id: string
  to: string
  subject: string
  text: string
  /** `<outbox id@sen.local>`: the same on every attempt, so that a receiver can deduplicate. */
  messageId: string
}

/** Sends e-mail; it throws when the message was not accepted. */
export interface MailTransport {
  readonly kind: string
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

/** A message the worker gave up on after its last attempt. */
export interface DeadLetter {
  id: string
  channel: string
  recipient: string
  subject: string
  attempts: number
  lastError: string | null
  createdAt: string
}

/** The logger the worker and the log transport write to (pino, Fastify's app.log, or a stub). */
export interface NotifyLog {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}
