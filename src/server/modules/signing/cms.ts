import { createHash, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

// CMS (RFC 5652) SignedData, detached, as PAdES wants it (ETSI EN 319 142-1, baseline B-B): signed
// attributes content-type, message-digest and signing-certificate-v2; no signing-time attribute
// (the signing time is the signature dictionary's /M). Written and read with node-forge's ASN.1.

const { asn1 } = forge
type Asn1 = forge.asn1.Asn1

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
} as const

const HASHES: Record<string, string> = {
  [OIDS.sha1]: 'sha1',
  [OIDS.sha256]: 'sha256',
  [OIDS.sha384]: 'sha384',
  [OIDS.sha512]: 'sha512',
}

const U = asn1.Class.UNIVERSAL
const seq = (value: Asn1[]) => asn1.create(U, asn1.Type.SEQUENCE, true, value)
const set = (value: Asn1[]) => asn1.create(U, asn1.Type.SET, true, value)
const oid = (id: string) => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(id).getBytes())
const octets = (bytes: Uint8Array) => asn1.create(U, asn1.Type.OCTETSTRING, false, binary(bytes))
const integer = (n: number) => asn1.create(U, asn1.Type.INTEGER, false, String.fromCharCode(n))
const algorithm = (id: string) => seq([oid(id), asn1.create(U, asn1.Type.NULL, false, '')])

export const binary = (bytes: Uint8Array) => Buffer.from(bytes).toString('binary')
/** DER to ASN.1 nodes, leaving BIT STRINGs as bytes so that re-encoding gives back the same DER. */
const parse = (bytes: Uint8Array, parseAllBytes = true) =>
  // node-forge takes these options; its type definitions know only the older `strict` flag.
  asn1.fromDer(binary(bytes), { parseAllBytes, decodeBitStrings: false, strict: false } as unknown as boolean)
export const der = (node: Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary')
const children = (node: Asn1 | undefined): Asn1[] => (Array.isArray(node?.value) ? node.value : [])
const bytesOf = (node: Asn1 | undefined): Buffer =>
  Buffer.from(typeof node?.value === 'string' ? node.value : '', 'binary')

/** DER orders the members of a SET OF by their encodings (X.690 11.6); NSS re-encodes and checks. */
function derSorted(nodes: Asn1[]): Asn1[] {
  return nodes
    .map((node) => ({ node, bytes: der(node) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((entry) => entry.node)
}

/** The parts of a certificate a SignerInfo names it by. */
function certificateParts(certificateDer: Buffer) {
  const tbs = children(parse(certificateDer))[0]
  const fields = children(tbs)
  // TBSCertificate: [0] version, serialNumber, signature, issuer, validity, subject, …
  const offset = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  return { serial: fields[offset]!, issuer: fields[offset + 2]! }
}

/**
 * Builds a detached CMS SignedData over `content` (the PDF's byte ranges). `sign` receives the DER
 * of the signed attributes and returns an RSASSA-PKCS1-v1_5/SHA-256 signature: the key holder's.
 */
export async function buildSignedData(
  content: Uint8Array,
  chainDer: Buffer[],
  sign: (signedAttributes: Uint8Array) => Promise<Uint8Array>,
): Promise<Buffer> {
  const signerDer = chainDer[0]!
  const { serial, issuer } = certificateParts(signerDer)
  const digest = createHash('sha256').update(content).digest()
  const certHash = createHash('sha256').update(signerDer).digest()
  const attribute = (type: string, value: Asn1) => seq([oid(type), set([value])])
  const attributes = derSorted([
    attribute(OIDS.contentType, oid(OIDS.data)),
    attribute(OIDS.messageDigest, octets(digest)),
    // ESSCertIDv2 with the default hash (SHA-256) left out, and the issuer and serial of the certificate.
    attribute(
      OIDS.signingCertificateV2,
      seq([
        seq([
          seq([
            octets(certHash),
            seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial]),
          ]),
        ]),
      ]),
    ),
  ])
  const signature = await sign(der(set(attributes)))
  const signerInfo = seq([
    integer(1),
    seq([issuer, serial]),
    algorithm(OIDS.sha256),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
    algorithm(OIDS.rsaEncryption),
    octets(signature),
  ])
  const certificates = chainDer.map((c) => parse(c))
  const signedData = seq([
    integer(1),
    set([algorithm(OIDS.sha256)]),
    seq([oid(OIDS.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ])
  return der(seq([oid(OIDS.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]))
}

export interface ParsedSignedData {
  /** The signer's certificate, found by the SignerInfo's issuer and serial (or key identifier). */
  signer: X509Certificate | null
  /** Every certificate the CMS carries. */
  certificates: X509Certificate[]
  hashAlgorithm: string | null
  signatureAlgorithm: string
  /** DER of the signed attributes as a SET (what the signature covers), or null when there are none. */
  signedAttributes: Buffer | null
  messageDigest: Buffer | null
  signature: Buffer
}

/** Reads a CMS SignedData (DER; trailing padding ignored). Throws when it is not one. */
export function parseSignedData(bytes: Buffer): ParsedSignedData {
  const contentInfo = parse(bytes, false)
  const [type, wrapped] = children(contentInfo)
  if (!type || asn1.derToOid(type.value as string) !== OIDS.signedData)
    throw new Error('not a CMS SignedData')
  const fields = children(children(wrapped)[0])
  const certificateSet = fields.find(
    (f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0 && f.constructed,
  )
  const certificates = children(certificateSet)
    .filter((c) => c.type === asn1.Type.SEQUENCE)
    .map((c) => new X509Certificate(der(c)))
  const signerInfos = fields.at(-1)
  const signerInfo = children(signerInfos)[0]
  if (!signerInfo) throw new Error('no SignerInfo')
  const info = children(signerInfo)
  const [, sid, digestAlgorithm] = info
  const rest = info.slice(3)
  const attributesNode = rest[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? rest.shift() : undefined
  const signatureAlgorithmNode = rest[0]
  const signatureNode = rest[1]
  if (!sid || !digestAlgorithm || !signatureAlgorithmNode || !signatureNode) throw new Error('bad SignerInfo')

  let signer: X509Certificate | null = null
  if (sid.tagClass === asn1.Class.CONTEXT_SPECIFIC) {
    // subjectKeyIdentifier [0]
    const keyId = bytesOf(sid).toString('hex')
    signer =
      certificates.find((c) => {
        try {
          const forgeCert = forge.pki.certificateFromAsn1(parse(c.raw), false)
          const ski = forgeCert.getExtension('subjectKeyIdentifier') as
            | { subjectKeyIdentifier?: string }
            | undefined
          return ski?.subjectKeyIdentifier === keyId
        } catch {
          return false // node-forge reads RSA keys only
        }
      }) ?? null
  } else {
    const [issuer, serial] = children(sid)
    const issuerDer = issuer ? der(issuer) : Buffer.alloc(0)
    const serialDer = serial ? der(serial) : Buffer.alloc(0)
    signer =
      certificates.find((c) => {
        const parts = certificateParts(c.raw)
        return der(parts.issuer).equals(issuerDer) && der(parts.serial).equals(serialDer)
      }) ?? null
  }

  let signedAttributes: Buffer | null = null
  let messageDigest: Buffer | null = null
  if (attributesNode) {
    // The signature covers the attributes as a SET, not as the [0] IMPLICIT the SignerInfo carries.
    signedAttributes = der(set(children(attributesNode)))
    for (const attribute of children(attributesNode)) {
      const [attrType, values] = children(attribute)
      if (attrType && asn1.derToOid(attrType.value as string) === OIDS.messageDigest)
        messageDigest = bytesOf(children(values)[0])
    }
  }
  const digestOid = asn1.derToOid(children(digestAlgorithm)[0]!.value as string)
  return {
    signer,
    certificates,
    hashAlgorithm: HASHES[digestOid] ?? null,
    signatureAlgorithm: asn1.derToOid(children(signatureAlgorithmNode)[0]!.value as string),
    signedAttributes,
    messageDigest,
    signature: bytesOf(signatureNode),
  }
}

/** The hash a signature algorithm implies (for RSA/ECDSA-with-hash OIDs), else the SignerInfo's. */
export function signatureHash(signatureAlgorithm: string, digest: string | null): string | null {
  switch (signatureAlgorithm) {
    case OIDS.sha256WithRSA:
    case OIDS.ecdsaWithSha256:
      return 'sha256'
    case OIDS.sha384WithRSA:
    case OIDS.ecdsaWithSha384:
      return 'sha384'
    case OIDS.sha512WithRSA:
    case OIDS.ecdsaWithSha512:
      return 'sha512'
    case OIDS.rsaEncryption:
    case '1.2.840.10045.2.1':
      return digest
    default:
      return null
  }
}

/** The subject of a certificate as attribute OID → text (UTF8String, PrintableString, … decoded). */
export function subjectAttributes(certificateDer: Buffer): Record<string, string> {
  const tbs = children(parse(certificateDer))[0]
  const fields = children(tbs)
  const offset = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  const result: Record<string, string> = {}
  for (const rdn of children(fields[offset + 4])) {
    for (const pair of children(rdn)) {
      const [type, value] = children(pair)
      if (!type || !value || typeof value.value !== 'string') continue
      const raw = Buffer.from(value.value, 'binary')
      const text =
        value.type === asn1.Type.BMPSTRING
          ? Buffer.from(raw).swap16().toString('utf16le')
          : raw.toString(value.type === asn1.Type.UTF8 ? 'utf8' : 'latin1')
      result[asn1.derToOid(type.value as string)] = text
    }
  }
  return result
}
