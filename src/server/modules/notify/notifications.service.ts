import { randomUUID } from 'node:crypto'
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import { type Write, type Writes, writesOf } from '../../db/together'
import { notifications, outbox } from './schema'
import type { Locale, NotificationView, NotifyInput, Text } from './types'

export const PAGE_SIZE = 20

const pick = (text: Text, locale: Locale) => (typeof text === 'string' ? text : text[locale])

/** The e-mail's text: the body and, when the link is an absolute URL, the link on a line of its own. */
function mailText(body: string, link: string | null | undefined): string {
  return link && /^https?:\/\//.test(link) ? `${body}\n\n${link}\n` : `${body}\n`
}

/**
 * An in-app notification and, when an e-mail address is known, an outbox message, in the caller's
 * transaction, so that they commit (or roll back) with the change they announce: `await` them, or
 * hand them to `withWrites` to join the change's own statement. Their ids are chosen here, so that
 * the outbox message names its notification without a round trip; awaiting resolves to them.
 */
export function notify(
  tx: Tx | Db,
  input: NotifyInput,
): Writes<{ notificationId: string; outboxId: string | null }> {
  const locale = input.locale ?? 'vi'
  const title = pick(input.title, locale)
  const body = pick(input.body, locale)
  const link = input.link ?? null
  const notificationId = randomUUID()
  const writes: Write[] = [
    tx.insert(notifications).values({ id: notificationId, userId: input.userId, title, body, link }),
  ]
  const email = input.email?.trim()
  if (!email) return writesOf(tx, writes, { notificationId, outboxId: null })
  const outboxId = randomUUID()
  writes.push(
    tx.insert(outbox).values({
      id: outboxId,
      channel: 'email',
      recipient: email,
      subject: title,
      body: mailText(body, link),
      payload: { userId: input.userId, notificationId, locale, link },
    }),
  )
  return writesOf(tx, writes, { notificationId, outboxId })
}

const view = {
  id: notifications.id,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
}

/** A user's notifications, newest first, with the number still unread. */
export async function listNotifications(
  db: Db,
  userId: string,
  query: { unreadOnly?: boolean; page?: number; pageSize?: number } = {},
): Promise<{ items: NotificationView[]; total: number; unread: number }> {
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? PAGE_SIZE
  const mine = eq(notifications.userId, userId)
  const where = query.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine
  const [rows, [total], unread] = await Promise.all([
    db
      .select(view)
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(notifications).where(where),
    unreadCount(db, userId),
  ])
  return {
    items: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
    unread,
  }
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return row?.n ?? 0
}

/** Marks the user's own notifications among `ids` read; others' ids are ignored. Returns how many changed. */
export async function markRead(db: Db, userId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0
  const changed = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)),
    )
    .returning({ id: notifications.id })
  return changed.length
}
