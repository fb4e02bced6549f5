import fs from 'node:fs'
import path from 'node:path'
import type { CatalogTerm, DossierState, ProcedureInput, Workflow } from '../modules/catalog/types'
import { countryDir } from './files'

// Country facts the catalog reads from config/vn: workflows, dossier states, sectors, life events and
// the demo procedures. Read once per process; they change with a release, not at run time.

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T

export const workflowsDir = path.join(countryDir, 'workflows')
export const proceduresDir = path.join(countryDir, 'procedures')

let workflowCache: Map<string, Workflow> | undefined

/** Every workflow in config/vn/workflows, by id. */
export function workflows(): Map<string, Workflow> {
  if (!workflowCache) {
    workflowCache = new Map()
    for (const file of fs
      .readdirSync(workflowsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const wf = readJson<Workflow & { name?: string; nameEn?: string; note?: string }>(
        path.join(workflowsDir, file),
      )
      workflowCache.set(wf.id, {
        id: wf.id,
        initial: wf.initial,
        actions: wf.actions,
        slaHours: wf.slaHours,
        ...(wf.stages ? { stages: wf.stages } : {}),
      })
    }
  }
  return workflowCache
}

export function workflowById(id: string): Workflow | undefined {
  return workflows().get(id)
}

let statesCache: DossierState[] | undefined

/** The national dossier states with their codes (1 new … 10 returned). */
export function dossierStates(): DossierState[] {
  statesCache ??= readJson<{ states: DossierState[] }>(path.join(countryDir, 'dossier-states.json')).states
  return statesCache
}

let sectorsCache: CatalogTerm[] | undefined
export function sectors(): CatalogTerm[] {
  sectorsCache ??= readJson<{ sectors: CatalogTerm[] }>(path.join(countryDir, 'sectors.json')).sectors
  return sectorsCache
}

let lifeEventsCache: CatalogTerm[] | undefined
export function lifeEvents(): CatalogTerm[] {
  lifeEventsCache ??= readJson<{ lifeEvents: CatalogTerm[] }>(
    path.join(countryDir, 'life-events.json'),
  ).lifeEvents
  return lifeEventsCache
}

/** The demo catalog: one file per procedure version in config/vn/procedures, by file name. */
export function demoProcedureFiles(): { file: string; input: ProcedureInput }[] {
  return fs
    .readdirSync(proceduresDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, input: readJson<ProcedureInput>(path.join(proceduresDir, file)) }))
}
