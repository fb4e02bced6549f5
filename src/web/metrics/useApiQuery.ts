import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api, isAbort, type Query } from '../api/client'

/**
 * GETs `path` whenever it, the query (by value), `reloadKey` or the language changes; a newer request aborts the
 * older one, and the previous answer stays on screen while the next one loads. The error is kept as thrown, so
 * that a page can tell "not allowed" (401/403) from "failed". `path` null asks nothing.
 */
export function useApiQuery<T>(
  path: string | null,
  query: Query = {},
  reloadKey: string | number = 0,
): { data: T | null; error: unknown; loading: boolean } {
  const { i18n } = useTranslation()
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(path !== null)
  const key = JSON.stringify(query)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the query counts by value (key); the language re-asks
  useEffect(() => {
    if (path === null) {
      setData(null)
      setError(null)
      setLoading(false)
      return
    }
    const abort = new AbortController()
    setError(null)
    setLoading(true)
    api
      .get<T>(path, query, abort.signal)
      .then((next) => {
        setData(next)
        setLoading(false)
      })
      .catch((err) => {
        if (isAbort(err)) return
        setData(null)
        setError(err)
        setLoading(false)
      })
    return () => abort.abort()
  }, [path, key, reloadKey, i18n.language])

  return { data, error, loading }
}

/** Whether a failed request means "not for you" (not signed in, or outside your jurisdiction). */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403)
}
