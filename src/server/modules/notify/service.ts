// The notify module's public face: other modules call these, never its tables.
export {
  listNotifications,
  markRead,
  notify,
  unreadCount,
} from './notifications.service'
export {
  deadLetters,
  requeue,
  startOutboxWorker,
} from './outbox.service'
export {
  renderTemplate,
  type TemplateKey,
} from './templates'
export { createMailTransport } from './transport'
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
