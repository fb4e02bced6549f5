import { DataFactory, type NamedNode, type Quad, type Quad_Object, type Quad_Subject, Writer } from 'n3'
import { adminUnits } from '../../country/units'
import { licenceById } from './licences'
import type { DatasetView, DistributionView, LicenceView, LocalisedText } from './types'
import { SECTOR_LABELS, THEME_LABELS } from './vocabularies'

// DCAT-AP 3.0.0 (SEMIC) from the open-data module's views: the catalogue, its datasets and their
// distributions as RDF, written as Turtle or JSON-LD. The shapes in shared/standards check it
// (dcat.test.ts). Every node a shape constrains with sh:class carries that class as rdf:type, so
// that the graph validates without RDFS inference (which harvesters' validators do not run).

const { namedNode, literal, blankNode, quad } = DataFactory

export const PREFIXES = {
  adms: 'http://www.w3.org/ns/adms#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatap: 'http://data.europa.eu/r5r/',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  locn: 'http://www.w3.org/ns/locn#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const

type Prefix = keyof typeof PREFIXES
const term = (name: `${Prefix}:${string}`): NamedNode => {
  const colon = name.indexOf(':')
  return namedNode(PREFIXES[name.slice(0, colon) as Prefix] + name.slice(colon + 1))
}

/** The EU authority tables DCAT-AP asks for (Publications Office). */
const EU = 'http://publications.europa.eu/resource/authority/'
const IANA_MEDIA_TYPES = 'http://www.iana.org/assignments/media-types/'

const a = term('rdf:type')

/** What the mapping needs besides the views. */
export interface DcatContext {
  /** Sen's public address, without a trailing slash (config.publicUrl). */
  baseUrl: string
}

/** The IRIs Sen mints, all dereferenceable through the DCAT routes (the distributions by their dataset's). */
export const dcatIris = (baseUrl: string) => ({
  catalog: `${baseUrl}/dcat/catalog`,
  dataset: (id: string) => `${baseUrl}/dcat/datasets/${id}`,
  distribution: (datasetId: string, id: string) => `${baseUrl}/dcat/datasets/${datasetId}#distribution-${id}`,
  agency: (agencyId: string) => `${baseUrl}/dcat/agencies/${encodeURIComponent(agencyId)}`,
  sectors: `${baseUrl}/dcat/sectors`,
  sector: (code: string) => `${baseUrl}/dcat/sectors/${code}`,
  place: (code: string) => `${baseUrl}/dcat/places/${code}`,
  landingPage: (slug: string) => `${baseUrl}/du-lieu-mo/${slug}`,
  portal: `${baseUrl}/du-lieu-mo`,
})

/** A graph being built: its quads, and the nodes already described (a licence used by many). */
export class Graph {
  readonly quads: Quad[] = []
  private readonly described = new Set<string>()

  add(subject: Quad_Subject, predicate: NamedNode, object: Quad_Object) {
    this.quads.push(quad(subject, predicate, object))
  }

  /** Describes a node once per graph: `describe` runs only the first time `node` is met. */
  once(node: NamedNode, describe: () => void): NamedNode {
    if (!this.described.has(node.value)) {
      this.described.add(node.value)
      describe()
    }
    return node
  }

  /** A text in Vietnamese, and in English when there is one. */
  text(subject: Quad_Subject, predicate: NamedNode, text: LocalisedText) {
    this.add(subject, predicate, literal(text.vi, 'vi'))
    if (text.en) this.add(subject, predicate, literal(text.en, 'en'))
  }
}

const dateTime = (iso: string) => literal(new Date(iso).toISOString(), term('xsd:dateTime'))
const date = (iso: string) => literal(iso, term('xsd:date'))

function concept(g: Graph, iri: string, label: LocalisedText, scheme: string) {
  return g.once(namedNode(iri), () => {
    const node = namedNode(iri)
    g.add(node, a, term('skos:Concept'))
    g.text(node, term('skos:prefLabel'), label)
    g.add(node, term('skos:inScheme'), namedNode(scheme))
  })
}

function agent(g: Graph, iri: string, name: LocalisedText) {
  return g.once(namedNode(iri), () => {
    const node = namedNode(iri)
    g.add(node, a, term('foaf:Agent'))
    g.add(node, a, term('foaf:Organization'))
    g.text(node, term('foaf:name'), name)
  })
}

function linguisticSystem(g: Graph, code: 'VIE' | 'ENG') {
  return g.once(namedNode(`${EU}language/${code}`), () =>
    g.add(namedNode(`${EU}language/${code}`), a, term('dct:LinguisticSystem')),
  )
}

function licenceDocument(g: Graph, licence: LicenceView) {
  return g.once(namedNode(licence.url), () => {
    const node = namedNode(licence.url)
    g.add(node, a, term('dct:LicenseDocument'))
    g.text(node, term('dct:title'), licence.title)
    g.add(node, term('dct:identifier'), literal(licence.id))
  })
}

function location(g: Graph, code: string, ctx: DcatContext) {
  if (code === 'VN') {
    return g.once(namedNode(`${EU}country/VNM`), () => {
      const node = namedNode(`${EU}country/VNM`)
      g.add(node, a, term('dct:Location'))
      g.text(node, term('skos:prefLabel'), { vi: 'Việt Nam', en: 'Viet Nam' })
    })
  }
  const iri = dcatIris(ctx.baseUrl).place(code)
  return g.once(namedNode(iri), () => {
    const node = namedNode(iri)
    const name = code.length === 2 ? adminUnits().provinces.get(code) : communeNames().get(code)
    g.add(node, a, term('dct:Location'))
    g.add(node, term('dct:identifier'), literal(code))
    if (name) g.add(node, term('skos:prefLabel'), literal(name, 'vi'))
  })
}

let communeNamesByCode: Map<string, string> | undefined
const communeNames = () =>
  (communeNamesByCode ??= new Map(adminUnits().communes.map((c) => [c.communeCode, c.communeName])))

/** A resource the shapes want typed rdfs:Resource (download and access URLs). */
function resource(g: Graph, iri: string) {
  return g.once(namedNode(iri), () => g.add(namedNode(iri), a, term('rdfs:Resource')))
}

function distributionGraph(
  g: Graph,
  dataset: DatasetView,
  distribution: DistributionView,
  ctx: DcatContext,
): NamedNode {
  const iris = dcatIris(ctx.baseUrl)
  const node = namedNode(iris.distribution(dataset.id, distribution.id))
  const url = `${ctx.baseUrl}${distribution.downloadUrl}`
  g.add(node, a, term('dcat:Distribution'))
  g.add(node, term('dct:identifier'), literal(distribution.id))
  g.text(node, term('dct:title'), distribution.title)
  g.add(node, term('dcat:accessURL'), resource(g, url))
  g.add(node, term('dcat:downloadURL'), resource(g, url))
  const mediaType = namedNode(IANA_MEDIA_TYPES + distribution.mediaType)
  g.add(
    node,
    term('dcat:mediaType'),
    g.once(mediaType, () => g.add(mediaType, a, term('dct:MediaType'))),
  )
  const format = namedNode(`${EU}file-type/${distribution.format}`)
  g.add(
    node,
    term('dct:format'),
    g.once(format, () => g.add(format, a, term('dct:MediaTypeOrExtent'))),
  )
  if (distribution.byteSize !== null)
    g.add(node, term('dcat:byteSize'), literal(String(distribution.byteSize), term('xsd:nonNegativeInteger')))
  if (distribution.checksumSha256) {
    const checksum = blankNode()
    const sha256 = term('spdx:checksumAlgorithm_sha256')
    g.add(node, term('spdx:checksum'), checksum)
    g.add(checksum, a, term('spdx:Checksum'))
    g.add(
      checksum,
      term('spdx:algorithm'),
      g.once(sha256, () => g.add(sha256, a, term('spdx:ChecksumAlgorithm'))),
    )
    g.add(checksum, term('spdx:checksumValue'), literal(distribution.checksumSha256, term('xsd:hexBinary')))
  }
  const licence = licenceById(dataset.licenceId)
  if (licence) g.add(node, term('dct:license'), licenceDocument(g, licence))
  g.add(node, term('dct:issued'), dateTime(distribution.issued))
  g.add(node, term('dct:modified'), dateTime(distribution.modified))
  return node
}

/** Adds one dataset, with its distributions and every node they point to, to the graph. */
export function datasetGraph(g: Graph, dataset: DatasetView, ctx: DcatContext): NamedNode {
  const iris = dcatIris(ctx.baseUrl)
  const node = namedNode(iris.dataset(dataset.id))
  g.add(node, a, term('dcat:Dataset'))
  g.add(node, term('dct:identifier'), literal(dataset.id))
  g.text(node, term('dct:title'), dataset.title)
  g.text(node, term('dct:description'), dataset.description)
  g.add(
    node,
    term('dct:publisher'),
    agent(g, iris.agency(dataset.publisher.agencyId), {
      vi: dataset.publisher.name,
      en: dataset.publisher.nameEn,
    }),
  )
  for (const theme of dataset.themes) {
    g.add(
      node,
      term('dcat:theme'),
      concept(g, `${EU}data-theme/${theme}`, THEME_LABELS[theme]!, `${EU}data-theme`),
    )
  }
  for (const sector of dataset.sectors) {
    g.add(node, term('dcat:theme'), concept(g, iris.sector(sector), SECTOR_LABELS[sector]!, iris.sectors))
  }
  for (const keyword of dataset.keywords) g.add(node, term('dcat:keyword'), literal(keyword, 'vi'))
  const frequency = namedNode(`${EU}frequency/${dataset.accrualPeriodicity}`)
  g.add(
    node,
    term('dct:accrualPeriodicity'),
    g.once(frequency, () => g.add(frequency, a, term('dct:Frequency'))),
  )
  for (const code of dataset.spatial) g.add(node, term('dct:spatial'), location(g, code, ctx))
  if (dataset.temporal.start || dataset.temporal.end) {
    const period = blankNode()
    g.add(node, term('dct:temporal'), period)
    g.add(period, a, term('dct:PeriodOfTime'))
    if (dataset.temporal.start) g.add(period, term('dcat:startDate'), date(dataset.temporal.start))
    if (dataset.temporal.end) g.add(period, term('dcat:endDate'), date(dataset.temporal.end))
  }
  if (dataset.contactPoint) {
    const contact = blankNode()
    g.add(node, term('dcat:contactPoint'), contact)
    g.add(contact, a, term('vcard:Kind'))
    g.add(contact, a, term('vcard:Organization'))
    g.add(contact, term('vcard:fn'), literal(dataset.contactPoint.name))
    g.add(contact, term('vcard:hasEmail'), namedNode(`mailto:${dataset.contactPoint.email}`))
  }
  g.add(node, term('dct:language'), linguisticSystem(g, 'VIE'))
  if (dataset.title.en) g.add(node, term('dct:language'), linguisticSystem(g, 'ENG'))
  const publicAccess = namedNode(`${EU}access-right/PUBLIC`)
  g.add(
    node,
    term('dct:accessRights'),
    g.once(publicAccess, () => g.add(publicAccess, a, term('dct:RightsStatement'))),
  )
  const landing = namedNode(iris.landingPage(dataset.slug))
  g.add(node, term('dcat:landingPage'), landing)
  g.add(landing, a, term('foaf:Document'))
  if (dataset.issued) g.add(node, term('dct:issued'), dateTime(dataset.issued))
  g.add(node, term('dct:modified'), dateTime(dataset.modified))
  g.add(node, term('dcat:version'), literal(String(dataset.version)))
  for (const distribution of dataset.distributions) {
    g.add(node, term('dcat:distribution'), distributionGraph(g, dataset, distribution, ctx))
  }
  return node
}

/** A page of the catalogue: which page, of how many datasets, and where its neighbours are. */
export interface CatalogPage {
  datasets: DatasetView[]
  total: number
  /** 1-based. */
  page: number
  pageSize: number
  /** The URL of page `n` in the format asked for (the `.ttl` or `.jsonld` URL, or the negotiated one). */
  pageUrl(n: number): string
  /** The latest change of any published dataset (the catalogue's dct:modified). */
  modified: string | null
}

/**
 * The catalogue with one page of its datasets, and the Hydra paging harvesters follow: the page
 * is a hydra:PartialCollectionView (Hydra Core) and a hydra:PagedCollection (what ckanext-dcat's
 * harvester looks for), with hydra:first/previous/next/last as IRIs and the totals.
 */
export function catalogGraph(
  page: CatalogPage,
  ctx: DcatContext,
  publisher: { id: string; name: LocalisedText },
) {
  const g = new Graph()
  const iris = dcatIris(ctx.baseUrl)
  const catalog = namedNode(iris.catalog)
  g.add(catalog, a, term('dcat:Catalog'))
  g.text(catalog, term('dct:title'), { vi: 'Cổng dữ liệu mở Sen', en: 'Sen open data portal' })
  g.text(catalog, term('dct:description'), {
    vi: 'Dữ liệu mở của các cơ quan nhà nước công bố trên Sen, theo DCAT-AP 3.',
    en: 'Open data published on Sen by state agencies, as DCAT-AP 3.',
  })
  g.add(catalog, term('dct:publisher'), agent(g, iris.agency(publisher.id), publisher.name))
  const homepage = namedNode(iris.portal)
  g.add(catalog, term('foaf:homepage'), homepage)
  g.add(homepage, a, term('foaf:Document'))
  g.add(catalog, term('dct:language'), linguisticSystem(g, 'VIE'))
  g.add(catalog, term('dct:language'), linguisticSystem(g, 'ENG'))
  g.add(catalog, term('dct:spatial'), location(g, 'VN', ctx))
  const euThemes = namedNode(`${EU}data-theme`)
  g.add(catalog, term('dcat:themeTaxonomy'), euThemes)
  g.add(euThemes, a, term('skos:ConceptScheme'))
  g.add(euThemes, term('dct:title'), literal('Data theme', 'en'))
  const sectors = namedNode(iris.sectors)
  g.add(catalog, term('dcat:themeTaxonomy'), sectors)
  g.add(sectors, a, term('skos:ConceptScheme'))
  g.text(sectors, term('dct:title'), { vi: 'Lĩnh vực', en: 'Sectors' })
  if (page.modified) g.add(catalog, term('dct:modified'), dateTime(page.modified))
  for (const dataset of page.datasets) g.add(catalog, term('dcat:dataset'), datasetGraph(g, dataset, ctx))

  const last = Math.max(1, Math.ceil(page.total / page.pageSize))
  const view = namedNode(page.pageUrl(page.page))
  g.add(view, a, term('hydra:PartialCollectionView'))
  g.add(view, a, term('hydra:PagedCollection'))
  g.add(view, term('hydra:totalItems'), literal(String(page.total), term('xsd:integer')))
  g.add(view, term('hydra:itemsPerPage'), literal(String(page.pageSize), term('xsd:integer')))
  g.add(view, term('hydra:first'), namedNode(page.pageUrl(1)))
  g.add(view, term('hydra:last'), namedNode(page.pageUrl(last)))
  if (page.page > 1)
    g.add(view, term('hydra:previous'), namedNode(page.pageUrl(Math.min(page.page - 1, last))))
  if (page.page < last) g.add(view, term('hydra:next'), namedNode(page.pageUrl(page.page + 1)))
  return g
}

/** A publishing agency alone (what its IRI answers). */
export function agencyGraph(agency: { id: string; name: LocalisedText }, ctx: DcatContext): Graph {
  const g = new Graph()
  agent(g, dcatIris(ctx.baseUrl).agency(agency.id), agency.name)
  return g
}

/** The graph of one dataset alone (what its own URL answers). */
export function singleDatasetGraph(dataset: DatasetView, ctx: DcatContext): Graph {
  const g = new Graph()
  datasetGraph(g, dataset, ctx)
  return g
}

export function toTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: PREFIXES })
    writer.addQuads(quads)
    writer.end((error, result: string) => (error ? reject(error) : resolve(result)))
  })
}

/** The JSON-LD context of Sen's documents: the prefixes, inline (nothing to fetch). */
export const JSONLD_CONTEXT = { ...PREFIXES }

const namespaces = Object.entries(PREFIXES).sort((x, y) => y[1].length - x[1].length)
const RDF_TYPE = `${PREFIXES.rdf}type`
const XSD_STRING = `${PREFIXES.xsd}string`

/** `dct:title` for http://purl.org/dc/terms/title; an IRI outside the prefixes stays whole. */
function compactIri(iri: string): string {
  let compacted = compactedIris.get(iri)
  if (compacted === undefined) {
    compacted = iri
    for (const [prefix, namespace] of namespaces) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        compacted = `${prefix}:${iri.slice(namespace.length)}`
        break
      }
    }
    // Only vocabulary terms (predicates, classes, datatypes) come here: a small, fixed set.
    compactedIris.set(iri, compacted)
  }
  return compacted
}
const compactedIris = new Map<string, string>()

type JsonLdValue = string | { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string }

/**
 * The graph as flattened JSON-LD: one node object per subject in a @graph, terms compacted with
 * the prefixes. Written here rather than by the jsonld library's fromRDF and compact, which take
 * over a second for a page of 100 datasets; dcat.test.ts reads it back with that library.
 */
export function toJsonLd(quads: Quad[]): { '@context': typeof JSONLD_CONTEXT; '@graph': object[] } {
  const nodes = new Map<string, Record<string, JsonLdValue | JsonLdValue[]>>()
  const idOf = (term: Quad_Subject | Quad_Object) =>
    term.termType === 'BlankNode' ? `_:${term.value}` : term.value
  for (const { subject, predicate, object } of quads) {
    const id = idOf(subject)
    let node = nodes.get(id)
    if (!node) {
      node = { '@id': id }
      nodes.set(id, node)
    }
    let key: string
    let value: JsonLdValue
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') {
      key = '@type'
      value = compactIri(object.value)
    } else {
      key = compactIri(predicate.value)
      if (object.termType === 'Literal') {
        if (object.language) value = { '@value': object.value, '@language': object.language }
        else if (object.datatype.value === XSD_STRING) value = object.value
        else value = { '@value': object.value, '@type': compactIri(object.datatype.value) }
      } else value = { '@id': idOf(object) }
    }
    const present = node[key]
    if (present === undefined) node[key] = value
    else if (Array.isArray(present)) present.push(value)
    else node[key] = [present, value]
  }
  return { '@context': JSONLD_CONTEXT, '@graph': [...nodes.values()] }
}
