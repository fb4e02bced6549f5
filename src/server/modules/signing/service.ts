// The signing module's public face: other modules call these, never its tables.
export { DECISION_TYPE, signDecision, signJws, verifyDecision, verifyJws } from './jws.service'
export {
  hasKeyHolder,
  type KeyHolder,
  keyHolder,
  LocalKeyHolder,
  MASTER_KEY_ENV,
  resolveMasterKey,
  setKeyHolder,
} from './keyholder'
export {
  activeKey,
  certificateChain,
  certifySubsystemKey,
  ensureAgencyKey,
  ensureOfficialKey,
  ensureRootCa,
  ensureSubsystemKey,
  getKey,
  issueSignerKey,
  keyInfo,
  officialTitle,
  ROOT_CA_NAME,
  revokeKey,
  rootCertificatePem,
} from './keys.service'
export {
  type ResultSigning,
  type SignPdfInput,
  SUBFILTER,
  signPdf,
  signResultPdf,
  verifyPdf,
} from './pades.service'
export { NATIONAL_HEADER, renderResultPdf } from './pdf.service'
export type {
  JwsVerification,
  KeyInfo,
  OfficialRef,
  OwnerType,
  PdfSignatureCheck,
  PdfVerification,
  PdfVerificationStatus,
  ResultPdfInput,
  SignatureAlgorithm,
  SignerRef,
  SignerView,
} from './types'
