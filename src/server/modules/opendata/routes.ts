import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { streamedChunks } from './data'
import { recordBatches } from './records'
import {
  CatalogQuery,
  DataPreview,
  DatasetCreateBody,
  DatasetParams,
  DatasetPatchBody,
  DatasetRefParams,
  DatasetSearchResult,
  DatasetView,
  DistributionParams,
  LicenceList,
  MEDIA_TYPES,
  OrganisationList,
  PreviewQuery,
  PublishBody,
  PublisherDatasetsPage,
  PublisherDatasetsQuery,
  PublisherDatasetView,
  TagList,
  TagsQuery,
  VersionList,
  WithdrawBody,
} from './routes.schema'
import {
  countUsage,
  createDataset,
  downloadOf,
  flushUsage,
  getPublishedDataset,
  getPublisherDataset,
  listLicences,
  listOrganisations,
  listPublisherDatasets,
  listTags,
  listVersions,
  previewDataset,
  publishDataset,
  replaceDataFromCsv,
  searchDatasets,
  updateDataset,
  withdrawDataset,
} from './service'

/** Largest CSV a publisher uploads in one request. */
const MAX_CSV_BYTES = 20 * 1024 * 1024

const OFFICIALS = { kinds: ['official' as const] }

export const opendataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  app.addHook('onClose', () => flushUsage(db))

  // A publisher's data arrives as the CSV file itself; this parser serves this plugin's routes only.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: MAX_CSV_BYTES },
    (_request, body, done) => done(null, body),
  )

  // ——— The public catalogue ———

  app.get(
    '/api/v1/opendata/datasets',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: 'Search the published datasets, with facets by agency, theme, sector, format and licence',
        querystring: CatalogQuery,
        response: { 200: DatasetSearchResult },
      },
    },
    async (request) => {
      const q = request.query
      return searchDatasets(
        db,
        {
          q: q.q,
          agencyIds: q.agency,
          themes: q.theme,
          sectors: q.sector,
          formats: q.format,
          licenceIds: q.licence,
          keywords: q.keyword,
          sort: q.sort,
          offset: (q.page - 1) * q.pageSize,
          limit: q.pageSize,
        },
        request.lang,
      )
    },
  )

  app.get(
    '/api/v1/opendata/datasets/:ref',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: 'A published dataset by id or slug (a withdrawn one is not found)',
        params: DatasetRefParams,
        response: { 200: DatasetView },
      },
    },
    async (request) => {
      const dataset = await getPublishedDataset(db, request.params.ref)
      countUsage(db, dataset.id, 'views')
      return dataset
    },
  )

  app.get(
    '/api/v1/opendata/datasets/:ref/preview',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: "The first rows of a published dataset's table",
        params: DatasetRefParams,
        querystring: PreviewQuery,
        response: { 200: DataPreview },
      },
    },
    async (request) => previewDataset(db, request.params.ref, request.query.rows),
  )

  app.get(
    '/api/v1/opendata/distributions/:id/download',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: "A distribution's file (CSV and JSON stream from the table at constant memory)",
        params: DistributionParams,
        produces: Object.values(MEDIA_TYPES),
      },
    },
    async (request, reply) => {
      const { file, dataset } = await downloadOf(db, request.params.id)
      countUsage(db, dataset.id, 'downloads')
      const etag = `"${file.sha256}"`
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=60')
        .header('content-disposition', `attachment; filename="${dataset.slug}.${file.format.toLowerCase()}"`)
        .type(file.format === 'XLSX' ? MEDIA_TYPES.XLSX : `${MEDIA_TYPES[file.format]}; charset=utf-8`)
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      if (file.byteSize !== null) reply.header('content-length', file.byteSize)
      if (file.format === 'XLSX') return reply.send(file.content)
      const batches = recordBatches(db, dataset.id, dataset.dataGeneration)
      return reply.send(Readable.from(streamedChunks(file.format, dataset.columns ?? [], batches)))
    },
  )

  app.get(
    '/api/v1/opendata/organisations',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: 'The agencies that publish open data, with their number of published datasets',
        response: { 200: OrganisationList },
      },
    },
    async () => listOrganisations(db),
  )

  app.get(
    '/api/v1/opendata/tags',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: 'Keywords of the published datasets, most used first',
        querystring: TagsQuery,
        response: { 200: TagList },
      },
    },
    async (request) => listTags(db, request.query),
  )

  app.get(
    '/api/v1/opendata/licences',
    {
      config: { access: 'public' },
      schema: {
        tags: ['opendata'],
        summary: 'The open licences a dataset may carry',
        response: { 200: LicenceList },
      },
    },
    async () => listLicences(),
  )

  // ——— Publishers: officials of the publishing agency (and above), system administrators ———

  app.get(
    '/api/v1/opendata/publisher/datasets',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: "My agency's datasets in every state, with their quality score and usage",
        querystring: PublisherDatasetsQuery,
        response: { 200: PublisherDatasetsPage },
      },
    },
    async (request) => listPublisherDatasets(db, request.principal!, request.query),
  )

  app.get(
    '/api/v1/opendata/publisher/datasets/:id',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: 'One of my agency’s datasets: its metadata, quality (what to fix) and usage',
        params: DatasetParams,
        response: { 200: PublisherDatasetView },
      },
    },
    async (request) => getPublisherDataset(db, request.principal!, request.params.id, request.lang),
  )

  app.get(
    '/api/v1/opendata/publisher/datasets/:id/versions',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: "A dataset's published versions, newest first",
        params: DatasetParams,
        response: { 200: VersionList },
      },
    },
    async (request) => listVersions(db, request.principal!, request.params.id),
  )

  app.post(
    '/api/v1/opendata/datasets',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: 'Create a dataset (a draft) for my agency or one below it',
        body: DatasetCreateBody,
        response: { 201: DatasetView },
      },
    },
    async (request, reply) => reply.code(201).send(await createDataset(db, request.principal!, request.body)),
  )

  app.patch(
    '/api/v1/opendata/datasets/:id',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: "Change a dataset's metadata (a published one gets a new version)",
        params: DatasetParams,
        body: DatasetPatchBody,
        response: { 200: DatasetView },
      },
    },
    async (request) => updateDataset(db, request.principal!, request.params.id, request.body),
  )

  app.put(
    '/api/v1/opendata/datasets/:id/data',
    {
      config: { access: OFFICIALS },
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['opendata'],
        summary: "Replace a dataset's data with a CSV file (text/csv); its CSV, JSON and XLSX files follow",
        params: DatasetParams,
        body: Type.String({ minLength: 1 }),
        response: { 200: DatasetView },
      },
    },
    async (request) => replaceDataFromCsv(db, request.principal!, request.params.id, request.body),
  )

  app.post(
    '/api/v1/opendata/datasets/:id/publish',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: 'Publish a draft (a leader or agency administrator)',
        params: DatasetParams,
        body: Type.Optional(PublishBody),
        response: { 200: DatasetView },
      },
    },
    async (request) => publishDataset(db, request.principal!, request.params.id, request.body?.note),
  )

  app.post(
    '/api/v1/opendata/datasets/:id/withdraw',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['opendata'],
        summary: 'Withdraw a published dataset, with the reason (a leader or agency administrator)',
        params: DatasetParams,
        body: WithdrawBody,
        response: { 200: DatasetView },
      },
    },
    async (request) => withdrawDataset(db, request.principal!, request.params.id, request.body.reason),
  )
}
