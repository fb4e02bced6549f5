// The notify module's public face: other modules call these, never its tables.
export * from './notifications.service'
export * from './outbox.service'
export * from './templates'
export * from './transport'
export type {
  DeadLetter,
  Locale,
  MailTransport,
  NotificationView,
  NotifyInput,
  NotifyLog,
  OutgoingMail,
  Text,
} from './types'
