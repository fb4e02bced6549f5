import { Anchor, Badge, Button, Group, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import type { Notification, NotificationPage } from '../api/citizen'
import { api, errorMessage } from '../api/client'
import { formatDateTime } from '../i18n/format'
import { Loading } from './Loading'

const POLL_MS = 60_000

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"
      />
    </svg>
  )
}

/** Only same-site links open from a notification. */
function safeLink(link: string | null): string | null {
  if (!link) return null
  try {
    const url = new URL(link, window.location.origin)
    if (url.origin !== window.location.origin) return null
    return url.pathname + url.search + url.hash
  } catch {
    return null
  }
}

/** The header's bell: unread count, the recent notifications with links, marking them read. */
export function NotificationBell() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const [opened, setOpened] = useState(false)
  const [page, setPage] = useState<NotificationPage | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setPage(await api.get<NotificationPage>('/notifications', { pageSize: 10 }))
      setError(null)
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh on navigation and language change too
  useEffect(() => {
    void load()
    const timer = window.setInterval(() => void load(), POLL_MS)
    return () => window.clearInterval(timer)
  }, [load, location.pathname, i18n.language])

  const markRead = async (ids: string[]) => {
    if (ids.length === 0) return
    try {
      const r = await api.post<{ marked: number; unread: number }>('/notifications/read', { ids })
      const now = new Date().toISOString()
      setPage((current) =>
        current
          ? {
              ...current,
              unread: r.unread,
              items: current.items.map((n) => (ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)),
            }
          : current,
      )
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const unread = page?.unread ?? 0
  const unreadIds = (page?.items ?? []).filter((n) => !n.readAt).map((n) => n.id)
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      onClose={() => setOpened(false)}
      closeOnEscape
      position="bottom-end"
      width={360}
      shadow="md"
      trapFocus
      returnFocus
    >
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          px={8}
          aria-label={label}
          title={label}
          aria-haspopup="dialog"
          aria-expanded={opened}
          onClick={() => setOpened((o) => !o)}
        >
          <BellIcon />
          {unread > 0 && (
            <Badge color="#c92a2a" variant="filled" size="sm" ml={4} component="span" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </Badge>
          )}
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label={t('notifications.title')} role="dialog">
        <Group justify="space-between" mb="xs">
          <Text fw={700} component="h2" fz="md" m={0}>
            {t('notifications.title')}
          </Text>
          {unreadIds.length > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => void markRead(unreadIds)}>
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Group>
        {error && (
          <Text c="red.9" fz="sm">
            {error}
          </Text>
        )}
        {!page && !error && <Loading size="sm" />}
        {page && page.items.length === 0 && <Text fz="sm">{t('notifications.empty')}</Text>}
        {page && page.items.length > 0 && (
          <ScrollArea.Autosize mah={400}>
            <Stack component="ul" gap={0} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {page.items.map((n) => (
                <NotificationItem
                  key={n.id}
                  notification={n}
                  onOpen={() => {
                    setOpened(false)
                    if (!n.readAt) void markRead([n.id])
                  }}
                  onMarkRead={() => void markRead([n.id])}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  )
}

function NotificationItem({
  notification,
  onOpen,
  onMarkRead,
}: {
  notification: Notification
  onOpen: () => void
  onMarkRead: () => void
}) {
  const { t } = useTranslation()
  const link = safeLink(notification.link)
  const unread = !notification.readAt
  return (
    <li
      style={{
        padding: '0.5rem 0.25rem',
        borderBottom: '1px solid var(--mantine-color-gray-3)',
        background: unread ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Text fz="sm" fw={unread ? 700 : 400}>
        {unread && <span className="sen-sr-only">{t('notifications.unread')}: </span>}
        {link ? (
          <Anchor component={Link} to={link} onClick={onOpen}>
            {notification.title}
          </Anchor>
        ) : (
          notification.title
        )}
      </Text>
      <Text fz="sm">{notification.body}</Text>
      <Group justify="space-between" gap="xs">
        <Text fz="xs" c="dimmed">
          <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
        </Text>
        {unread && (
          <UnstyledButton
            onClick={onMarkRead}
            fz="xs"
            c="blue.9"
            td="underline"
            aria-label={t('notifications.markReadNamed', { title: notification.title })}
          >
            {t('notifications.markRead')}
          </UnstyledButton>
        )}
      </Group>
    </li>
  )
}
