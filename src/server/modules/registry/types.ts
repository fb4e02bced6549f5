/** A person as the population registry holds them. */
export interface PersonData {
  fullName: string
  birthDate: string
  gender: 'male' | 'female'
  ethnicity: string
  nationality: string
  /** Permanent residence. */
  provinceCode: string
  communeCode: string
  address: string
  fatherPin?: string
  motherPin?: string
  spousePin?: string
  maritalStatus: 'single' | 'married' | 'divorced' | 'widowed'
  deceased?: boolean
  /** The day the source last confirmed the record (YYYY-MM-DD), when older than the version itself. */
  verifiedOn?: string
}

export interface BusinessData {
  name: string
  kind: 'company' | 'household'
  representativePin: string
  provinceCode: string
  address: string
  registeredOn: string
  status: 'active' | 'suspended' | 'dissolved'
}

/** One version of a registry record. The current version has validTo null. */
export interface RecordVersion<T> {
  version: number
  data: T
  source: string
  recordedBy: string | null
  validFrom: string
  validTo: string | null
}

export interface PersonRecord extends RecordVersion<PersonData> {
  pin: string
}

export interface BusinessRecord extends RecordVersion<BusinessData> {
  taxCode: string
}

/** Whose data a prefill is for: the person or the business that applies. */
export type Applicant = { type: 'person'; pin: string } | { type: 'business'; taxCode: string }

export const REGISTRIES = ['population', 'business'] as const
export type RegistryName = (typeof REGISTRIES)[number]
export const SUBJECTS = ['applicant', 'spouse', 'father', 'mother'] as const
export type Subject = (typeof SUBJECTS)[number]

export const POPULATION_ATTRIBUTES = [
  'pin',
  'fullName',
  'birthDate',
  'gender',
  'ethnicity',
  'nationality',
  'provinceCode',
  'communeCode',
  'address',
  'maritalStatus',
] as const
export type PopulationAttribute = (typeof POPULATION_ATTRIBUTES)[number]

export const BUSINESS_ATTRIBUTES = [
  'taxCode',
  'name',
  'kind',
  'address',
  'provinceCode',
  'representativePin',
] as const
export type BusinessAttribute = (typeof BUSINESS_ATTRIBUTES)[number]

/** A parsed x-source: `"<registry>.<subject>.<attribute>"`. */
export type Source =
  | { text: string; registry: 'population'; subject: Subject; attribute: PopulationAttribute }
  | { text: string; registry: 'business'; subject: 'applicant'; attribute: BusinessAttribute }

export interface PrefillRequest {
  applicant: Applicant
  /** x-source names, e.g. `population.spouse.fullName`. */
  sources: string[]
  /** Why the data is read (recorded with every read; shown to the person). */
  purpose: string
  /** Who reads: a user id, an agency system, a dossier service. */
  requestedBy: string
  /** Who consented to reading data about someone other than the applicant (a pin or a consent reference). */
  consentBy?: string
}

export interface PrefillResult {
  /** One value per requested source; null when the registry holds nothing for it. */
  values: Record<string, string | null>
  /** The pin each population subject resolved to (null: no such person recorded). */
  subjects: Partial<Record<Subject, string | null>>
}

export interface AccessLogEntry {
  at: string
  subject: string
  attributes: string[]
  purpose: string
  requestedBy: string
  dossierCode: string | null
  consentBy: string | null
}

export const PRINCIPLES = ['correct', 'complete', 'clean', 'live', 'unified'] as const
export type Principle = (typeof PRINCIPLES)[number]

export interface PrincipleResult {
  checked: number
  failing: number
  samples: { pin: string; reason: string }[]
}

export interface QualityReport {
  scope: { provinceCode: string | null; communeCode: string | null }
  /** The rule set applied (config/vn/registry-quality-rules.json). */
  rulesEffectiveFrom: string
  principles: Record<Principle, PrincipleResult>
}
