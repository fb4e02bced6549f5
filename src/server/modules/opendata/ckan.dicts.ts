import type { Static } from 'typebox'
import type {
  CkanGroup,
  CkanLicence,
  CkanOrganization,
  CkanPackage,
  CkanResource,
  CkanTag,
} from './ckan.schema'
import { dcatIris } from './dcat'
import { licenceById } from './licences'
import type { DatasetView, DistributionView, LicenceView } from './types'
import { SECTOR_LABELS, THEME_LABELS } from './vocabularies'

// Sen's views as CKAN's dicts (CKAN 2.10's package_show and friends): an organisation is an
// agency, a group is an EU data theme or a Vietnamese sector, a tag is a keyword, a resource is a
// distribution. What CKAN has no field for (English texts, frequency, coverage) goes to extras,
// under the names ckanext-dcat gives them.

export type PackageDict = Static<typeof CkanPackage>
export type ResourceDict = Static<typeof CkanResource>
export type OrganizationDict = Static<typeof CkanOrganization>
export type GroupDict = Static<typeof CkanGroup>
export type TagDict = Static<typeof CkanTag>
export type LicenceDict = Static<typeof CkanLicence>

/** CKAN's timestamps: ISO 8601 in UTC, without the zone ("2025-03-01T08:00:00.000"). */
export const ckanTime = (iso: string) => new Date(iso).toISOString().replace('Z', '')

/** An organisation's CKAN name: its agency id in lower case (CKAN names are lower case). */
export const orgName = (agencyId: string) => agencyId.toLowerCase()

const EU_THEME_IRI = 'http://publications.europa.eu/resource/authority/data-theme/'

/** A group's CKAN name: the EU theme code in lower case ('gove'), or the sector's own ('dat-dai'). */
export const themeGroupName = (theme: string) => theme.toLowerCase()

export function organizationDict(
  publisher: DatasetView['publisher'],
  packageCount?: number,
  created: string | null = null,
): OrganizationDict {
  return {
    id: publisher.agencyId,
    name: orgName(publisher.agencyId),
    title: publisher.name,
    display_name: publisher.name,
    description: '',
    type: 'organization',
    state: 'active',
    is_organization: true,
    approval_status: 'approved',
    image_url: '',
    created: created ? ckanTime(created) : null,
    title_en: publisher.nameEn,
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  }
}

/** Every group Sen has: the 13 EU data themes, then the sectors. */
export function allGroups(baseUrl: string): GroupDict[] {
  const iris = dcatIris(baseUrl)
  return [
    ...Object.entries(THEME_LABELS).map(([code, label]) =>
      group(themeGroupName(code), label, EU_THEME_IRI + code),
    ),
    ...Object.entries(SECTOR_LABELS).map(([code, label]) => group(code, label, iris.sector(code))),
  ]
}

function group(name: string, label: { vi: string; en: string }, uri: string): GroupDict {
  return {
    id: name,
    name,
    title: label.vi,
    display_name: label.vi,
    description: '',
    image_display_url: '',
    type: 'group',
    state: 'active',
    is_organization: false,
    title_en: label.en,
    uri,
  }
}

export const tagDict = (name: string): TagDict => ({
  id: name,
  name,
  display_name: name,
  state: 'active',
  vocabulary_id: null,
})

export function licenceDict(licence: LicenceView): LicenceDict {
  return {
    id: licence.id,
    title: licence.title.vi,
    url: licence.url,
    status: 'active',
    maintainer: '',
    family: '',
    od_conformance: licence.openDefinition ? 'approved' : 'not reviewed',
    osd_conformance: 'not reviewed',
    domain_content: true,
    domain_data: true,
    domain_software: false,
    is_generic: false,
    is_okd_compliant: licence.openDefinition,
    is_osi_compliant: false,
  }
}

export function resourceDict(
  distribution: DistributionView,
  position: number,
  licenceId: string,
  baseUrl: string,
): ResourceDict {
  return {
    id: distribution.id,
    package_id: distribution.datasetId,
    name: distribution.title.vi,
    description: distribution.title.en ?? '',
    format: distribution.format,
    mimetype: distribution.mediaType,
    url: `${baseUrl}${distribution.downloadUrl}`,
    size: distribution.byteSize,
    hash: distribution.checksumSha256 ?? '',
    hash_algorithm: distribution.checksumSha256 ? 'sha256' : '',
    rows: distribution.rowCount,
    created: ckanTime(distribution.issued),
    last_modified: ckanTime(distribution.modified),
    metadata_modified: ckanTime(distribution.modified),
    position,
    state: 'active',
    url_type: null,
    resource_type: null,
    datastore_active: false,
    license_id: licenceId,
  }
}

export function packageDict(
  dataset: DatasetView,
  baseUrl: string,
  groups: Map<string, GroupDict>,
): PackageDict {
  const iris = dcatIris(baseUrl)
  const licence = licenceById(dataset.licenceId)
  const extras: [string, string | null | undefined][] = [
    ['uri', iris.dataset(dataset.id)],
    ['title_en', dataset.title.en],
    ['notes_en', dataset.description.en],
    ['frequency', `http://publications.europa.eu/resource/authority/frequency/${dataset.accrualPeriodicity}`],
    ['spatial_uri', dataset.spatial.join(' ')],
    ['temporal_start', dataset.temporal.start],
    ['temporal_end', dataset.temporal.end],
    ['issued', dataset.issued],
    ['modified', dataset.modified],
    ['theme', JSON.stringify(dataset.themes.map((theme) => EU_THEME_IRI + theme))],
    ['sectors', dataset.sectors.join(' ')],
    ['language', JSON.stringify(dataset.title.en ? ['vi', 'en'] : ['vi'])],
    ['origin', dataset.origin],
    ['contact_name', dataset.contactPoint?.name],
    ['contact_email', dataset.contactPoint?.email],
  ]
  const tags = dataset.keywords.map(tagDict)
  const groupNames = [...dataset.themes.map(themeGroupName), ...dataset.sectors]
  return {
    id: dataset.id,
    name: dataset.slug,
    title: dataset.title.vi,
    notes: dataset.description.vi,
    url: iris.landingPage(dataset.slug),
    version: String(dataset.version),
    state: dataset.status === 'published' ? 'active' : 'draft',
    private: false,
    type: 'dataset',
    license_id: dataset.licenceId,
    license_title: licence?.title.vi ?? dataset.licenceId,
    license_url: licence?.url ?? '',
    isopen: licence?.openDefinition ?? false,
    author: dataset.publisher.name,
    author_email: null,
    maintainer: dataset.contactPoint?.name ?? null,
    maintainer_email: dataset.contactPoint?.email ?? null,
    metadata_created: ckanTime(dataset.issued ?? dataset.modified),
    metadata_modified: ckanTime(dataset.modified),
    creator_user_id: null,
    owner_org: dataset.publisher.agencyId,
    organization: organizationDict(dataset.publisher),
    tags,
    num_tags: tags.length,
    groups: groupNames.flatMap((name) => {
      const found = groups.get(name)
      return found ? [found] : []
    }),
    resources: dataset.distributions.map((d, i) => resourceDict(d, i, dataset.licenceId, baseUrl)),
    num_resources: dataset.distributions.length,
    extras: extras
      .filter((extra): extra is [string, string] => typeof extra[1] === 'string' && extra[1] !== '')
      .map(([key, value]) => ({ key, value })),
    relationships_as_object: [],
    relationships_as_subject: [],
  }
}
