import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Negotiator from 'negotiator'
import { Type } from 'typebox'
import { notFound } from '../../errors'
import { getAgency, listAgencies } from '../identity/service'
import { type Entry, packageIndex } from './ckan.index'
import { agencyGraph, catalogGraph, dcatIris, singleDatasetGraph, toJsonLd, toTurtle } from './dcat'
import { datasetNotFound } from './errors'
import { countUsage } from './usage'

// DCAT-AP 3 at the IRIs Sen mints: the catalogue (paged, Hydra) and each published dataset, as
// Turtle or JSON-LD by content negotiation, or by the .ttl and .jsonld URLs. A browser asking for
// HTML is sent to the dataset's page. A withdrawn or draft dataset is not found, in every format.

const TURTLE = 'text/turtle'
const JSONLD = 'application/ld+json'
const HTML = 'text/html'

/** Datasets per catalogue page (ckanext-dcat's default). */
export const CATALOG_PAGE_SIZE = 100

type Format = 'ttl' | 'jsonld'

/** The format a URL's suffix names, or the one the Accept header prefers (Turtle when it cares not). */
function formatOf(request: FastifyRequest, suffix: string | undefined): Format | 'html' {
  if (suffix === 'ttl') return 'ttl'
  if (suffix === 'jsonld') return 'jsonld'
  const preferred = new Negotiator(request).mediaType([TURTLE, JSONLD, 'application/json', HTML])
  if (preferred === HTML) return 'html'
  return preferred === JSONLD || preferred === 'application/json' ? 'jsonld' : 'ttl'
}

async function sendGraph(reply: FastifyReply, format: Format, quads: Parameters<typeof toTurtle>[0]) {
  reply.header('vary', 'Accept')
  if (format === 'ttl') return reply.type(`${TURTLE}; charset=utf-8`).send(await toTurtle(quads))
  return reply.type(`${JSONLD}; charset=utf-8`).send(JSON.stringify(toJsonLd(quads)))
}

const SUFFIX = /^(.*?)(?:\.(ttl|jsonld))?$/

const CatalogQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  /** Only datasets changed since (ckanext-dcat's parameter for incremental harvests). */
  modified_since: Type.Optional(Type.String({ format: 'date-time' })),
})

export const dcatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const baseUrl = app.config.publicUrl.replace(/\/+$/, '')
  const iris = dcatIris(baseUrl)

  /** Who publishes the catalogue: the root of the agency tree (the Government). */
  let catalogPublisher: { id: string; name: { vi: string; en: string | null } } | undefined
  async function publisher() {
    if (!catalogPublisher) {
      const [root] = (await listAgencies(db, { page: 1, pageSize: 1 })).items
      catalogPublisher = root
        ? { id: root.id, name: { vi: root.name, en: root.nameEn } }
        : { id: 'sen', name: { vi: 'Sen', en: 'Sen' } }
    }
    return catalogPublisher
  }

  app.get(
    '/dcat/:file',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dcat'],
        summary:
          'The catalogue (catalog, catalog.ttl, catalog.jsonld): DCAT-AP 3, 100 datasets a page, Hydra paging',
        params: Type.Object({ file: Type.String({ pattern: '^catalog(\\.(ttl|jsonld))?$' }) }),
        querystring: CatalogQuery,
      },
    },
    async (request, reply) => {
      const suffix = SUFFIX.exec(request.params.file)![2]
      const format = formatOf(request, suffix)
      if (format === 'html') return reply.redirect(iris.portal, 303)
      const since = request.query.modified_since ? Date.parse(request.query.modified_since) : undefined
      const index = await packageIndex(db, baseUrl)
      const all: Entry[] =
        since === undefined ? index.entries : index.entries.filter((e) => e.modified >= since)
      const page = request.query.page ?? 1
      const datasets = all.slice((page - 1) * CATALOG_PAGE_SIZE, page * CATALOG_PAGE_SIZE).map((e) => e.view)
      const pageUrl = (n: number) => {
        const query = new URLSearchParams({ page: String(n) })
        if (request.query.modified_since) query.set('modified_since', request.query.modified_since)
        return `${iris.catalog}${suffix ? `.${suffix}` : ''}?${query}`
      }
      const graph = catalogGraph(
        {
          datasets,
          total: all.length,
          page,
          pageSize: CATALOG_PAGE_SIZE,
          pageUrl,
          modified: index.entries[0]?.view.modified ?? null,
        },
        { baseUrl },
        await publisher(),
      )
      return sendGraph(reply, format, graph.quads)
    },
  )

  app.get(
    '/dcat/datasets/:file',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dcat'],
        summary: 'A published dataset as DCAT-AP 3 (by id or slug; .ttl or .jsonld, or by Accept)',
        params: Type.Object({ file: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const [, ref, suffix] = SUFFIX.exec(request.params.file)!
      const index = await packageIndex(db, baseUrl)
      const entry = index.byId.get(ref!) ?? index.byName.get(ref!)
      if (!entry) throw datasetNotFound()
      const format = formatOf(request, suffix)
      if (format === 'html') return reply.redirect(iris.landingPage(entry.view.slug), 303)
      countUsage(db, entry.view.id, 'apiCalls')
      return sendGraph(reply, format, singleDatasetGraph(entry.view, { baseUrl }).quads)
    },
  )

  app.get(
    '/dcat/agencies/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dcat'],
        summary: 'A publishing agency as a foaf:Agent (Turtle or JSON-LD by Accept)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }),
      },
    },
    async (request, reply) => {
      const [, id, suffix] = SUFFIX.exec(request.params.id)!
      const agency = await getAgency(db, id!).catch(() => {
        throw notFound({ vi: 'cơ quan', en: 'Agency' })
      })
      const format = formatOf(request, suffix)
      if (format === 'html') return reply.redirect(iris.portal, 303)
      const graph = agencyGraph({ id: agency.id, name: { vi: agency.name, en: agency.nameEn } }, { baseUrl })
      return sendGraph(reply, format, graph.quads)
    },
  )
}
