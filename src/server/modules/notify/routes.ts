import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ListQuery, MarkReadBody, MarkReadResult, NotificationList } from './routes.schema'
import { listNotifications, markRead, unreadCount } from './service'

export const notifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notify'],
        summary: 'My notifications, newest first, and how many are unread',
        querystring: ListQuery,
        response: { 200: NotificationList },
      },
    },
    async (request) => {
      const { unread, page, pageSize } = request.query
      return listNotifications(db, request.principal!.userId, { unreadOnly: unread === true, page, pageSize })
    },
  )

  app.post(
    '/api/v1/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notify'],
        summary: 'Mark my notifications read (ids that are not mine are ignored)',
        body: MarkReadBody,
        response: { 200: MarkReadResult },
      },
    },
    async (request) => {
      const userId = request.principal!.userId
      const marked = await markRead(db, userId, request.body.ids)
      return { marked, unread: await unreadCount(db, userId) }
    },
  )
}
