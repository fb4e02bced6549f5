// The administrative units that address fields pick from (GET /administrative-units, public and
// cached for a day by the browser), read once per page load and shared by every form and panel.
import type { Static } from 'typebox'
import type { UnitSchema } from '../../server/modules/registry/routes.schema'
import { api } from './client'

export type Unit = Static<typeof UnitSchema>

let provinces: Promise<Unit[]> | null = null
const communes = new Map<string, Promise<Unit[]>>()

/** Forgets a failed read, so that the next attempt asks again. */
function kept<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  promise.catch(forget)
  return promise
}

export function loadProvinces(): Promise<Unit[]> {
  provinces ??= kept(
    api.get<{ items: Unit[] }>('/administrative-units').then((r) => r.items),
    () => {
      provinces = null
    },
  )
  return provinces
}

export function loadCommunes(provinceCode: string): Promise<Unit[]> {
  let list = communes.get(provinceCode)
  if (!list) {
    list = kept(
      api
        .get<{ items: Unit[] }>(`/administrative-units/${encodeURIComponent(provinceCode)}/communes`)
        .then((r) => r.items),
      () => communes.delete(provinceCode),
    )
    communes.set(provinceCode, list)
  }
  return list
}

/** "Phường Ba Đình", "Thành phố Hà Nội": a unit as an address names it. */
export const unitTitle = (unit: Unit) => `${unit.type} ${unit.name}`
