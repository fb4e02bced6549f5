import { type Static, type TObject, Type } from 'typebox'
import { Nullable } from '../../schemas'

// Every domain event Sen publishes, with the schema of its payload: the one list that publishers
// and subscribers share (docs/architecture.md lists them too). A payload tells what changed, by
// ids and codes; personal data stays in its module, to be read there with a purpose.

const DossierCode = Type.String({ minLength: 1, maxLength: 40 })
const AgencyId = Type.String({ minLength: 1, maxLength: 32 })
const Uuid = Type.String({ format: 'uuid' })
const Instant = Type.String({ format: 'date-time' })

export const eventSchemas = {
  /** An application was filed online. */
  'dossier.submitted': Type.Object({
    code: DossierCode,
    procedureCode: Type.String(),
    procedureVersion: Type.Integer(),
    applicantUserId: Uuid,
    applicantType: Type.Union([Type.Literal('person'), Type.Literal('business')]),
    receivingAgencyId: AgencyId,
    competentAgencyId: AgencyId,
    provinceCode: Type.String(),
    status: Type.String(),
    submittedAt: Instant,
    dueAt: Instant,
    documents: Type.Integer({ minimum: 0 }),
  }),
  /** A workflow action was taken on a dossier (accept, assign, approve, pay, apologise, …). */
  'dossier.action_taken': Type.Object({
    code: DossierCode,
    action: Type.String(),
    fromStatus: Type.String(),
    toStatus: Type.String(),
    actorId: Nullable(Uuid),
    role: Type.String(),
    competentAgencyId: AgencyId,
    at: Instant,
  }),
  /** A dossier was still new past its 8 working hours for reception; its reception desk was alerted. */
  'dossier.reception_overdue': Type.Object({
    code: DossierCode,
    procedureCode: Type.String(),
    receivingAgencyId: AgencyId,
    competentAgencyId: AgencyId,
    receptionDueAt: Instant,
    /** How many reception officials were told. */
    alerted: Type.Integer({ minimum: 0 }),
  }),
  /** A dossier's signed result was filed in the applicant's wallet (with the approval). */
  'dossier.result_issued': Type.Object({
    code: DossierCode,
    procedureCode: Type.String(),
    competentAgencyId: AgencyId,
    documentId: Uuid,
    documentCode: Type.String(),
  }),
  /** A fee was asked for. */
  'payment.requested': Type.Object({
    dossierCode: DossierCode,
    paymentId: Uuid,
    amountVnd: Type.Integer({ minimum: 0 }),
  }),
  /** The payment provider confirmed a payment; its receipt is in the payer's wallet. */
  'payment.settled': Type.Object({
    dossierCode: DossierCode,
    paymentId: Uuid,
    amountVnd: Type.Integer({ minimum: 0 }),
    receiptDocumentId: Uuid,
  }),
  /** The payment provider reported a payment that failed; the request stays closed. */
  'payment.failed': Type.Object({ dossierCode: DossierCode, paymentId: Uuid }),
  /** The applicant rated the service of a decided dossier. */
  'feedback.rating_given': Type.Object({
    dossierCode: DossierCode,
    agencyId: AgencyId,
    procedureCode: Type.String(),
    score: Type.Union([Type.Literal('satisfied'), Type.Literal('acceptable'), Type.Literal('dissatisfied')]),
  }),
  /** A document entered a wallet: issued by an agency, digitised from paper, or uploaded. */
  'wallet.document_added': Type.Object({
    documentId: Uuid,
    type: Type.String(),
    source: Type.Union([Type.Literal('issued'), Type.Literal('digitised'), Type.Literal('uploaded')]),
    ownerType: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
    issuerAgencyId: Nullable(AgencyId),
    dossierCode: Nullable(DossierCode),
  }),
  /** A wallet document was attached to a dossier by reference instead of being sent again. */
  'wallet.document_used': Type.Object({
    documentId: Uuid,
    dossierCode: DossierCode,
    usedBy: AgencyId,
  }),
  /** A procedure got a new version (it takes effect on its date). */
  'catalog.procedure_version_created': Type.Object({
    procedureCode: Type.String(),
    version: Type.Integer(),
    effectiveFrom: Type.String(),
    published: Type.Boolean(),
  }),
  /** A task assigned by the Government or the Prime Minister was recorded for a lead agency. */
  'governance.task_assigned': Type.Object({
    taskId: Uuid,
    leadAgencyId: AgencyId,
    assignerAgencyId: AgencyId,
    deadline: Type.String({ format: 'date' }),
  }),
  /** The lead agency reported a task's progress. */
  'governance.task_progress_reported': Type.Object({
    taskId: Uuid,
    leadAgencyId: AgencyId,
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
  /** The assigning agency granted or refused a task's extension request. */
  'governance.task_extension_decided': Type.Object({
    taskId: Uuid,
    leadAgencyId: AgencyId,
    decision: Type.Union([Type.Literal('granted'), Type.Literal('refused')]),
    deadline: Type.String({ format: 'date' }),
  }),
  /** The assigning agency evaluated a task, which closes it. */
  'governance.task_evaluated': Type.Object({
    taskId: Uuid,
    leadAgencyId: AgencyId,
    evaluation: Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('not_done')]),
  }),
  /** A suggestion was delivered to a person at a life event (in app, and by e-mail where known). */
  'proactive.suggestion_delivered': Type.Object({
    suggestionId: Uuid,
    triggerId: Type.String(),
    lifeEvent: Type.String(),
    kind: Type.Union([Type.Literal('rule'), Type.Literal('learned')]),
    agencyId: AgencyId,
    procedureCodes: Type.Array(Type.String()),
  }),
  /** A suggestion got its outcome: accepted (with the dossier filed), dismissed or expired. */
  'proactive.suggestion_decided': Type.Object({
    suggestionId: Uuid,
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('dismissed'), Type.Literal('expired')]),
    agencyId: AgencyId,
    dossierCode: Nullable(DossierCode),
  }),
  /** A provider subsystem published a service on the data-exchange gateway. */
  'exchange.service_published': Type.Object({
    serviceId: Type.String(),
    providerMemberId: Type.String(),
    personalData: Type.Boolean(),
  }),
  /** A provider granted a client subsystem access to one of its services. */
  'exchange.grant_created': Type.Object({
    grantId: Uuid,
    serviceId: Type.String(),
    clientId: Type.String(),
    method: Type.String(),
    pathPattern: Type.String(),
    expiresAt: Instant,
    agreementId: Nullable(Uuid),
  }),
  /** A provider withdrew a grant: calls under it are refused from its commit on. */
  'exchange.grant_withdrawn': Type.Object({
    grantId: Uuid,
    serviceId: Type.String(),
    clientId: Type.String(),
  }),
  /** A data-sharing agreement between a provider and a consumer was recorded. */
  'exchange.agreement_created': Type.Object({
    agreementId: Uuid,
    providerMemberId: Type.String(),
    consumerMemberId: Type.String(),
    validUntil: Instant,
  }),
  /** A dataset was created (a draft, or one of Sen's own). */
  'opendata.dataset_created': Type.Object({
    datasetId: Uuid,
    agencyId: AgencyId,
    slug: Type.String(),
    version: Type.Integer(),
  }),
  /** A dataset was published: its first version is in the public catalogue. */
  'opendata.dataset_published': Type.Object({
    datasetId: Uuid,
    agencyId: AgencyId,
    slug: Type.String(),
    version: Type.Integer(),
  }),
  /** A published dataset got a new version (metadata or data changed). */
  'opendata.dataset_updated': Type.Object({
    datasetId: Uuid,
    agencyId: AgencyId,
    slug: Type.String(),
    version: Type.Integer(),
  }),
  /** A published dataset was withdrawn: it is no longer in the catalogue. */
  'opendata.dataset_withdrawn': Type.Object({
    datasetId: Uuid,
    agencyId: AgencyId,
    slug: Type.String(),
    version: Type.Integer(),
  }),
  /** A reporting regime was registered by the agency that receives its reports. */
  'governance.reporting_regime_registered': Type.Object({
    regimeId: Uuid,
    code: Type.String(),
    recipientAgencyId: AgencyId,
    period: Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('yearly')]),
  }),
  /** A reporter submitted its report for a period of a regime. */
  'governance.report_submitted': Type.Object({
    regimeId: Uuid,
    submissionId: Uuid,
    agencyId: AgencyId,
    period: Type.String(),
    late: Type.Boolean(),
  }),
  /** An agency recorded or changed one staff member (what they count for; never the name). */
  'governance.staff_recorded': Type.Object({
    staffId: Uuid,
    agencyId: AgencyId,
    itStaff: Type.Boolean(),
    leader: Type.Boolean(),
  }),
  'governance.staff_updated': Type.Object({
    staffId: Uuid,
    agencyId: AgencyId,
    itStaff: Type.Boolean(),
    leader: Type.Boolean(),
  }),
  /** A staff spreadsheet was imported whole (`agencyId`: the importing agency's). */
  'governance.staff_imported': Type.Object({
    importId: Uuid,
    agencyId: AgencyId,
    rows: Type.Integer({ minimum: 1 }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
  }),
} satisfies Record<string, TObject>

export type EventName = keyof typeof eventSchemas
export type EventPayload<N extends EventName> = Static<(typeof eventSchemas)[N]>

/** An event as a subscriber receives it. */
export type DomainEvent<N extends EventName = EventName> = {
  [K in N]: {
    /** Its place in the feed (unique; not the order subscribers receive events in: see feed.service.ts). */
    id: number
    name: K
    payload: EventPayload<K>
    at: Date
  }
}[N]

export const eventNames = Object.keys(eventSchemas) as EventName[]
