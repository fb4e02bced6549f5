import { type TSchema, Type } from 'typebox'
import { Nullable } from '../../schemas'

// The CKAN Action API's requests and answers (CKAN 2.10), as existing CKAN clients and harvesters
// send and read them. Names are CKAN's, snake_case, on purpose.

/** A number as CKAN takes it: a JSON number, or its digits in a string (a form or a query string). */
const Natural = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]{1,9}$' })])
/** A boolean as CKAN takes it ('true', 'True', '1'…). */
const Flag = Type.Union([Type.Boolean(), Type.String({ pattern: '^(true|false|True|False|1|0|yes|no)$' })])
/** A list CKAN takes as JSON text in a query string ('["organization","tags"]') or as a JSON list. */
const TextList = Type.Union([
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
  Type.String({ maxLength: 2000 }),
])
const Id = Type.String({ minLength: 1, maxLength: 200 })

export const PackageSearchParams = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 1000 })),
  fq: Type.Optional(Type.String({ maxLength: 2000 })),
  fq_list: Type.Optional(TextList),
  sort: Type.Optional(Type.String({ maxLength: 200 })),
  rows: Type.Optional(Natural),
  start: Type.Optional(Natural),
  'facet.field': Type.Optional(TextList),
  'facet.limit': Type.Optional(
    Type.Union([Type.Integer({ minimum: -1 }), Type.String({ pattern: '^-?[0-9]{1,9}$' })]),
  ),
  'facet.mincount': Type.Optional(Natural),
  facet: Type.Optional(Flag),
  include_private: Type.Optional(Flag),
  include_drafts: Type.Optional(Flag),
})

export const IdParams = Type.Object({ id: Type.Optional(Id) })
export const PackageShowParams = Type.Object({
  id: Type.Optional(Id),
  use_default_schema: Type.Optional(Flag),
})
export const PagingParams = Type.Object({ limit: Type.Optional(Natural), offset: Type.Optional(Natural) })
export const GroupListParams = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Natural),
  offset: Type.Optional(Natural),
  all_fields: Type.Optional(Flag),
  include_dataset_count: Type.Optional(Flag),
  organizations: Type.Optional(TextList),
  groups: Type.Optional(TextList),
  q: Type.Optional(Type.String({ maxLength: 200 })),
})
export const OrganizationShowParams = Type.Object({
  id: Type.Optional(Id),
  include_datasets: Type.Optional(Flag),
  include_dataset_count: Type.Optional(Flag),
})
export const TagListParams = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 200 })),
  vocabulary_id: Type.Optional(Type.String({ maxLength: 200 })),
  all_fields: Type.Optional(Flag),
})

// ——— Writes ———

const Named = Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: true })
const Extra = Type.Object(
  { key: Type.String({ maxLength: 100 }), value: Type.Unknown() },
  { additionalProperties: true },
)

/**
 * A package as a CKAN client sends it to package_create/update/patch. CKAN clients send back what
 * package_show gave them (ids, counts, nested organisation…): what Sen does not take is ignored,
 * as CKAN ignores it; what it takes is checked.
 */
export const PackageWrite = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    owner_org: Type.Optional(Type.String({ maxLength: 200 })),
    license_id: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    maintainer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    maintainer_email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    tags: Type.Optional(Type.Array(Named, { maxItems: 30 })),
    groups: Type.Optional(Type.Array(Named, { maxItems: 31 })),
    extras: Type.Optional(Type.Array(Extra, { maxItems: 50 })),
    state: Type.Optional(Type.String({ maxLength: 20 })),
    private: Type.Optional(Flag),
  },
  { additionalProperties: true },
)

export const PackageDeleteParams = Type.Object({ id: Type.Optional(Id) }, { additionalProperties: true })

export const ApiTokenCreateParams = Type.Object(
  {
    user: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
)
export const ApiTokenRevokeParams = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 500 })),
    jti: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
)

// ——— Answers ———

const Timestamp = Type.String({ description: 'CKAN style: ISO 8601 in UTC without the zone' })

export const CkanOrganization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  display_name: Type.String(),
  description: Type.String(),
  type: Type.Literal('organization'),
  state: Type.Literal('active'),
  is_organization: Type.Literal(true),
  approval_status: Type.Literal('approved'),
  image_url: Type.String(),
  created: Nullable(Timestamp),
  package_count: Type.Optional(Type.Integer()),
  title_en: Nullable(Type.String()),
})

export const CkanGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  display_name: Type.String(),
  description: Type.String(),
  image_display_url: Type.String(),
  type: Type.Literal('group'),
  state: Type.Literal('active'),
  is_organization: Type.Literal(false),
  package_count: Type.Optional(Type.Integer()),
  title_en: Nullable(Type.String()),
  /** The concept's IRI (EU data theme or Sen's sector). */
  uri: Type.String(),
})

export const CkanTag = Type.Object({
  id: Type.String(),
  name: Type.String(),
  display_name: Type.String(),
  state: Type.Literal('active'),
  vocabulary_id: Type.Null(),
})

export const CkanResource = Type.Object({
  id: Type.String(),
  package_id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  format: Type.String(),
  mimetype: Type.String(),
  url: Type.String(),
  size: Nullable(Type.Integer()),
  hash: Type.String(),
  hash_algorithm: Type.String(),
  rows: Nullable(Type.Integer()),
  created: Timestamp,
  last_modified: Timestamp,
  metadata_modified: Timestamp,
  position: Type.Integer(),
  state: Type.Literal('active'),
  url_type: Type.Null(),
  resource_type: Type.Null(),
  datastore_active: Type.Literal(false),
  license_id: Type.String(),
})

export const CkanExtra = Type.Object({ key: Type.String(), value: Type.String() })

export const CkanPackage = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  notes: Type.String(),
  url: Type.String(),
  version: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('draft')]),
  private: Type.Boolean(),
  type: Type.Literal('dataset'),
  license_id: Type.String(),
  license_title: Type.String(),
  license_url: Type.String(),
  isopen: Type.Boolean(),
  author: Type.String(),
  author_email: Type.Null(),
  maintainer: Nullable(Type.String()),
  maintainer_email: Nullable(Type.String()),
  metadata_created: Timestamp,
  metadata_modified: Timestamp,
  creator_user_id: Type.Null(),
  owner_org: Type.String(),
  organization: CkanOrganization,
  tags: Type.Array(CkanTag),
  num_tags: Type.Integer(),
  groups: Type.Array(CkanGroup),
  resources: Type.Array(CkanResource),
  num_resources: Type.Integer(),
  extras: Type.Array(CkanExtra),
  relationships_as_object: Type.Array(Type.Never()),
  relationships_as_subject: Type.Array(Type.Never()),
})

export const CkanLicence = Type.Object({
  id: Type.String(),
  title: Type.String(),
  url: Type.String(),
  status: Type.Literal('active'),
  maintainer: Type.String(),
  family: Type.String(),
  od_conformance: Type.String(),
  osd_conformance: Type.String(),
  domain_content: Type.Boolean(),
  domain_data: Type.Boolean(),
  domain_software: Type.Boolean(),
  is_generic: Type.Boolean(),
  is_okd_compliant: Type.Boolean(),
  is_osi_compliant: Type.Boolean(),
})

const FacetItem = Type.Object({ name: Type.String(), display_name: Type.String(), count: Type.Integer() })

export const PackageSearchResult = Type.Object({
  count: Type.Integer(),
  sort: Type.String(),
  facets: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
  search_facets: Type.Record(
    Type.String(),
    Type.Object({ title: Type.String(), items: Type.Array(FacetItem) }),
  ),
  results: Type.Array(CkanPackage),
})

export const StatusShowResult = Type.Object({
  site_title: Type.String(),
  site_description: Type.String(),
  site_url: Type.String(),
  ckan_version: Type.String(),
  error_emails_to: Type.Null(),
  locale_default: Type.String(),
  extensions: Type.Array(Type.String()),
})

export const ApiTokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  user_id: Type.String(),
  created_at: Timestamp,
  last_access: Nullable(Timestamp),
})

/** CKAN's envelope of a successful answer. */
export const Envelope = <T extends TSchema>(result: T) =>
  Type.Object({ help: Type.String(), success: Type.Literal(true), result })

/** CKAN's envelope of an error: `__type` names its kind, the other fields say what is wrong. */
export const ErrorEnvelope = Type.Object({
  help: Type.String(),
  success: Type.Literal(false),
  error: Type.Record(Type.String(), Type.Unknown()),
})
