import { Type } from 'typebox'

// Schemas of the notification routes: they validate input, serialise output and write the OpenAPI document.

export const NotificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

export const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones' })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
)

export const NotificationList = Type.Object({
  items: Type.Array(NotificationSchema),
  total: Type.Integer({ description: 'How many match the query' }),
  unread: Type.Integer({ description: 'How many of all yours are unread' }),
})

export const MarkReadBody = Type.Object(
  {
    ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200, uniqueItems: true }),
  },
  { additionalProperties: false },
)

export const MarkReadResult = Type.Object({
  marked: Type.Integer({ description: 'How many of yours were unread and are now read' }),
  unread: Type.Integer(),
})
