// Names of the administrative units that a dossier's data holds by code, for pages that show it.
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { loadCommunes, loadProvinces, type Unit } from '../api/units'
import type { UnitCodes } from './schema'

/** "Phường Ba Đình" in Vietnamese, "Ba Đình Ward" in English. */
export function useUnitTitle(): (unit: Unit) => string {
  const { t } = useTranslation()
  return useCallback(
    (unit: Unit) => t('units.title', { name: unit.name, type: t(`units.types.${unit.type}`, unit.type) }),
    [t],
  )
}

/**
 * Names by code (`province:01`, `commune:00004`) for the units listed, or null while they load.
 * Communes are read with the province they were chosen in.
 */
export function useUnitNames(codes: UnitCodes | null): Map<string, string> | null {
  const title = useUnitTitle()
  const key = codes ? JSON.stringify(codes) : ''
  const [names, setNames] = useState<{ key: string; names: Map<string, string> } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the codes
  useEffect(() => {
    if (!codes) return
    let live = true
    const load = async () => {
      const found = new Map<string, string>()
      const provinces = await loadProvinces()
      for (const p of provinces) found.set(`province:${p.code}`, title(p))
      const wanted = new Set(codes.communes.map((c) => c.provinceCode).filter((c): c is string => c !== null))
      for (const provinceCode of wanted) {
        if (!provinces.some((p) => p.code === provinceCode)) continue
        for (const c of await loadCommunes(provinceCode)) found.set(`commune:${c.code}`, title(c))
      }
      if (live) setNames({ key, names: found })
    }
    load().catch(() => live && setNames({ key, names: new Map() }))
    return () => {
      live = false
    }
  }, [key, title])
  if (!codes) return new Map()
  return names && names.key === key ? names.names : null
}
