import { Badge, Box, Burger, Button, Container, Group, Progress, Text } from '@mantine/core'
import { useDisclosure, useWindowEvent } from '@mantine/hooks'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router'
import { NotificationBell } from '../components/NotificationBell'
import { LanguageSwitch } from './LanguageSwitch'
import { useMeta } from './meta'
import { NAV_ENTRIES } from './nav'
import { useSession } from './session'

/** Below this width (Mantine's md, 62em) the navigation folds behind a menu button (app.css too). */
const MENU_BREAKPOINT = 'md'

function Logo() {
  return (
    <svg width="32" height="32" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="30" fill="#1864ab" />
      <path
        d="M32 14c-6 8-6 16 0 26 6-10 6-18 0-26zm-14 10c0 9 5 15 14 16-3-8-8-13-14-16zm28 0c-6 3-11 8-14 16 9-1 14-7 14-16zM16 44h32c-3 4-9 6-16 6s-13-2-16-6z"
        fill="#fff"
      />
    </svg>
  )
}

export function Layout() {
  const { t } = useTranslation()
  const { status, me, logout } = useSession()
  const meta = useMeta()
  const navigate = useNavigate()
  const location = useLocation()
  // Pages load with their route: the current one stays until the next one has come.
  const pageLoading = useNavigation().state === 'loading'
  const mainRef = useRef<HTMLElement>(null)
  const firstRender = useRef(true)
  const burgerRef = useRef<HTMLButtonElement>(null)
  const [menuOpened, { toggle: toggleMenu, close: closeMenu }] = useDisclosure(false)

  // After client-side navigation, move focus to the main content so screen readers start there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change on purpose
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    mainRef.current?.focus({ preventScroll: false })
  }, [location.pathname])

  // An entry chosen from the folded menu closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change on purpose
  useEffect(() => closeMenu(), [location.pathname, closeMenu])

  // Escape closes an open menu and gives the focus back to its button.
  useWindowEvent('keydown', (event) => {
    if (event.key !== 'Escape' || !menuOpened) return
    closeMenu()
    burgerRef.current?.focus()
  })

  const onLogout = async () => {
    // Leave the page first: a protected page would otherwise redirect to /login when the session ends.
    navigate('/')
    await logout()
  }

  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a className="sen-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="sen-header">
        <Container size="lg" py="sm">
          {/* One row on wide screens; on narrow ones the brand, the bell and the menu button, and the
              navigation and settings under them once the button opens them. */}
          <div className="sen-header-bar" data-menu-open={menuOpened || undefined}>
            <Link to="/" className="sen-brand" aria-label={t('app.homeLink')}>
              <Logo />
              <Text component="span" fw={800} fz="xl">
                {t('app.name')}
              </Text>
              <Text component="span" fz="sm" c="gray.8" visibleFrom="xs">
                {t('app.tagline')}
              </Text>
            </Link>
            <div id="sen-menu" className="sen-menu">
              <nav aria-label={t('nav.label')} className="sen-nav">
                <ul>
                  {NAV_ENTRIES.filter((entry) => entry.shownTo?.(me) ?? true).map((entry) => (
                    <li key={entry.to}>
                      <NavLink to={entry.to} end={entry.end}>
                        {t(entry.label)}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <Group gap="sm" className="sen-header-tools">
                {meta?.demo && (
                  <Badge color="#9a3412" variant="filled">
                    {t('app.demoBadge')}
                  </Badge>
                )}
                <LanguageSwitch />
                {status === 'authenticated' && me ? (
                  <>
                    <Text fz="sm" c="gray.8">
                      {t('nav.signedInAs', { name: me.displayName })}
                    </Text>
                    <Button size="xs" variant="default" onClick={() => void onLogout()}>
                      {t('nav.logout')}
                    </Button>
                  </>
                ) : status === 'anonymous' && location.pathname !== '/login' ? (
                  <Button size="xs" component={Link} to="/login">
                    {t('nav.login')}
                  </Button>
                ) : null}
              </Group>
            </div>
            <Group gap="xs" className="sen-header-quick">
              {status === 'authenticated' && me && <NotificationBell />}
              <Burger
                ref={burgerRef}
                hiddenFrom={MENU_BREAKPOINT}
                opened={menuOpened}
                onClick={toggleMenu}
                size="sm"
                aria-label={t('nav.menu')}
                aria-expanded={menuOpened}
                aria-controls="sen-menu"
              />
            </Group>
          </div>
        </Container>
      </header>
      {pageLoading && (
        <Progress.Root size="xs" radius={0} className="sen-page-progress">
          <Progress.Section value={100} animated aria-label={t('common.loading')} />
        </Progress.Root>
      )}
      <main id="main" ref={mainRef} tabIndex={-1} className="sen-main">
        <Container size="lg" py="xl">
          <Outlet />
        </Container>
      </main>
      <footer className="sen-footer">
        <Container size="lg" py="md">
          <Group justify="space-between" gap="xs">
            <Text fz="sm" c="gray.8">
              {t('app.footer')}
            </Text>
            {meta && (
              <Text fz="sm" c="gray.8">
                {t('app.version', { version: meta.version })}
              </Text>
            )}
          </Group>
        </Container>
      </footer>
    </Box>
  )
}
