import type { Static } from 'typebox'
import type {
  CatalogQuery,
  ContactPoint,
  DataPreview,
  DatasetCreateBody,
  DatasetPatchBody,
  DatasetSearchResult,
  DatasetStatus,
  DatasetView as DatasetViewSchema,
  DistributionView as DistributionViewSchema,
  EuTheme,
  FacetCount,
  Format,
  Frequency,
  LicenceList as LicenceListSchema,
  LicenceView as LicenceViewSchema,
  Localised,
  OrganisationView as OrganisationViewSchema,
  PublisherDatasetsPage as PublisherDatasetsPageSchema,
  PublisherDatasetsQuery,
  PublisherDatasetView as PublisherDatasetViewSchema,
  QualitySchema,
  Sector,
  TagCount as TagCountSchema,
  UsageSchema,
  VersionSchema,
} from './routes.schema'

// The open-data module's types are those of its route schemas (routes.schema.ts), which
// also hold the vocabularies (EU_THEMES, SECTORS, FREQUENCIES, FORMATS, MEDIA_TYPES).

export type LocalisedText = Static<typeof Localised>
export type EuThemeCode = Static<typeof EuTheme>
export type SectorCode = Static<typeof Sector>
export type FrequencyCode = Static<typeof Frequency>
export type DatasetStatusCode = Static<typeof DatasetStatus>
export type FormatCode = Static<typeof Format>
export type Contact = Static<typeof ContactPoint>
export type DistributionView = Static<typeof DistributionViewSchema>
export type DatasetView = Static<typeof DatasetViewSchema>
export type LicenceView = Static<typeof LicenceViewSchema>
export type LicenceList = Static<typeof LicenceListSchema>
export type Facet = Static<typeof FacetCount>
export type DatasetSearchPage = Static<typeof DatasetSearchResult>
export type OrganisationView = Static<typeof OrganisationViewSchema>
export type TagCount = Static<typeof TagCountSchema>

export type DatasetInput = Static<typeof DatasetCreateBody>
export type DatasetPatch = Static<typeof DatasetPatchBody>
export type Quality = Static<typeof QualitySchema>
export type Usage = Static<typeof UsageSchema>
export type PublisherDataset = Static<typeof PublisherDatasetViewSchema>
export type PublisherDatasetsFilter = Static<typeof PublisherDatasetsQuery>
export type PublisherDatasetsPage = Static<typeof PublisherDatasetsPageSchema>
export type DatasetVersion = Static<typeof VersionSchema>
export type Preview = Static<typeof DataPreview>
export type CatalogFilter = Static<typeof CatalogQuery>

/** The public search as the service takes it (offset/limit, as CKAN's start/rows). */
export interface DatasetSearch {
  q?: string
  agencyIds?: string[]
  themes?: EuThemeCode[]
  sectors?: SectorCode[]
  formats?: FormatCode[]
  licenceIds?: string[]
  keywords?: string[]
  sort?: 'relevance' | 'modified' | 'title'
  offset: number
  limit: number
}
