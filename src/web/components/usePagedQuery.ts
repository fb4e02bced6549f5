import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, errorMessage, isAbort, type Query } from '../api/client'

/**
 * GETs a list page whenever the query changes (compared by value), on `reloadKey` and on a change of language
 * (localised errors); a newer request aborts the older one. The previous result stays while the next loads
 * only with `keepPrevious`.
 */
export function usePagedQuery<T>(
  path: string,
  query: Query,
  { keepPrevious = false, reloadKey = 0 }: { keepPrevious?: boolean; reloadKey?: number } = {},
): { result: T | null; error: string | null; loading: boolean } {
  const { i18n } = useTranslation()
  const [result, setResult] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const key = JSON.stringify(query)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the query counts by value (key); the language re-asks
  useEffect(() => {
    const abort = new AbortController()
    if (!keepPrevious) setResult(null)
    setError(null)
    setLoading(true)
    api
      .get<T>(path, query, abort.signal)
      .then(setResult)
      .catch((err) => {
        if (!isAbort(err)) setError(errorMessage(err))
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false)
      })
    return () => abort.abort()
  }, [path, key, reloadKey, i18n.language])

  return { result, error, loading }
}
