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
