import fs from 'node:fs'
import path from 'node:path'
import rdf from '@zazuko/env'
import jsonld from 'jsonld'
import { Parser, type Quad } from 'n3'
import SHACLValidator from 'rdf-validate-shacl'
import { repoRoot } from '../../src/server/paths'

/** The DCAT-AP 3.0.0 shapes as SEMIC released them (copied from shared/standards, so that a clean clone has them). */
export const DCAT_AP_SHAPES = path.join(repoRoot, 'tests/fixtures/dcat-ap-3.0.0/dcat-ap-SHACL.ttl')

let shapes: ReturnType<typeof rdf.dataset> | undefined

function shapesGraph() {
  if (!shapes) {
    if (!fs.existsSync(DCAT_AP_SHAPES)) throw new Error(`The DCAT-AP shapes are not at ${DCAT_AP_SHAPES}`)
    shapes = rdf.dataset(new Parser().parse(fs.readFileSync(DCAT_AP_SHAPES, 'utf8')) as never)
  }
  return shapes
}

/** Reads a Turtle document as a harvester would (n3). */
export const parseTurtle = (text: string, baseIRI?: string): Quad[] => new Parser({ baseIRI }).parse(text)

/** Reads a JSON-LD document with the jsonld library (the reference implementation), fetching nothing. */
export async function parseJsonLd(document: object): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(document as never, {
    format: 'application/n-quads',
    documentLoader: async (url: string) => {
      throw new Error(`a JSON-LD document must not need ${url}`)
    },
  })) as unknown as string
  return new Parser({ format: 'N-Quads' }).parse(nquads)
}

export interface ShaclReport {
  conforms: boolean
  /** One line per violation: the focus node, the path and the shape's message. */
  violations: string[]
}

/** Validates RDF against the DCAT-AP 3 shapes with rdf-validate-shacl. */
export async function validateDcatAp(quads: Quad[]): Promise<ShaclReport> {
  const validator = new SHACLValidator(shapesGraph(), { factory: rdf })
  const report = await validator.validate(rdf.dataset(quads as never))
  return {
    conforms: report.conforms,
    violations: report.results.map(
      (result) =>
        `${result.focusNode?.value} ${result.path?.value ?? ''}: ${result.message.map((m) => m.value).join('; ')}`,
    ),
  }
}
