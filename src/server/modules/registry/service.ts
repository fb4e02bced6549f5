// The registry module's public face: other modules call these, never its tables.

export {
  type AccessLog,
  accessLogFor,
  logRegistryAccess,
  prefillDigest,
  readForPrefill,
  readResidence,
  verifyPrefill,
} from './prefill.service'
export { dataQualityReport } from './quality.service'
export {
  type AgeReached,
  assertPin,
  assertTaxCode,
  businessHistory,
  countRecords,
  getBusiness,
  getPeople,
  getPerson,
  insertBusinessesBatch,
  insertPeopleBatch,
  PIN,
  peopleReachingAge,
  personHistory,
  pinSerialsInUse,
  type RecordReader,
  recordBusiness,
  recordPerson,
  recordReader,
  registerBirth,
  TAX_CODE,
  taxSerialsInUse,
} from './records.service'
export { isKnownSource, parseSource } from './sources'
export type {
  BusinessData,
  PersonData,
  PersonRecord,
  QualityReport,
} from './types'
