import { Pagination, type PaginationProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'

/** The list's page from the URL (`?page=`, 1 when missing or wrong) and a setter that keeps the other parameters. */
export function usePageParam(): [page: number, setPage: (page: number) => void] {
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const setPage = (value: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(value))
    setParams(next)
  }
  return [page, setPage]
}

/** Page links with translated names ("Trang 2", "Trang sau"); labelled "Phân trang" unless `unlabelled`. */
export function Pager({
  unlabelled = false,
  ...props
}: Omit<PaginationProps, 'getControlProps' | 'getItemProps'> & { unlabelled?: boolean }) {
  const { t } = useTranslation()
  return (
    <Pagination
      {...props}
      getControlProps={(control) => ({
        'aria-label': control === 'previous' ? t('catalog.previousPage') : t('catalog.nextPage'),
      })}
      getItemProps={(value) => ({ 'aria-label': t('catalog.pageN', { page: value }) })}
      aria-label={unlabelled ? undefined : t('catalog.pagination')}
    />
  )
}
