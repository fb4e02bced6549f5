import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto'
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { Signer, SignPdf } from '@signpdf/signpdf'
import type { Db } from '../../db'
import { buildSignedData, parseSignedData, signatureHash, subjectAttributes } from './cms'
import { notAPdf, pdfNotSignable } from './errors'
import { keyHolder } from './keyholder'
import { activeKey, caKeys, ensureAgencyKeyRow, ensureOfficialKeyRow, keyBySerial } from './keys.service'
import type {
  OfficialRef,
  PdfSignatureCheck,
  PdfVerification,
  PdfVerificationStatus,
  SignerRef,
  SignerView,
  SigningKey,
} from './types'

/** The PAdES sub-filter Sen writes: CAdES signed attributes (signing-certificate-v2), baseline B-B. */
export const SUBFILTER = 'ETSI.CAdES.detached'
/** Bytes reserved for the CMS in /Contents (written as twice as many hex digits). */
const SIGNATURE_LENGTH = 8192
const OID_CN = '2.5.4.3'
const OID_O = '2.5.4.10'
const OID_TITLE = '2.5.4.12'

const pem2der = (pem: string) => new X509Certificate(pem).raw

/** @signpdf's Signer whose CMS is signed by the key holder: the private key never leaves it. */
class KeyHolderSigner extends Signer {
  constructor(
    private readonly key: SigningKey,
    private readonly chain: Buffer[],
  ) {
    super()
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return buildSignedData(content, this.chain, (attributes) =>
      keyHolder().sign(this.key, attributes, 'RS256'),
    )
  }
}

/** The CA key that issued `certificate`, among Sen's CA keys (normally the one root). */
async function issuingCa(db: Db, certificate: X509Certificate): Promise<SigningKey | null> {
  for (const ca of await caKeys(db)) {
    const caCertificate = new X509Certificate(ca.certificatePem)
    if (certificate.checkIssued(caCertificate) && certificate.verify(caCertificate.publicKey)) return ca
  }
  return null
}

/** The certificate chain of a key, leaf first, as DER: the key's certificate and its CA's. */
export async function chainOf(db: Db, key: SigningKey): Promise<Buffer[]> {
  const leaf = new X509Certificate(key.certificatePem)
  const ca = await issuingCa(db, leaf)
  return ca ? [leaf.raw, pem2der(ca.certificatePem)] : [leaf.raw]
}

export interface SignPdfInput {
  pdf: Buffer
  /** Whose key signs; it must exist (ensureAgencyKey / ensureOfficialKey first: both are idempotent). */
  signer: SignerRef
  reason: string
  location: string
  contactInfo?: string
}

/**
 * Signs a PDF (PAdES baseline B-B, ETSI.CAdES.detached, SHA-256 with RSA) with the signer's key:
 * an invisible signature field, the CMS in /Contents, the signing time in /M.
 */
export async function signPdf(db: Db, input: SignPdfInput): Promise<Buffer> {
  if (!isPdf(input.pdf)) throw notAPdf()
  const key = await activeKey(db, input.signer.ownerType, input.signer.ownerId)
  const chain = await chainOf(db, key)
  const cn = subjectAttributes(chain[0]!)[OID_CN] ?? input.signer.ownerId
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000)
  const texts = {
    reason: pdfLiteral(input.reason),
    contactInfo: pdfLiteral(input.contactInfo ?? ''),
    name: pdfLiteral(cn),
    location: pdfLiteral(input.location),
  }
  let prepared: Buffer
  try {
    prepared = plainAddPlaceholder({
      pdfBuffer: input.pdf,
      reason: texts.reason.marker,
      contactInfo: texts.contactInfo.marker,
      name: texts.name.marker,
      location: texts.location.marker,
      signingTime,
      signatureLength: SIGNATURE_LENGTH,
      subFilter: SUBFILTER,
      appName: 'Sen',
    })
  } catch (error) {
    throw pdfNotSignable((error as Error).message)
  }
  for (const text of Object.values(texts)) prepared = text.fill(prepared, input.pdf.length)
  return new SignPdf().sign(prepared, new KeyHolderSigner(key, chain), signingTime)
}

export interface ResultSigning {
  /** The result document, unsigned. */
  pdf: Buffer
  /** The official who decided: their personal signature comes first. */
  official: OfficialRef
  /** The agency whose seal (its own signature) follows, covering the official's. */
  agency: { id: string; name: string }
  /** What is signed, e.g. "Kết quả hồ sơ H01.X00004-260305-0001". */
  subject: string
  location: string
}

/**
 * Signs a result as an administrative document is signed on paper (Decree 30/2020): first the
 * competent official with their personal key, then the agency with its seal — two PAdES signatures,
 * the second an incremental update that leaves the first intact, so that any reader checks both.
 * Both keys are issued first if they are missing.
 */
export async function signResultPdf(db: Db, input: ResultSigning): Promise<Buffer> {
  await ensureOfficialKeyRow(db, input.official)
  await ensureAgencyKeyRow(db, input.agency.id, input.agency.name)
  const byOfficial = await signPdf(db, {
    pdf: input.pdf,
    signer: { ownerType: 'official', ownerId: input.official.userId },
    reason: `Phê duyệt: ${input.subject}`,
    location: input.location,
  })
  return signPdf(db, {
    pdf: byOfficial,
    signer: { ownerType: 'agency', ownerId: input.agency.id },
    reason: `Chữ ký số của cơ quan: ${input.subject}`,
    location: input.location,
  })
}

let markers = 0

/**
 * A text for the signature dictionary. @signpdf/placeholder-plain writes non-ASCII text as UTF-8
 * bytes of its UTF-16 string, which no reader decodes; so it gets an ASCII marker of the same
 * length as the properly encoded literal (UTF-16BE with byte-order mark, octal escapes), and
 * fill() swaps the marker for the literal afterwards. Same length: no cross-reference offset moves.
 */
function pdfLiteral(text: string) {
  const bytes = /^[\x20-\x7e]*$/.test(text)
    ? Buffer.from(text, 'latin1')
    : Buffer.from(Buffer.from(`\ufeff${text}`, 'utf16le').swap16())
  let encoded = ''
  for (const byte of bytes) {
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) encoded += `\\${String.fromCharCode(byte)}`
    else if (byte >= 0x20 && byte <= 0x7e) encoded += String.fromCharCode(byte)
    else encoded += `\\${byte.toString(8).padStart(3, '0')}`
  }
  const tag = `SEN~${(markers++ % 1e6).toString(36)}~`
  const marker = tag.padEnd(Math.max(encoded.length, tag.length), '~')
  return {
    marker,
    fill(pdf: Buffer, from: number): Buffer {
      const at = pdf.indexOf(`(${marker})`, from, 'latin1')
      if (at === -1) throw pdfNotSignable('the signature dictionary was not written as expected')
      const literal = `(${encoded})`.padEnd(marker.length + 2, ' ')
      return Buffer.concat([
        pdf.subarray(0, at),
        Buffer.from(literal, 'latin1'),
        pdf.subarray(at + literal.length),
      ])
    },
  }
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-')
}

/** Decodes a PDF string (literal or hex; PDFDocEncoding or UTF-16BE with its byte-order mark). */
function pdfString(token: string | undefined): string | null {
  if (token === undefined) return null
  let bytes: Buffer
  if (token.startsWith('<')) {
    bytes = Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex')
  } else {
    const out: number[] = []
    const body = token.slice(1, -1)
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i)
      if (c !== 0x5c) {
        out.push(c)
        continue
      }
      const next = body[++i] ?? ''
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 }
      if (next in simple) out.push(simple[next]!)
      else if (/[0-7]/.test(next)) {
        let octal = next
        while (octal.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) octal += body[++i]
        out.push(Number.parseInt(octal, 8) & 0xff)
      } else if (next === '\r' && body[i + 1] === '\n') i++
    }
    bytes = Buffer.from(out)
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
  return bytes.toString('latin1')
}

/** A PDF date (D:YYYYMMDDHHmmSSOHH'mm') as ISO 8601. */
function pdfDate(text: string | null): string | null {
  const m = text?.match(/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/)
  if (!m) return null
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = m
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

const LITERAL = String.raw`\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>`

function dictionaryEntry(dictionary: string, key: string): string | null {
  const m = dictionary.match(new RegExp(`/${key}\\s*(${LITERAL})`))
  return pdfString(m?.[1])
}

interface FoundSignature {
  byteRange: [number, number, number, number]
  dictionary: string
}

/** Every signature of the PDF: its /ByteRange and the text of the dictionary around it. */
function findSignatures(text: string): FoundSignature[] {
  const found: FoundSignature[] = []
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const start = Math.max(text.lastIndexOf('obj', m.index), m.index - 100_000, 0)
    const endobj = text.indexOf('endobj', m.index)
    const end = endobj === -1 ? Math.min(text.length, m.index + 100_000) : endobj
    // The dictionary text without the /Contents hex, which is long and of no interest here.
    const dictionary = text.slice(start, end).replace(/\/Contents\s*<[0-9A-Fa-f\s]*>/, '/Contents <>')
    found.push({
      byteRange: [1, 2, 3, 4].map((i) => Number(m[i])) as FoundSignature['byteRange'],
      dictionary,
    })
  }
  return found
}

export function signerView(row: SigningKey, certificate: X509Certificate): SignerView {
  const subject = subjectAttributes(certificate.raw)
  return {
    cn: subject[OID_CN] ?? '',
    ownerType: row.ownerType === 'ca' ? 'agency' : row.ownerType,
    ownerId: row.ownerId,
    organisation: subject[OID_O] ?? null,
    title: subject[OID_TITLE] ?? null,
    keyId: row.id,
    serial: row.serial,
  }
}

/** Is this certificate one Sen issued, and which key is it? Checks the chain to a Sen CA. */
export async function recogniseCertificate(
  db: Db,
  certificate: X509Certificate,
): Promise<{ row: SigningKey; ca: SigningKey } | null> {
  const ca = await issuingCa(db, certificate)
  if (!ca) return null
  const row = await keyBySerial(db, certificate.serialNumber.toLowerCase())
  if (!row || row.ownerType === 'ca' || !pem2der(row.certificatePem).equals(certificate.raw)) return null
  return { row, ca }
}

/** How bad each status is: a file is as bad as its worst signature. */
const SEVERITY: Record<PdfSignatureCheck['status'], number> = {
  valid: 0,
  revoked: 1,
  unknown_signer: 2,
  altered: 3,
}

/**
 * Verifies every signature of a PDF the way Sen's verification page does, in the order they were
 * made: each one's byte ranges, their digest against the signed one, the signature against its
 * certificate, the certificate against Sen's root and signing_keys, and revocation. The file is
 * valid only when every signature is and the last one covers the whole file: nothing was added
 * after it. (What an incremental update between two signatures changes is covered by the later
 * signature, Sen's own, and not inspected further.)
 */
export async function verifyPdf(db: Db, pdf: Buffer): Promise<PdfVerification> {
  if (!isPdf(pdf)) throw notAPdf()
  // In the order they were made: the one covering least first.
  const found = findSignatures(pdf.toString('latin1')).sort(
    (a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]),
  )
  const signers: PdfSignatureCheck[] = []
  for (const signature of found) signers.push(await checkSignature(db, pdf, signature))
  const last = signers.at(-1)
  if (!last)
    return {
      status: 'unsigned',
      signer: null,
      signedAt: null,
      reason: null,
      location: null,
      subFilter: null,
      signatures: 0,
      signers: [],
      detail: null,
    }
  if (last.status !== 'altered' && !last.coversWholeFile) {
    last.status = 'altered'
    last.detail = 'the file was changed or extended after it was signed'
  }
  const worst = signers.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a))
  const status: PdfVerificationStatus = worst.status
  return {
    status,
    signer: last.signer,
    signedAt: last.signedAt,
    reason: last.reason,
    location: last.location,
    subFilter: last.subFilter,
    signatures: signers.length,
    signers,
    detail:
      status === 'valid'
        ? null
        : signers.length > 1
          ? `signature ${signers.indexOf(worst) + 1} of ${signers.length}: ${worst.detail}`
          : worst.detail,
  }
}

/** Checks one signature of the file over its own byte ranges. */
async function checkSignature(db: Db, pdf: Buffer, found: FoundSignature): Promise<PdfSignatureCheck> {
  const [a, b, c, d] = found.byteRange
  const result: PdfSignatureCheck = {
    status: 'valid',
    signer: null,
    signedAt: pdfDate(dictionaryEntry(found.dictionary, 'M')),
    reason: dictionaryEntry(found.dictionary, 'Reason'),
    location: dictionaryEntry(found.dictionary, 'Location'),
    subFilter: found.dictionary.match(/\/SubFilter\s*\/([^\s/<>[\]()]+)/)?.[1] ?? null,
    coversWholeFile: a === 0 && c + d === pdf.length,
    detail: null,
  }
  const altered = (detail: string) => ({ ...result, status: 'altered' as const, detail })

  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return altered('the byte range is not well formed')
  const contents = pdf.subarray(b, c).toString('latin1')
  if (!/^<[0-9A-Fa-f\s]*>$/.test(contents)) return altered('the signature is not where the byte range says')

  let cms: ReturnType<typeof parseSignedData>
  try {
    cms = parseSignedData(Buffer.from(contents.slice(1, -1).replace(/\s+/g, ''), 'hex'))
  } catch (error) {
    return altered(`the signature cannot be read: ${(error as Error).message}`)
  }
  if (!cms.signer) return altered('the signature does not carry its certificate')
  const known = await recogniseCertificate(db, cms.signer)
  if (known) result.signer = signerView(known.row, cms.signer)

  const hash = cms.hashAlgorithm
  if (!hash) return altered('the signature uses an unsupported digest algorithm')
  const digest = createHash(hash)
    .update(pdf.subarray(a, b))
    .update(pdf.subarray(c, c + d))
    .digest()
  const signedBytes = cms.signedAttributes ?? digest
  if (cms.signedAttributes && !cms.messageDigest?.equals(digest))
    return altered('the document does not match its signature (digest mismatch)')
  const verifyHash = signatureHash(cms.signatureAlgorithm, hash)
  let signatureOk = false
  try {
    signatureOk =
      verifyHash !== null &&
      verifySignature(verifyHash, cms.signedAttributes ?? digest, cms.signer.publicKey, cms.signature)
  } catch {
    signatureOk = false
  }
  if (!known) {
    return {
      ...result,
      status: 'unknown_signer',
      detail:
        signatureOk || cms.signedAttributes === null
          ? 'the certificate was not issued by Sen'
          : 'bad signature',
    }
  }
  if (!signatureOk || signedBytes.length === 0) return altered('the signature does not match the certificate')
  if (known.row.revokedAt || known.ca.revokedAt)
    return { ...result, status: 'revoked', detail: 'the key is revoked' }
  return result
}
