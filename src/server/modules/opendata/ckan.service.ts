import type { Static } from 'typebox'
import type { Db } from '../../db'
import type { Localised } from '../../errors'
import type { Lang } from '../../i18n/language'
import { getAgency } from '../identity/service'
import {
  type GroupDict,
  licenceDict,
  type OrganizationDict,
  organizationDict,
  type PackageDict,
  tagDict,
} from './ckan.dicts'
import { ckanNotFound, ckanValidation, missingValue } from './ckan.errors'
import { type Entry, facetDisplayName, type PackageIndex, packageIndex, searchPackages } from './ckan.index'
import type {
  GroupListParams,
  OrganizationShowParams,
  PackageSearchParams,
  PackageSearchResult,
  PagingParams,
  StatusShowResult,
  TagListParams,
} from './ckan.schema'
import { LICENCES } from './licences'
import { countUsage } from './usage'

// CKAN's read actions over the published datasets (ckan.index.ts). Parameters come as CKAN takes
// them (numbers in strings, lists as JSON text) and are checked as CKAN checks them: a bad one is
// a Validation Error naming its field.

/** CKAN's configured maxima (ckan.search.rows_max, ckan.group_and_organization_list_max and _all_fields_max). */
export const ROWS_MAX = 1000
const LIST_MAX = 1000
const LIST_ALL_FIELDS_MAX = 25

export interface CkanCall {
  db: Db
  baseUrl: string
  lang: Lang
}

const invalidInteger: Localised = { vi: 'Số nguyên không hợp lệ', en: 'Invalid integer' }

/** A natural number from a JSON number or its digits (the route schemas allow nothing else). */
function natural(
  field: string,
  value: number | string | undefined,
  fallback: number,
  max = Infinity,
): number {
  if (value === undefined || value === '') return fallback
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isSafeInteger(n) || n < 0) throw ckanValidation({ [field]: invalidInteger })
  // CKAN caps rows at its maximum rather than refusing more.
  return Math.min(n, max)
}

const flag = (value: boolean | string | undefined, fallback = false) =>
  value === undefined ? fallback : typeof value === 'boolean' ? value : /^(true|1|yes)$/i.test(value)

/**
 * A list given as a JSON list, or as JSON text of one (CKAN's facet.field, fq_list…). A query
 * string's text may reach here wrapped in a list of one (the query validator coerces to arrays).
 */
function stringList(field: string, value: string[] | string | undefined): string[] {
  if (value === undefined) return []
  const items = Array.isArray(value) ? value : [value]
  return items.flatMap((item) => {
    if (!item.trimStart().startsWith('[')) {
      if (Array.isArray(value)) return [item]
    } else {
      try {
        const parsed: unknown = JSON.parse(item)
        if (Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string')) return parsed
      } catch {}
    }
    throw ckanValidation({
      [field]: { vi: 'Không đọc được danh sách JSON', en: 'Could not parse as valid JSON list of strings' },
    })
  })
}

/** Organisations that publish, from the index: agency id → its dict with its count. */
function organizationsOf(index: PackageIndex): Map<string, OrganizationDict> {
  const organizations = new Map<string, OrganizationDict>()
  for (const entry of index.entries) {
    const id = entry.view.publisher.agencyId
    const known = organizations.get(id)
    if (known) known.package_count = (known.package_count ?? 0) + 1
    else organizations.set(id, organizationDict(entry.view.publisher, 1))
  }
  return organizations
}

export async function packageSearch(
  call: CkanCall,
  params: Static<typeof PackageSearchParams>,
): Promise<Static<typeof PackageSearchResult>> {
  const index = await packageIndex(call.db, call.baseUrl)
  const facetLimitText = params['facet.limit']
  const facetLimit = facetLimitText === undefined ? 50 : Number(facetLimitText)
  const request = {
    q: params.q ?? '',
    fq: [...(params.fq ? [params.fq] : []), ...stringList('fq_list', params.fq_list)],
    sort: params.sort ?? '',
    rows: natural('rows', params.rows, 10, ROWS_MAX),
    start: natural('start', params.start, 0),
    facetFields: flag(params.facet, true) ? stringList('facet.field', params['facet.field']) : [],
    facetLimit: facetLimit < 0 ? Infinity : facetLimit,
    facetMinCount: natural('facet.mincount', params['facet.mincount'], 1),
  }
  const outcome = searchPackages(index, request)
  const facets: Record<string, Record<string, number>> = {}
  const searchFacets: Static<typeof PackageSearchResult>['search_facets'] = {}
  const titles = new Map(
    request.facetFields.includes('organization')
      ? [...organizationsOf(index).values()].map((org) => [org.name, org.title])
      : [],
  )
  for (const [field, counts] of outcome.facets) {
    const kept = [...counts]
      .filter(([, count]) => count >= request.facetMinCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, request.facetLimit)
    facets[field] = Object.fromEntries(kept)
    searchFacets[field] = {
      title: field,
      items: kept.map(([name, count]) => ({
        name,
        display_name: facetDisplayName(index, field, name, titles),
        count,
      })),
    }
  }
  return {
    count: outcome.count,
    sort: request.sort || 'score desc, metadata_modified desc',
    facets,
    search_facets: searchFacets,
    results: outcome.results.map((entry) => entry.pkg),
  }
}

/** A published dataset by id or name; a draft or a withdrawn one is not found. */
async function publishedEntry(call: CkanCall, id: string | undefined): Promise<Entry> {
  if (!id) throw missingValue('id')
  const index = await packageIndex(call.db, call.baseUrl)
  const entry = index.byId.get(id) ?? index.byName.get(id)
  if (!entry) throw ckanNotFound({ vi: 'bộ dữ liệu', en: 'Dataset' })
  return entry
}

export async function packageShow(call: CkanCall, id: string | undefined): Promise<PackageDict> {
  const entry = await publishedEntry(call, id)
  countUsage(call.db, entry.view.id, 'apiCalls')
  return entry.pkg
}

export async function resourceShow(call: CkanCall, id: string | undefined) {
  if (!id) throw missingValue('id')
  const index = await packageIndex(call.db, call.baseUrl)
  const entry = index.byResource.get(id)
  const resource = entry?.pkg.resources.find((r) => r.id === id)
  if (!entry || !resource) throw ckanNotFound({ vi: 'tệp dữ liệu', en: 'Resource' })
  countUsage(call.db, entry.view.id, 'apiCalls')
  return resource
}

/** The names of the published datasets, in name order. */
export async function packageList(call: CkanCall, params: Static<typeof PagingParams>): Promise<string[]> {
  const index = await packageIndex(call.db, call.baseUrl)
  const names = [...index.byName.keys()].sort()
  const offset = natural('offset', params.offset, 0)
  const limit = natural('limit', params.limit, names.length)
  return names.slice(offset, offset + limit)
}

type ListSort = { key: 'name' | 'title' | 'package_count'; descending: boolean }

function listSort(sort: string | undefined): ListSort {
  const [key = 'title', direction = key === 'package_count' ? 'desc' : 'asc'] = (sort ?? 'title asc')
    .trim()
    .split(/\s+/)
  if (!['name', 'title', 'package_count'].includes(key) || !['asc', 'desc'].includes(direction)) {
    throw ckanValidation({ sort: { vi: 'Không sắp xếp được theo trường này', en: 'Cannot sort by field' } })
  }
  return { key: key as ListSort['key'], descending: direction === 'desc' }
}

function sortedList<T extends { name: string; title: string; package_count?: number }>(
  items: T[],
  params: Static<typeof GroupListParams>,
  listed: string[],
): { names: string[]; dicts: T[]; allFields: boolean } {
  const sort = listSort(params.sort)
  const allFields = flag(params.all_fields)
  const wanted = listed.length ? new Set(listed.map((name) => name.toLowerCase())) : undefined
  const q = params.q?.toLowerCase()
  const kept = items
    .filter((item) => !wanted || wanted.has(item.name))
    .filter((item) => !q || item.name.includes(q) || item.title.toLowerCase().includes(q))
    .sort((a, b) => {
      const x = sort.key === 'package_count' ? (a.package_count ?? 0) : a[sort.key]
      const y = sort.key === 'package_count' ? (b.package_count ?? 0) : b[sort.key]
      const order = typeof x === 'number' ? x - (y as number) : x.localeCompare(y as string, 'vi')
      return (sort.descending ? -order : order) || a.name.localeCompare(b.name)
    })
  const offset = natural('offset', params.offset, 0)
  const limit = natural(
    'limit',
    params.limit,
    allFields ? LIST_ALL_FIELDS_MAX : LIST_MAX,
    allFields ? LIST_ALL_FIELDS_MAX : LIST_MAX,
  )
  const page = kept.slice(offset, offset + limit)
  return { names: page.map((item) => item.name), dicts: page, allFields }
}

export async function organizationList(call: CkanCall, params: Static<typeof GroupListParams>) {
  const index = await packageIndex(call.db, call.baseUrl)
  const list = sortedList(
    [...organizationsOf(index).values()],
    params,
    stringList('organizations', params.organizations),
  )
  if (!list.allFields) return list.names
  const counted = flag(params.include_dataset_count, true)
  return list.dicts.map((org) => (counted ? org : { ...org, package_count: undefined }))
}

/** An agency as a CKAN organisation, by its id or name (an agency that publishes nothing yet too). */
export async function organizationShow(call: CkanCall, params: Static<typeof OrganizationShowParams>) {
  if (!params.id) throw missingValue('id')
  const index = await packageIndex(call.db, call.baseUrl)
  const agencyId = params.id.toUpperCase()
  const agency = await getAgency(call.db, agencyId).catch(() => undefined)
  if (!agency) throw ckanNotFound({ vi: 'tổ chức', en: 'Organization' })
  const datasets = index.entries.filter((entry) => entry.view.publisher.agencyId === agency.id)
  const org = organizationDict(
    { agencyId: agency.id, name: agency.name, nameEn: agency.nameEn },
    datasets.length,
  )
  if (!flag(params.include_datasets)) return org
  return { ...org, packages: datasets.slice(0, ROWS_MAX).map((entry) => entry.pkg) }
}

export async function groupList(call: CkanCall, params: Static<typeof GroupListParams>) {
  const index = await packageIndex(call.db, call.baseUrl)
  const counts = new Map<string, number>()
  for (const entry of index.entries)
    for (const name of entry.groups) counts.set(name, (counts.get(name) ?? 0) + 1)
  const groups: GroupDict[] = [...index.groups.values()].map((group) => ({
    ...group,
    package_count: counts.get(group.name) ?? 0,
  }))
  const list = sortedList(groups, params, stringList('groups', params.groups))
  return list.allFields ? list.dicts : list.names
}

export async function groupShow(call: CkanCall, id: string | undefined) {
  if (!id) throw missingValue('id')
  const index = await packageIndex(call.db, call.baseUrl)
  const group = index.groups.get(id.toLowerCase())
  if (!group) throw ckanNotFound({ vi: 'nhóm', en: 'Group' })
  const count = index.entries.filter((entry) => entry.groups.includes(group.name)).length
  return { ...group, package_count: count }
}

export async function tagList(call: CkanCall, params: Static<typeof TagListParams>) {
  // Sen's keywords belong to no vocabulary: a named one does not exist.
  if (params.vocabulary_id) throw ckanNotFound({ vi: 'bộ từ vựng', en: 'Vocabulary' })
  const index = await packageIndex(call.db, call.baseUrl)
  const query = params.query?.toLowerCase()
  const names = [...new Set(index.entries.flatMap((entry) => entry.tags))]
    .filter((tag) => !query || tag.includes(query))
    .sort((a, b) => a.localeCompare(b, 'vi'))
  return flag(params.all_fields) ? names.map(tagDict) : names
}

export const licenseList = () => LICENCES.map(licenceDict)

export function statusShow(call: CkanCall): Static<typeof StatusShowResult> {
  return {
    site_title: call.lang === 'vi' ? 'Cổng dữ liệu mở Sen' : 'Sen open data portal',
    site_description:
      call.lang === 'vi'
        ? 'Dữ liệu mở của các cơ quan nhà nước, theo API của CKAN và DCAT-AP 3.'
        : "Open data of the state agencies, through CKAN's API and as DCAT-AP 3.",
    site_url: call.baseUrl,
    // The CKAN version whose Action API this one follows.
    ckan_version: '2.10.0',
    error_emails_to: null,
    locale_default: 'vi',
    extensions: ['dcat'],
  }
}
