import { Type } from 'typebox'
import { Nullable } from '../../schemas'
import { AgencyId } from '../identity/routes.schema'

// The open-data module's vocabularies and views. The dcat module maps from these:
// add fields, never rename or remove one.

/** The EU data themes vocabulary (http://publications.europa.eu/resource/authority/data-theme). */
export const EU_THEMES = [
  'AGRI',
  'ECON',
  'EDUC',
  'ENER',
  'ENVI',
  'GOVE',
  'HEAL',
  'INTR',
  'JUST',
  'REGI',
  'SOCI',
  'TECH',
  'TRAN',
] as const
export const EuTheme = Type.Enum(EU_THEMES)

/** Vietnamese sector tags (lĩnh vực), Sen's own vocabulary beside the EU themes. */
export const SECTORS = [
  'hanh-chinh',
  'dan-cu',
  'doanh-nghiep',
  'dat-dai',
  'xay-dung',
  'giao-thong',
  'y-te',
  'giao-duc',
  'tai-chinh',
  'thue',
  'lao-dong',
  'tu-phap',
  'moi-truong',
  'nong-nghiep',
  'cong-thuong',
  'van-hoa',
  'thong-tin',
  'khoa-hoc',
] as const
export const Sector = Type.Enum(SECTORS)

/** The EU frequency vocabulary (http://publications.europa.eu/resource/authority/frequency), the codes Sen offers. */
export const FREQUENCIES = [
  'CONT',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'QUARTERLY',
  'ANNUAL_2',
  'ANNUAL',
  'IRREG',
  'NEVER',
  'UNKNOWN',
] as const
export const Frequency = Type.Enum(FREQUENCIES)

export const DATASET_STATUSES = ['draft', 'published', 'withdrawn'] as const
export const DatasetStatus = Type.Enum(DATASET_STATUSES)

export const FORMATS = ['CSV', 'JSON', 'XLSX'] as const
export const Format = Type.Enum(FORMATS)
export const MEDIA_TYPES = {
  CSV: 'text/csv',
  JSON: 'application/json',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const satisfies Record<(typeof FORMATS)[number], string>

/** 'VN' (the whole country), a province (2 digits) or a commune (5 digits) code. */
export const SpatialCode = Type.String({ pattern: '^(VN|[0-9]{2}|[0-9]{5})$' })
export const LicenceId = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9.\\-]+$' })
export const Slug = Type.String({ minLength: 3, maxLength: 100, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
export const IsoDate = Type.String({ format: 'date' })

/** A text in Vietnamese, and in English when the publisher gave one. */
export const Localised = Type.Object({ vi: Type.String(), en: Nullable(Type.String()) })

export const ContactPoint = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 200 }),
})

export const Publisher = Type.Object({
  agencyId: AgencyId,
  name: Type.String(),
  nameEn: Nullable(Type.String()),
})

/** A file of a dataset version. downloadUrl is site-relative (starts with '/'): prefix the public base URL. */
export const DistributionView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  datasetId: Type.String({ format: 'uuid' }),
  title: Localised,
  format: Format,
  mediaType: Type.String(),
  /** Null until the file is generated or uploaded. */
  byteSize: Nullable(Type.Integer({ minimum: 0 })),
  /** Hex SHA-256 of the file's bytes. */
  checksumSha256: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  rowCount: Nullable(Type.Integer({ minimum: 0 })),
  downloadUrl: Type.String(),
  issued: Type.String({ format: 'date-time' }),
  modified: Type.String({ format: 'date-time' }),
})

export const DatasetView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Slug,
  publisher: Publisher,
  title: Localised,
  description: Localised,
  themes: Type.Array(EuTheme),
  sectors: Type.Array(Sector),
  licenceId: LicenceId,
  accrualPeriodicity: Frequency,
  spatial: Type.Array(SpatialCode),
  temporal: Type.Object({ start: Nullable(IsoDate), end: Nullable(IsoDate) }),
  contactPoint: Nullable(ContactPoint),
  keywords: Type.Array(Type.String()),
  status: DatasetStatus,
  /** 1 for the first version; each publication of changed metadata or files adds one. */
  version: Type.Integer({ minimum: 1 }),
  /** 'sen': made by Sen from its own data on a schedule; 'agency': by the publisher. */
  origin: Type.Enum(['sen', 'agency']),
  /** First published; null while a draft never published. */
  issued: Nullable(Type.String({ format: 'date-time' })),
  modified: Type.String({ format: 'date-time' }),
  distributions: Type.Array(DistributionView),
})

export const LicenceView = Type.Object({
  id: LicenceId,
  title: Localised,
  url: Type.String(),
  /** Conforms to the Open Definition (what CKAN calls od_conformance 'approved'). */
  openDefinition: Type.Boolean(),
})
export const LicenceList = Type.Array(LicenceView)

export const FacetCount = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() })

/** What the public search answers: a page of published datasets with the facets of all matching ones. */
export const DatasetSearchResult = Type.Object({
  total: Type.Integer(),
  items: Type.Array(DatasetView),
  facets: Type.Object({
    agency: Type.Array(FacetCount),
    theme: Type.Array(FacetCount),
    sector: Type.Array(FacetCount),
    format: Type.Array(FacetCount),
    licence: Type.Array(FacetCount),
  }),
})

export const OrganisationView = Type.Object({
  agencyId: AgencyId,
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  publishedDatasets: Type.Integer(),
})

export const TagCount = Type.Object({ name: Type.String(), count: Type.Integer() })

// ——— What publishers send ———

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const LocalisedInput = (maxLength: number) =>
  Type.Object(
    { vi: Text(maxLength), en: Type.Optional(Nullable(Type.String({ maxLength }))) },
    { additionalProperties: false },
  )

const datasetFields = {
  title: LocalisedInput(300),
  description: LocalisedInput(10_000),
  themes: Type.Array(EuTheme, { maxItems: 13, uniqueItems: true }),
  sectors: Type.Array(Sector, { maxItems: 18, uniqueItems: true }),
  licenceId: LicenceId,
  accrualPeriodicity: Frequency,
  spatial: Type.Array(SpatialCode, { maxItems: 200, uniqueItems: true }),
  temporal: Type.Object(
    { start: Type.Optional(Nullable(IsoDate)), end: Type.Optional(Nullable(IsoDate)) },
    { additionalProperties: false },
  ),
  contactPoint: Nullable(
    Type.Object(
      { name: Text(200), email: Type.String({ format: 'email', maxLength: 200 }) },
      { additionalProperties: false },
    ),
  ),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30, uniqueItems: true }),
}

/** A new dataset (a draft). The agency defaults to the official's own. */
export const DatasetCreateBody = Type.Object(
  {
    agencyId: Type.Optional(AgencyId),
    slug: Type.Optional(Slug),
    title: datasetFields.title,
    description: Type.Optional(datasetFields.description),
    themes: Type.Optional(datasetFields.themes),
    sectors: Type.Optional(datasetFields.sectors),
    licenceId: Type.Optional(datasetFields.licenceId),
    accrualPeriodicity: Type.Optional(datasetFields.accrualPeriodicity),
    spatial: Type.Optional(datasetFields.spatial),
    temporal: Type.Optional(datasetFields.temporal),
    contactPoint: Type.Optional(datasetFields.contactPoint),
    keywords: Type.Optional(datasetFields.keywords),
  },
  { additionalProperties: false },
)

/** Changed metadata: only the fields given change. */
export const DatasetPatchBody = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.Optional(datasetFields.title),
    description: Type.Optional(datasetFields.description),
    themes: Type.Optional(datasetFields.themes),
    sectors: Type.Optional(datasetFields.sectors),
    licenceId: Type.Optional(datasetFields.licenceId),
    accrualPeriodicity: Type.Optional(datasetFields.accrualPeriodicity),
    spatial: Type.Optional(datasetFields.spatial),
    temporal: Type.Optional(datasetFields.temporal),
    contactPoint: Type.Optional(datasetFields.contactPoint),
    keywords: Type.Optional(datasetFields.keywords),
    /** What changed, for the version's history. */
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const PublishBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)
export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 500 }) },
  { additionalProperties: false },
)

export const DatasetParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
/** A dataset by id or slug. */
export const DatasetRefParams = Type.Object({ ref: Type.String({ minLength: 3, maxLength: 100 }) })

export const DataColumnSchema = Type.Object({
  name: Type.String(),
  title: Localised,
  type: Type.Enum(['text', 'number', 'date', 'month']),
})

/** The first rows of a dataset's table, for the portal's preview and chart. */
export const DataPreview = Type.Object({
  columns: Type.Array(DataColumnSchema),
  rows: Type.Array(Type.Array(Nullable(Type.Union([Type.String(), Type.Number()])))),
  rowCount: Type.Integer(),
})

export const QualityCheck = Type.Object({
  id: Type.String(),
  passed: Type.Boolean(),
  weight: Type.Integer(),
  /** What to do to pass, in the asker's language. */
  fix: Nullable(Type.String()),
})

/** udata-like metadata quality: a score out of 100, and whether it meets the metadata standard. */
export const QualitySchema = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  meetsStandard: Type.Boolean(),
  checks: Type.Array(QualityCheck),
})

export const UsageSchema = Type.Object({
  views: Type.Integer(),
  downloads: Type.Integer(),
  apiCalls: Type.Integer(),
})

/** A dataset as its publisher sees it: the view, its quality and its usage. */
export const PublisherDatasetView = Type.Object({
  dataset: DatasetView,
  quality: QualitySchema,
  usage: UsageSchema,
  withdrawalReason: Nullable(Type.String()),
})

export const PublisherDatasetsQuery = Type.Object(
  {
    agencyId: Type.Optional(AgencyId),
    status: Type.Optional(DatasetStatus),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
)

export const PublisherDatasetsPage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      slug: Type.String(),
      title: Localised,
      publisher: Publisher,
      status: DatasetStatus,
      origin: Type.Enum(['sen', 'agency']),
      version: Type.Integer(),
      modified: Type.String(),
      qualityScore: Type.Integer(),
      meetsStandard: Type.Boolean(),
      usage: UsageSchema,
    }),
  ),
})

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  note: Nullable(Type.String()),
  publishedAt: Type.String(),
  title: Type.String(),
  distributions: Type.Array(
    Type.Object({
      format: Format,
      byteSize: Nullable(Type.Integer()),
      checksumSha256: Nullable(Type.String()),
    }),
  ),
})
export const VersionList = Type.Array(VersionSchema)

// ——— The public catalogue ———

// Repeated parameters (?theme=AGRI&theme=ECON); one value is taken as a list of one.

export const CatalogQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    agency: Type.Optional(Type.Array(AgencyId, { maxItems: 20 })),
    theme: Type.Optional(Type.Array(EuTheme, { maxItems: 20 })),
    sector: Type.Optional(Type.Array(Sector, { maxItems: 20 })),
    format: Type.Optional(Type.Array(Format, { maxItems: 20 })),
    licence: Type.Optional(Type.Array(LicenceId, { maxItems: 20 })),
    keyword: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
    sort: Type.Enum(['relevance', 'modified', 'title'], { default: 'relevance' }),
    page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
)

export const PreviewQuery = Type.Object(
  { rows: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
  { additionalProperties: false },
)
export const DistributionParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export const OrganisationList = Type.Array(OrganisationView)
export const TagList = Type.Array(TagCount)
export const TagsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 60 })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
)
