import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

/** Sets document.title to "<page> — Sen" (or the app title when no page title is given). */
export function usePageTitle(pageTitle?: string): void {
  const { t } = useTranslation()
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} — ${t('app.name')}` : t('app.title')
  }, [pageTitle, t])
}
