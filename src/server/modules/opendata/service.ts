// The open-data module's public face: other modules (dcat, metrics) call these, never its tables.

export {
  downloadOf,
  getPublishedDataset,
  getPublishedDistribution,
  listLicences,
  listOrganisations,
  listPublishedDatasetNames,
  listTags,
  previewDataset,
  searchDatasets,
} from './catalog.service'
export {
  type Actor,
  createDataset,
  getPublisherDataset,
  listPublisherDatasets,
  listVersions,
  publishDataset,
  replaceData,
  replaceDataFromCsv,
  updateDataset,
  withdrawDataset,
} from './datasets.service'
export { openDataBehind, openDataCounts } from './figures.service'
export { qualityOf } from './quality'
export { refreshSenDatasets, SUPPRESS_BELOW } from './sen-datasets.service'
export type {
  CatalogFilter,
  DatasetSearch,
  DatasetSearchPage,
  DatasetStatusCode,
  DatasetView,
  DistributionView,
  EuThemeCode,
  Facet,
  FormatCode,
  FrequencyCode,
  LicenceView,
  OrganisationView,
  Preview,
  SectorCode,
  TagCount,
} from './types'
export { countUsage, flushUsage, type UsageKind } from './usage'
