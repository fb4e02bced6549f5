import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { desc, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db'
import type { Write } from '../../db/together'
import {
  consentRequired,
  purposeRequired,
  requesterRequired,
  sourceNotApplicable,
  unknownSource,
} from './errors'
import { assertPin, assertTaxCode, getPeople, type RecordReader, recordReader } from './records.service'
import { registryAccessLog } from './schema'
import { parseSource } from './sources'
import { iso } from './sql'
import type {
  AccessLogEntry,
  Applicant,
  BusinessRecord,
  PersonRecord,
  PrefillRequest,
  PrefillResult,
  Source,
  Subject,
} from './types'

interface Resolved {
  values: Record<string, string | null>
  subjects: Partial<Record<Subject, string | null>>
  /** Who was read: subject id (pin or tax code) → attributes read. */
  reads: Map<string, Set<string>>
  /** The applicant's own id: a pin or a tax code. */
  self: string
}

function parseAll(applicant: Applicant, sources: string[]): Source[] {
  if (!Array.isArray(sources)) throw unknownSource(String(sources))
  if (applicant.type === 'person') assertPin(applicant.pin, 'applicant.pin')
  else assertTaxCode(applicant.taxCode, 'applicant.taxCode')
  const parsed = [...new Set(sources)].map(parseSource)
  // A person has no business record of their own and a business no population record: refuse rather
  // than guess which business a person represents, or which person stands for a business.
  const wrong = parsed.find((s) => (applicant.type === 'person') !== (s.registry === 'population'))
  if (wrong) throw sourceNotApplicable(wrong.text)
  return parsed
}

function personValue(record: PersonRecord | undefined, attribute: string): string | null {
  if (!record) return null
  if (attribute === 'pin') return record.pin
  const value = (record.data as unknown as Record<string, unknown>)[attribute]
  return value === undefined || value === null ? null : String(value)
}

function businessValue(record: BusinessRecord | null, attribute: string): string | null {
  if (!record) return null
  if (attribute === 'taxCode') return record.taxCode
  const value = (record.data as unknown as Record<string, unknown>)[attribute]
  return value === undefined || value === null ? null : String(value)
}

/**
 * Who each subject is, seen from the applicant: `spouse` through the applicant's spousePin; `father`
 * and `mother` are the couple's parent of that gender, i.e. the applicant when of that gender, else the
 * spouse (how a parent registers their newborn). A subject nobody is recorded for resolves to null.
 */
async function resolve(
  db: Db | Tx,
  records: RecordReader,
  applicant: Applicant,
  sources: Source[],
  before?: (others: string[]) => void,
): Promise<Resolved> {
  const values: Record<string, string | null> = {}
  const reads = new Map<string, Set<string>>()
  const note = (id: string, attribute: string) => {
    const set = reads.get(id) ?? new Set<string>()
    set.add(attribute)
    reads.set(id, set)
  }
  if (applicant.type === 'business') {
    const record = sources.length ? await records.business(applicant.taxCode) : null
    for (const source of sources) {
      values[source.text] = businessValue(record, source.attribute)
      if (record) note(record.taxCode, source.attribute)
    }
    return { values, subjects: {}, reads, self: applicant.taxCode }
  }

  const self = sources.length ? await records.person(applicant.pin) : null
  const spousePin = self?.data.spousePin ?? null
  const pinOf = (subject: Subject): string | null => {
    if (!self) return null
    if (subject === 'applicant') return self.pin
    if (subject === 'spouse') return spousePin
    const gender = subject === 'father' ? 'male' : 'female'
    return self.data.gender === gender ? self.pin : spousePin
  }
  const wanted = [...new Set(sources.map((s) => s.subject))]
  const others = [...new Set(wanted.map(pinOf).filter((p): p is string => p !== null && p !== self?.pin))]
  before?.(others)
  const people = await getPeople(
    db,
    others.filter((p) => /^\d{12}$/.test(p)),
  )
  if (self) people.set(self.pin, self)
  const subjects: Partial<Record<Subject, string | null>> = {}
  for (const subject of wanted) {
    const pin = pinOf(subject)
    subjects[subject] = pin && people.has(pin) ? pin : null
  }
  for (const source of sources) {
    const pin = subjects[source.subject]
    const record = pin ? people.get(pin) : undefined
    values[source.text] = personValue(record, source.attribute)
    if (record) note(record.pin, source.attribute)
  }
  return { values, subjects, reads, self: applicant.pin }
}

/** Who was read and which attributes, and who vouched for consent when it was someone else. */
interface Read {
  subject: string
  attributes: string[]
  consentBy?: string | null
}

/** The access-log rows of reads made for one purpose, to write with the dossier they serve. */
export type AccessLog = (tx: Db | Tx, dossierCode?: string) => Write[]

function accessLogOf(reads: Read[], by: { purpose: string; requestedBy: string }): AccessLog {
  return (tx, dossierCode) =>
    reads.length === 0
      ? []
      : [
          tx.insert(registryAccessLog).values(
            reads.map((read) => ({
              subject: read.subject,
              attributes: read.attributes,
              purpose: by.purpose,
              requestedBy: by.requestedBy,
              dossierCode: dossierCode ?? null,
              consentBy: read.consentBy ?? null,
            })),
          ),
        ]
}

/**
 * Reads registry data to prefill a form, for a stated purpose, and records every read: one row of
 * registry_access_log per person (or business) read, with the attributes, purpose, requester, dossier
 * and consent, which the person sees in their data tracker.
 *
 * Consent: the applicant's own data needs none beyond their request. Data about anyone else (the
 * spouse, or a parent who is not the applicant) needs `consentBy`: under Law 91/2025 consent is given
 * by the person concerned (an adult's spouse cannot give it for them; only a child's data may be
 * consented to by the legal representative), so the caller must have that person's recorded consent and
 * name it here (their pin or a consent reference). Without it nothing about them is read: 403
 * CONSENT_REQUIRED. Sen cannot check the consent itself yet; it records who vouched for it.
 *
 * The caller writes the access log (`accessLog(tx, dossierCode)`) in the transaction that uses the
 * values: a submission reads before it takes a dossier code, and logs with the dossier. Should that
 * transaction roll back, nothing read went anywhere, and nothing is logged.
 */
export async function readForPrefill(
  db: Db,
  request: PrefillRequest,
  records: RecordReader = recordReader(db),
): Promise<PrefillResult & { accessLog: AccessLog }> {
  const purpose = typeof request.purpose === 'string' ? request.purpose.trim() : ''
  if (purpose.length < 5 || purpose.length > 500) throw purposeRequired()
  const requestedBy = typeof request.requestedBy === 'string' ? request.requestedBy.trim() : ''
  if (!requestedBy || requestedBy.length > 200) throw requesterRequired()
  const consentBy = request.consentBy?.trim() || null
  const sources = parseAll(request.applicant, request.sources)
  const resolved = await resolve(db, records, request.applicant, sources, (others) => {
    if (others.length > 0 && !consentBy) throw consentRequired()
  })
  const reads = [...resolved.reads].map(([subject, attributes]) => ({
    subject,
    attributes: [...attributes].sort(),
    consentBy: subject === resolved.self ? null : consentBy,
  }))
  return {
    values: resolved.values,
    subjects: resolved.subjects,
    accessLog: accessLogOf(reads, { purpose, requestedBy }),
  }
}

/** Where an applicant lives, or a business is registered, as the registries hold it. */
export interface Residence {
  provinceCode: string
  /** The person's commune; a business's representative's, when they live in its province. */
  communeCode: string | null
}

/**
 * Where the applicant lives (a business: its province, and its representative's commune when they
 * live there), read for a purpose and logged like every read: it decides which People's Committee
 * receives their dossier. Null when the registry has no record of the applicant. The caller writes
 * the log with the dossier it routes ({@link readForPrefill}).
 */
export async function readResidence(
  db: Db,
  request: { applicant: Applicant; purpose: string; requestedBy: string },
  records: RecordReader = recordReader(db),
): Promise<{ residence: Residence | null; accessLog: AccessLog }> {
  const reads: Read[] = []
  let residence: Residence | null = null
  if (request.applicant.type === 'person') {
    const person = await records.person(request.applicant.pin)
    if (person) {
      residence = { provinceCode: person.data.provinceCode, communeCode: person.data.communeCode }
      reads.push({ subject: person.pin, attributes: ['communeCode', 'provinceCode'] })
    }
  } else {
    const business = await records.business(request.applicant.taxCode)
    if (business) {
      reads.push({ subject: business.taxCode, attributes: ['provinceCode', 'representativePin'] })
      const representative = await records.person(business.data.representativePin)
      if (representative)
        reads.push({ subject: representative.pin, attributes: ['communeCode', 'provinceCode'] })
      residence = {
        provinceCode: business.data.provinceCode,
        communeCode:
          representative && representative.data.provinceCode === business.data.provinceCode
            ? representative.data.communeCode
            : null,
      }
    }
  }
  return { residence, accessLog: accessLogOf(reads, request) }
}

/**
 * A stable fingerprint of prefilled values (sha256 over their canonical JSON, RFC 8785): a dossier keeps
 * it with the form and checks, on submission, that the prefilled values were not altered (as FormSG does).
 */
export function prefillDigest(values: Record<string, string | null>): string {
  return createHash('sha256')
    .update(canonicalize(values) ?? '{}')
    .digest('hex')
}

/**
 * The submitted sources whose value differs from what the registry holds now (unknown sources: 400).
 * Nothing leaves the registry but the names of the mismatches, so this is not logged as a read and
 * asks for no consent; callers compare only what they prefilled through {@link readForPrefill}.
 */
export async function verifyPrefill(
  db: Db,
  input: { applicant: Applicant; submitted: Record<string, string> },
): Promise<string[]> {
  const names = Object.keys(input.submitted)
  const sources = parseAll(input.applicant, names)
  const { values } = await resolve(db, recordReader(db), input.applicant, sources)
  return names.filter((name) => (values[name] ?? '') !== (input.submitted[name] ?? ''))
}

/** Records that an official or a system read someone's registry data (a purpose is mandatory). */
export async function logRegistryAccess(
  db: Db | Tx,
  entry: Omit<AccessLogEntry, 'at' | 'dossierCode' | 'consentBy'> & {
    dossierCode?: string | null
    consentBy?: string | null
  },
): Promise<void> {
  if (entry.purpose.trim().length < 5) throw purposeRequired()
  await db.insert(registryAccessLog).values({
    subject: entry.subject,
    attributes: entry.attributes,
    purpose: entry.purpose.trim(),
    requestedBy: entry.requestedBy,
    dossierCode: entry.dossierCode ?? null,
    consentBy: entry.consentBy ?? null,
  })
}

/** Who read this person's (or business's) data, when and why, newest first: the data tracker. */
export async function accessLogFor(
  db: Db,
  subject: string,
  page: { page: number; pageSize: number } = { page: 1, pageSize: 50 },
): Promise<{ items: AccessLogEntry[]; total: number }> {
  const where = eq(registryAccessLog.subject, subject)
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(registryAccessLog)
      .where(where)
      .orderBy(desc(registryAccessLog.at), desc(registryAccessLog.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(registryAccessLog).where(where),
  ])
  return {
    items: rows.map((r) => ({
      at: iso(r.at)!,
      subject: r.subject,
      attributes: r.attributes,
      purpose: r.purpose,
      requestedBy: r.requestedBy,
      dossierCode: r.dossierCode,
      consentBy: r.consentBy,
    })),
    total: Number(count?.n ?? 0),
  }
}
