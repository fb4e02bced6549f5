import { useEffect, useState } from 'react'
import { api } from '../api/client'
import type { Meta } from '../api/types'

let cached: Promise<Meta | null> | null = null

/** GET /api/v1/meta once per page load; null while loading or if the server does not answer. */
export function useMeta(): Meta | null {
  const [meta, setMeta] = useState<Meta | null>(null)
  useEffect(() => {
    let live = true
    cached ??= api.get<Meta>('/meta').catch(() => {
      cached = null
      return null
    })
    void cached.then((value) => {
      if (live) setMeta(value)
    })
    return () => {
      live = false
    }
  }, [])
  return meta
}
