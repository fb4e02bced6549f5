import { createHash } from 'node:crypto'
// The proactive module's public face: life events turned into suggestions, their outcomes, and the
// counts the dashboard reads. Other modules call these, never its tables.
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
import {
  type DueProcedure,
  type LifeEventTrigger,
  lifeEventTriggers,
  type TriggerWhen,
} from '../../country/life-events'
import type { Db, Tx } from '../../db'
import { writeTogether } from '../../db/together'
import { appendAudit } from '../audit/service'
import { workingCalendar } from '../calendar/service'
import { catalogFacts, getProcedure, lifeEvents } from '../catalog/service'
import { proceduresFiledBy, procedureTransitions, submitDossier } from '../dossiers/service'
import { type DomainEvent, publish, subscribe } from '../events/service'
import { accountsOfPeople, accountsOfPerson, emailsOf, type Principal } from '../identity/service'
import { notify } from '../notify/service'
import { type AgeReached, logRegistryAccess, peopleReachingAge } from '../registry/service'
import { getDocument, type WalletDocument } from '../wallet/service'
import { noOneStepFiling, suggestionClosed, suggestionNotFound } from './errors'
import { optOuts, suggestions, transitions } from './schema'
import type {
  AcceptInput,
  LearnedPage,
  Outcome,
  SuggestedProcedure,
  SuggestionPrefill,
  SuggestionsPage,
  SuggestionView,
} from './types'

/** Where a suggestion is shown in the web app (the link of its notice and e-mail). */
export const SUGGESTIONS_PAGE = '/suggestions'

/** How long a suggestion without a legal deadline stays open before it expires. */
const OPEN_DAYS_WITHOUT_DEADLINE = 90
/** A reminder goes out this many days before a deadline (once). */
const REMIND_DAYS_BEFORE = 7

const localDay = (at: Date = new Date()) => workingCalendar().localDay(at)

/** `day` plus `days` calendar days (legal deadlines of civil status count calendar days). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** What a trigger's deadlines count from, for one occurrence. */
export interface Occurrence {
  /** Names the occurrence: a trigger fires once per source key. */
  sourceKey: string
  /** The day the trigger fired (today, or the event's day). */
  day: string
  birth?: string
  birthday?: string
  expiry?: string
  /** The wallet document that started it (attached to the one-step filing). */
  document?: WalletDocument
}

/** Whom a suggestion is for: a citizen account, where it lives. */
interface Recipient {
  userId: string
  email: string | null
  communeCode: string | null
}

function deadlineOf(due: DueProcedure, occurrence: Occurrence): string | null {
  if (due.deadlineDays === null) return null
  const from = due.from === 'trigger' ? occurrence.day : occurrence[due.from]
  return from ? addDays(from, due.deadlineDays) : null
}

/** Form data a trigger's document already holds (a hospital's birth notice: the child's birth). */
function prefillOf(trigger: LifeEventTrigger, occurrence: Occurrence): SuggestionPrefill | null {
  if (!trigger.offer) return null
  const documents = Object.entries(trigger.offer.attach ?? {}).flatMap(([requirementId, what]) =>
    what === 'trigger' && occurrence.document
      ? [{ requirementId, walletDocumentId: occurrence.document.id }]
      : [],
  )
  const known = occurrence.document?.data ?? {}
  const child: Record<string, unknown> = {}
  for (const field of ['birthDate', 'gender', 'birthPlace'] as const)
    if (typeof known[field] === 'string') child[field] = known[field]
  if (!child.birthDate && occurrence.birth && trigger.lifeEvent === 'birth')
    child.birthDate = occurrence.birth
  return { data: { ...(Object.keys(child).length ? { child } : {}), receiveBy: 'online' }, documents }
}

/**
 * Delivers one trigger's suggestion to each of the person's accounts that has not opted out: the
 * row, an in-app notice and e-mail, an audit event and a domain event, in the caller's transaction.
 * A source already suggested is left alone (the worker may hand an event over twice).
 */
export async function deliverSuggestion(
  tx: Tx,
  trigger: LifeEventTrigger,
  recipients: Recipient[],
  occurrence: Occurrence,
  options: { kind?: 'rule' | 'learned'; reason?: string | null; reasonEn?: string | null } = {},
): Promise<string[]> {
  if (recipients.length === 0) return []
  const out = new Set(
    (
      await tx
        .select({ userId: optOuts.userId })
        .from(optOuts)
        .where(
          inArray(
            optOuts.userId,
            recipients.map((r) => r.userId),
          ),
        )
    ).map((r) => r.userId),
  )
  const procedures: SuggestedProcedure[] = []
  for (const due of trigger.procedures) {
    const procedure = await getProcedure(tx, due.code).catch(() => null)
    if (!procedure) continue // not in force (yet, or any more): nothing to suggest for it
    procedures.push({
      code: due.code,
      name: procedure.name,
      nameEn: procedure.nameEn,
      deadline: deadlineOf(due, occurrence),
      legalBasis: due.legalBasis,
      legalBasisEn: due.legalBasisEn,
    })
  }
  if (procedures.length === 0) return []
  const deadlines = procedures.map((p) => p.deadline).filter((d): d is string => d !== null)
  const dueOn = deadlines.sort()[0] ?? null
  const delivered: string[] = []
  for (const recipient of recipients) {
    if (out.has(recipient.userId)) continue
    const agencyId = recipient.communeCode ? `X${recipient.communeCode}` : 'G00'
    const [row] = await tx
      .insert(suggestions)
      .values({
        userId: recipient.userId,
        agencyId,
        triggerId: trigger.id,
        lifeEvent: trigger.lifeEvent,
        // One suggestion per account and source: two parents' accounts each get theirs.
        sourceKey: `${occurrence.sourceKey}:${recipient.userId}`,
        kind: options.kind ?? 'rule',
        reason: options.reason ?? null,
        reasonEn: options.reasonEn ?? null,
        procedures,
        offerCode: trigger.offer?.procedureCode ?? null,
        prefill: prefillOf(trigger, occurrence),
        dueOn,
      })
      .onConflictDoNothing()
      .returning({ id: suggestions.id })
    if (!row) continue
    const deadline = dueOn
      ? { vi: ` Hạn theo quy định: ${formatDay(dueOn)}.`, en: ` Legal deadline: ${dueOn}.` }
      : { vi: '', en: '' }
    await writeTogether(tx, [
      ...notify(tx, {
        userId: recipient.userId,
        email: recipient.email,
        title: { vi: trigger.title, en: trigger.titleEn },
        body: { vi: `${trigger.body}${deadline.vi}`, en: `${trigger.bodyEn}${deadline.en}` },
        link: SUGGESTIONS_PAGE,
      }).writes,
      appendAudit(tx, {
        actorId: null,
        action: 'proactive.suggestion_delivered',
        entity: 'proactive_suggestion',
        entityId: row.id,
        data: { triggerId: trigger.id, userId: recipient.userId, procedures: procedures.map((p) => p.code) },
      }),
      publish(tx, {
        name: 'proactive.suggestion_delivered',
        payload: {
          suggestionId: row.id,
          triggerId: trigger.id,
          lifeEvent: trigger.lifeEvent,
          kind: options.kind ?? 'rule',
          agencyId,
          procedureCodes: procedures.map((p) => p.code),
        },
      }),
    ])
    delivered.push(row.id)
  }
  return delivered
}

const formatDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

/** The triggers of `day` that a domain event fires. */
function triggersFor(event: DomainEvent<'wallet.document_added' | 'dossier.result_issued'>, day: string) {
  return lifeEventTriggers(day).filter((trigger) => {
    const when = trigger.when
    if (event.name === 'wallet.document_added')
      return when.on === 'wallet.document_added' && when.documentType === event.payload.type
    return when.on === 'dossier.result_issued' && when.procedureCode === event.payload.procedureCode
  })
}

/** Reacts to a document entering a wallet or a result issued: the life events they start. */
async function onLifeEvent(event: DomainEvent<'wallet.document_added' | 'dossier.result_issued'>, tx: Tx) {
  const day = localDay(event.at)
  const triggers = triggersFor(event, day)
  // A result issued may bring what others did next even where no rule names it.
  if (triggers.length === 0 && event.name !== 'dossier.result_issued') return
  if (event.name === 'wallet.document_added' && event.payload.ownerType !== 'person') return
  const document = await getDocument(tx, event.payload.documentId)
  if (document.owner.type !== 'person' || document.status !== 'valid') return
  const recipients = await accountsOfPerson(tx, document.owner.id)
  const known = document.data ?? {}
  const birth =
    typeof known.birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(known.birthDate)
      ? known.birthDate
      : localDay(new Date(document.issuedAt))
  const occurrence = { sourceKey: `wallet:${document.id}`, day, birth, document }
  for (const trigger of triggers) await deliverSuggestion(tx, trigger, recipients, occurrence)
  if (event.name === 'dossier.result_issued') {
    const named = new Set(triggers.flatMap((t) => t.procedures.map((p) => p.code)))
    await suggestWhatOthersDid(tx, event.payload.procedureCode, recipients, occurrence, named)
  }
}

/**
 * How learned suggestions are made: transitions within 90 days, of at least 5 people (so that a
 * count never points at anyone), followed by at least 30% of those who filed the first procedure;
 * at most two per result.
 */
export const LEARNING = { withinDays: 90, minPeople: 5, minShare: 0.3, most: 2 } as const

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1)

/**
 * After a result of `from`, suggests what most people who filed it then filed (the learned
 * transitions), with the reason in counts; not what a rule just suggested, nor what the person
 * has filed already.
 */
async function suggestWhatOthersDid(
  tx: Tx,
  from: string,
  recipients: Recipient[],
  occurrence: Occurrence,
  named: Set<string>,
) {
  if (recipients.length === 0) return
  const next = (
    await tx
      .select()
      .from(transitions)
      .where(eq(transitions.fromCode, from))
      .orderBy(desc(transitions.people))
  )
    .filter((t) => t.people / t.fromPeople >= LEARNING.minShare && !named.has(t.toCode))
    .slice(0, LEARNING.most)
  if (next.length === 0) return
  const first = await getProcedure(tx, from).catch(() => null)
  if (!first) return
  const filed = await proceduresFiledBy(
    tx,
    recipients.map((r) => r.userId),
  )
  for (const t of next) {
    const to = await getProcedure(tx, t.toCode).catch(() => null)
    if (!to) continue
    const share = Math.round((100 * t.people) / t.fromPeople)
    const most = t.people * 2 > t.fromPeople
    const reason = {
      vi: `${most ? 'Phần lớn' : 'Nhiều'} người đã làm thủ tục «${first.name}» sau đó làm thủ tục «${to.name}» trong vòng ${t.withinDays} ngày (${t.people} trên ${t.fromPeople} người, ${share}%).`,
      en: `${most ? 'Most' : 'Many'} people who applied for “${lowerFirst(first.nameEn)}” then applied for “${lowerFirst(to.nameEn)}” within ${t.withinDays} days (${t.people} of ${t.fromPeople}, ${share}%).`,
    }
    const trigger: LifeEventTrigger = {
      id: `learned:${from}:${t.toCode}`,
      lifeEvent: first.lifeEvents[0] ?? to.lifeEvents[0] ?? 'learned',
      when: { on: 'dossier.result_issued', procedureCode: from },
      title: `Gợi ý tiếp theo: ${to.name}`,
      titleEn: `What next: ${to.nameEn}`,
      body: reason.vi,
      bodyEn: reason.en,
      procedures: [{ code: t.toCode, deadlineDays: null, from: 'trigger', legalBasis: '', legalBasisEn: '' }],
    }
    const who = recipients.filter((r) => !filed.get(r.userId)?.has(t.toCode))
    await deliverSuggestion(tx, trigger, who, occurrence, {
      kind: 'learned',
      reason: reason.vi,
      reasonEn: reason.en,
    })
  }
}

/**
 * The daily learning pass: the transitions between procedures, counted over the history of
 * dossiers (in the database, never per request), replace those learned before.
 */
export async function learnTransitions(db: Db, now = new Date()): Promise<{ transitions: number }> {
  const learned = await procedureTransitions(db, {
    withinDays: LEARNING.withinDays,
    minPeople: LEARNING.minPeople,
    now,
  })
  await db.transaction(async (tx) => {
    await tx.delete(transitions)
    for (let i = 0; i < learned.length; i += 1000)
      await tx.insert(transitions).values(
        learned.slice(i, i + 1000).map((t) => ({
          fromCode: t.from,
          toCode: t.to,
          people: t.people,
          fromPeople: t.fromPeople,
          withinDays: LEARNING.withinDays,
          computedAt: now,
        })),
      )
  })
  return { transitions: learned.length }
}

/**
 * The learned transitions with how their suggestions fared: delivered, accepted, decided, and the
 * acceptance rate (accepted over decided). Counts only: for leaders and administrators.
 */
export async function learnedSuggestions(db: Db): Promise<LearnedPage> {
  const [rows, outcomes] = await Promise.all([
    db.select().from(transitions).orderBy(asc(transitions.fromCode), desc(transitions.people)),
    db
      .select({
        triggerId: suggestions.triggerId,
        delivered: sql<number>`count(*)::int`,
        accepted: sql<number>`(count(*) filter (where ${suggestions.status} = 'accepted'))::int`,
        decided: sql<number>`(count(*) filter (where ${suggestions.status} <> 'delivered'))::int`,
      })
      .from(suggestions)
      .where(eq(suggestions.kind, 'learned'))
      .groupBy(suggestions.triggerId),
  ])
  const byTrigger = new Map(outcomes.map((o) => [o.triggerId, o]))
  const names = new Map((await catalogFacts(db)).map((f) => [f.code, f.name] as const))
  const rate = (o: { accepted: number; decided: number }) => (o.decided > 0 ? o.accepted / o.decided : null)
  const items = rows.map((t) => {
    const o = byTrigger.get(`learned:${t.fromCode}:${t.toCode}`) ?? { delivered: 0, accepted: 0, decided: 0 }
    return {
      from: t.fromCode,
      fromName: names.get(t.fromCode) ?? t.fromCode,
      to: t.toCode,
      toName: names.get(t.toCode) ?? t.toCode,
      people: t.people,
      fromPeople: t.fromPeople,
      share: t.people / t.fromPeople,
      withinDays: t.withinDays,
      suggested: t.people / t.fromPeople >= LEARNING.minShare,
      delivered: o.delivered,
      accepted: o.accepted,
      decided: o.decided,
      acceptance: rate(o),
    }
  })
  const total = outcomes.reduce(
    (sum, o) => ({
      delivered: sum.delivered + o.delivered,
      accepted: sum.accepted + o.accepted,
      decided: sum.decided + o.decided,
    }),
    { delivered: 0, accepted: 0, decided: 0 },
  )
  return {
    computedAt: rows[0]?.computedAt.toISOString() ?? null,
    rules: { ...LEARNING },
    items,
    total: { ...total, acceptance: rate(total) },
  }
}

/**
 * A dossier filed accepts the oldest open suggestion of the applicant, made before the filing, that
 * named its procedure: one suggestion per dossier (one confirmed in one step has it already), and
 * never one made after the filing (the worker may hand the event over later).
 */
async function onSubmitted(event: DomainEvent<'dossier.submitted'>, tx: Tx) {
  const { applicantUserId, code, procedureCode, submittedAt } = event.payload
  const [already] = await tx
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(eq(suggestions.dossierCode, code))
    .limit(1)
  if (already) return
  const open = await tx
    .select({ id: suggestions.id, agencyId: suggestions.agencyId })
    .from(suggestions)
    .where(
      and(
        eq(suggestions.userId, applicantUserId),
        eq(suggestions.status, 'delivered'),
        lte(suggestions.createdAt, new Date(submittedAt)),
        sql`${suggestions.procedures} @> ${JSON.stringify([{ code: procedureCode }])}::jsonb`,
      ),
    )
    .orderBy(asc(suggestions.createdAt))
    .limit(1)
  const row = open[0]
  if (row) await decide(tx, row.id, row.agencyId, 'accepted', code, applicantUserId)
}

export const proactiveSubscriptions = [
  subscribe('proactive.life-events', ['wallet.document_added', 'dossier.result_issued'], onLifeEvent),
  subscribe('proactive.outcomes', ['dossier.submitted'], onSubmitted),
]

/** Records an outcome (once: a suggestion decided already stays as it is). */
async function decide(
  tx: Tx | Db,
  id: string,
  agencyId: string,
  outcome: Exclude<Outcome, 'delivered'>,
  dossierCode: string | null,
  actorId: string | null,
  at = new Date(),
): Promise<boolean> {
  const [row] = await tx
    .update(suggestions)
    .set({ status: outcome, dossierCode, decidedAt: at })
    .where(and(eq(suggestions.id, id), eq(suggestions.status, 'delivered')))
    .returning({ id: suggestions.id })
  if (!row) return false
  await writeTogether(tx, [
    appendAudit(tx, {
      actorId,
      action: `proactive.suggestion_${outcome}`,
      entity: 'proactive_suggestion',
      entityId: id,
      data: { dossierCode },
    }),
    publish(tx, {
      name: 'proactive.suggestion_decided',
      payload: { suggestionId: id, outcome, agencyId, dossierCode },
    }),
  ])
  return true
}

type SuggestionRow = typeof suggestions.$inferSelect

function toView(row: SuggestionRow): SuggestionView {
  const trigger = lifeEventTriggers(localDay(row.createdAt)).find((t) => t.id === row.triggerId)
  const event = lifeEvents().find((e) => e.id === row.lifeEvent)
  const offered = row.offerCode ? row.procedures.find((p) => p.code === row.offerCode) : undefined
  return {
    id: row.id,
    lifeEvent: row.lifeEvent,
    lifeEventName: event?.name ?? row.lifeEvent,
    lifeEventNameEn: event?.nameEn ?? row.lifeEvent,
    kind: row.kind,
    // A learned suggestion has no trigger in the file: its title is what it names, its body the reason.
    title:
      trigger?.title ??
      (row.kind === 'learned' ? `Gợi ý tiếp theo: ${row.procedures[0]?.name}` : (event?.name ?? '')),
    titleEn:
      trigger?.titleEn ??
      (row.kind === 'learned' ? `What next: ${row.procedures[0]?.nameEn}` : (event?.nameEn ?? '')),
    body: trigger?.body ?? row.reason ?? '',
    bodyEn: trigger?.bodyEn ?? row.reasonEn ?? '',
    reason: row.reason,
    reasonEn: row.reasonEn ?? row.reason,
    procedures: row.procedures,
    offer:
      row.offerCode && offered
        ? {
            procedureCode: row.offerCode,
            name: offered.name,
            nameEn: offered.nameEn,
            prefill: row.prefill ?? { data: {}, documents: [] },
          }
        : null,
    dueOn: row.dueOn,
    status: row.status,
    dossierCode: row.dossierCode,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  }
}

/** The person's suggestions, open ones first (by deadline), then the decided, newest first. */
export async function listSuggestions(
  db: Db,
  principal: Principal,
  query: { status?: Outcome } = {},
): Promise<SuggestionsPage> {
  const [rows, out] = await Promise.all([
    db
      .select()
      .from(suggestions)
      .where(
        and(
          eq(suggestions.userId, principal.userId),
          query.status ? eq(suggestions.status, query.status) : undefined,
        ),
      )
      .orderBy(
        sql`case when ${suggestions.status} = 'delivered' then 0 else 1 end`,
        asc(sql`coalesce(${suggestions.dueOn}, '9999-12-31')`),
        desc(suggestions.createdAt),
      )
      .limit(200),
    db.select({ userId: optOuts.userId }).from(optOuts).where(eq(optOuts.userId, principal.userId)),
  ])
  return { items: rows.map(toView), optedOut: out.length > 0 }
}

async function ownSuggestion(db: Db, principal: Principal, id: string): Promise<SuggestionRow> {
  const [row] = await db.select().from(suggestions).where(eq(suggestions.id, id))
  // Someone else's suggestion is answered as one that does not exist.
  if (!row || row.userId !== principal.userId) throw suggestionNotFound()
  return row
}

/** Deep merge of plain objects: what the citizen adds on top of what was prefilled. */
function merged(base: Record<string, unknown>, added: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(added)) {
    const before = out[key]
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object'
        ? merged(before as Record<string, unknown>, value as Record<string, unknown>)
        : value
  }
  return out
}

/**
 * Confirms a suggestion in one step: files its offered dossier through the dossiers service (the
 * prefill merged with what the citizen adds, its registry prefill and checks as any filing), then
 * records it accepted. Filing is idempotent per suggestion: a second confirmation gets the same dossier.
 */
export async function acceptSuggestion(
  db: Db,
  principal: Principal,
  id: string,
  input: AcceptInput,
): Promise<{ suggestion: SuggestionView; dossierCode: string }> {
  const row = await ownSuggestion(db, principal, id)
  if (row.status === 'accepted' && row.dossierCode)
    return { suggestion: toView(row), dossierCode: row.dossierCode }
  if (row.status !== 'delivered') throw suggestionClosed(row.status)
  if (!row.offerCode) throw noOneStepFiling()
  const prefill = row.prefill ?? { data: {}, documents: [] }
  const { dossier } = await submitDossier(
    db,
    principal,
    {
      procedureCode: row.offerCode,
      data: merged(prefill.data, input.data ?? {}),
      documents: prefill.documents,
      ...(input.consent !== undefined ? { consent: input.consent } : {}),
    },
    `proactive-${row.id}`,
  )
  await db.transaction((tx) => decide(tx, row.id, row.agencyId, 'accepted', dossier.code, principal.userId))
  return { suggestion: toView(await ownSuggestion(db, principal, id)), dossierCode: dossier.code }
}

/** The person says no to a suggestion. */
export async function dismissSuggestion(db: Db, principal: Principal, id: string): Promise<SuggestionView> {
  const row = await ownSuggestion(db, principal, id)
  if (row.status !== 'delivered') throw suggestionClosed(row.status)
  await db.transaction((tx) => decide(tx, row.id, row.agencyId, 'dismissed', null, principal.userId))
  return toView(await ownSuggestion(db, principal, id))
}

/** Opts the person out of suggestions (or back in). Suggestions already made stay, with their outcomes. */
export async function setOptOut(
  db: Db,
  principal: Principal,
  optedOut: boolean,
): Promise<{ optedOut: boolean }> {
  await db.transaction(async (tx) => {
    const changed = optedOut
      ? await tx.insert(optOuts).values({ userId: principal.userId }).onConflictDoNothing().returning()
      : await tx.delete(optOuts).where(eq(optOuts.userId, principal.userId)).returning()
    if (changed.length > 0)
      await appendAudit(tx, {
        actorId: principal.userId,
        action: optedOut ? 'proactive.opted_out' : 'proactive.opted_in',
        entity: 'user',
        entityId: principal.userId,
      })
  })
  return { optedOut }
}

/**
 * The daily pass over open suggestions: one reminder a week before a deadline, and expiry once the
 * deadline has passed (or, without one, after 90 days). Returns what it did.
 */
export async function remindAndExpire(
  db: Db,
  now = new Date(),
): Promise<{ reminded: number; expired: number }> {
  const today = localDay(now)
  const stale = new Date(now.getTime() - OPEN_DAYS_WITHOUT_DEADLINE * 24 * 3600_000)
  const ending = await db
    .select({ id: suggestions.id, agencyId: suggestions.agencyId })
    .from(suggestions)
    .where(
      and(
        eq(suggestions.status, 'delivered'),
        sql`(${suggestions.dueOn} < ${today} or (${suggestions.dueOn} is null and ${suggestions.createdAt} < ${stale}))`,
      ),
    )
  let expired = 0
  for (const row of ending)
    if (await db.transaction((tx) => decide(tx, row.id, row.agencyId, 'expired', null, null, now))) expired++
  // Someone who opted out is not reminded either (their suggestions stay, with their outcomes).
  const soon = await db
    .select()
    .from(suggestions)
    .where(
      and(
        eq(suggestions.status, 'delivered'),
        isNull(suggestions.remindedAt),
        lte(suggestions.dueOn, addDays(today, REMIND_DAYS_BEFORE)),
        sql`not exists (select 1 from ${optOuts} where ${optOuts.userId} = ${suggestions.userId})`,
      ),
    )
  const emails = await emailsOf(db, [...new Set(soon.map((row) => row.userId))])
  let reminded = 0
  for (const row of soon) {
    const view = toView(row)
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(suggestions)
        .set({ remindedAt: now })
        .where(and(eq(suggestions.id, row.id), isNull(suggestions.remindedAt)))
        .returning({ id: suggestions.id })
      if (!claimed) return false
      await notify(tx, {
        userId: row.userId,
        email: emails.get(row.userId) ?? null,
        title: { vi: `Sắp đến hạn: ${view.title}`, en: `Deadline soon: ${view.titleEn}` },
        body: {
          vi: `Hạn theo quy định là ${formatDay(row.dueOn!)}: ${view.procedures.map((p) => p.name).join('; ')}.`,
          en: `The legal deadline is ${row.dueOn}: ${view.procedures.map((p) => p.nameEn).join('; ')}.`,
        },
        link: SUGGESTIONS_PAGE,
      })
      return true
    })
    if (sent) reminded++
  }
  return { reminded, expired }
}

/** How many days back a pass over dated triggers catches up (a process down a few days misses nobody). */
const CATCH_UP_DAYS = 7
/** People read from the registry and told per transaction. */
const AGE_BATCH = 500

/** A stable key for a person in a source key, without keeping their id number here. */
const personKey = (pin: string) => createHash('sha256').update(pin).digest('base64url').slice(0, 22)

/**
 * The pass over age triggers: each living person whose birthday at an age a trigger names is
 * `daysBefore` ahead (or was, in the last week) gets its suggestion, and their parents too while
 * they are a minor (the trigger's `parentsUnder`). Each person told is logged in the registry's
 * access log with the purpose. Idempotent: a person is told once per trigger and age.
 */
export async function fireAgeTriggers(
  db: Db,
  now = new Date(),
): Promise<{ people: number; delivered: number }> {
  const today = localDay(now)
  let people = 0
  let delivered = 0
  for (const trigger of lifeEventTriggers(today)) {
    const when = trigger.when
    if (when.on !== 'age') continue
    const to = addDays(today, when.daysBefore)
    const reached = await peopleReachingAge(db, { years: when.years, from: addDays(to, -CATCH_UP_DAYS), to })
    const minor = (r: AgeReached) => when.parentsUnder !== undefined && r.age < when.parentsUnder
    for (let i = 0; i < reached.length; i += AGE_BATCH) {
      const batch = reached.slice(i, i + AGE_BATCH)
      const pinsOf = (r: AgeReached) =>
        [r.pin, ...(minor(r) ? [r.fatherPin, r.motherPin] : [])].filter((p): p is string => Boolean(p))
      const accounts = await accountsOfPeople(db, [...new Set(batch.flatMap(pinsOf))])
      await db.transaction(async (tx) => {
        for (const r of batch) {
          const recipients = [
            ...new Map(
              pinsOf(r)
                .flatMap((pin) => accounts.get(pin) ?? [])
                .map((a) => [a.userId, a]),
            ).values(),
          ]
          const ids = await deliverSuggestion(tx, trigger, recipients, {
            sourceKey: `age:${personKey(r.pin)}:${r.age}`,
            day: today,
            birthday: r.birthday,
          })
          if (ids.length === 0) continue
          people++
          delivered += ids.length
          await logRegistryAccess(tx, {
            subject: r.pin,
            attributes: ['birthDate', ...(minor(r) ? ['fatherPin', 'motherPin'] : [])],
            purpose: `Gợi ý chủ động theo sự kiện cuộc đời: ${trigger.title}`,
            requestedBy: 'proactive',
          })
        }
      })
    }
  }
  return { people, delivered }
}

/**
 * A suggestion counts for the dashboard in the year after its delivery: the period over which
 * `svc.proactive` and the acceptance rate beside it are measured.
 */
export const PERIOD_DAYS = 365
/** The kinds of trigger Sen fires; the others of the file are data only until a job fires them. */
const FIRED = new Set<TriggerWhen['on']>(['wallet.document_added', 'dossier.result_issued', 'age'])

/** Why an essential procedure counts as delivered proactively. */
export interface CoveredProcedure {
  code: string
  name: string
  /** The triggers in force that name it and that Sen fires, and whether a suggestion named it in the period. */
  triggers: string[]
  suggested: boolean
}

/**
 * `svc.proactive` on a day: the essential procedures (the catalog's, in force) that a life-event
 * trigger Sen fires names, or that a suggestion delivered in the period before `until` named.
 */
export async function proactiveCoverage(
  db: Db,
  until: Date,
): Promise<{ essential: number; covered: CoveredProcedure[] }> {
  const day = localDay(until)
  const since = new Date(until.getTime() - PERIOD_DAYS * 24 * 3600_000)
  const [facts, delivered] = await Promise.all([
    catalogFacts(db, day),
    db
      .selectDistinct({ code: sql<string>`p ->> 'code'` })
      .from(sql`${suggestions}, jsonb_array_elements(${suggestions.procedures}) as p`)
      .where(and(gt(suggestions.createdAt, since), lte(suggestions.createdAt, until))),
  ])
  const suggested = new Set(delivered.map((r) => r.code))
  const triggers = lifeEventTriggers(day).filter((t) => FIRED.has(t.when.on))
  const essential = facts.filter((f) => f.essential)
  const covered = essential
    .map((f) => ({
      code: f.code,
      name: f.name,
      triggers: triggers.filter((t) => t.procedures.some((p) => p.code === f.code)).map((t) => t.id),
      suggested: suggested.has(f.code),
    }))
    .filter((c) => c.triggers.length > 0 || c.suggested)
  return { essential: essential.length, covered }
}

/**
 * The dashboard's counters as of `until`: on the root (the catalog and the triggers are national),
 * the essential procedures and those delivered proactively; per agency (the person's commune), the
 * suggestions delivered in the period and, of them, those decided and accepted by `until`.
 */
export async function proactiveCounts(
  db: Db,
  until: Date,
): Promise<{ agencyId: string | null; counts: Record<string, number> }[]> {
  const since = new Date(until.getTime() - PERIOD_DAYS * 24 * 3600_000)
  const decidedBy = and(sql`${suggestions.status} <> 'delivered'`, lte(suggestions.decidedAt, until))
  const [coverage, rows] = await Promise.all([
    proactiveCoverage(db, until),
    db
      .select({
        agencyId: suggestions.agencyId,
        delivered: sql<number>`count(*)::int`,
        decided: sql<number>`(count(*) filter (where ${decidedBy}))::int`,
        accepted: sql<number>`(count(*) filter (where ${decidedBy} and ${suggestions.status} = 'accepted'))::int`,
      })
      .from(suggestions)
      .where(and(gt(suggestions.createdAt, since), lte(suggestions.createdAt, until)))
      .groupBy(suggestions.agencyId),
  ])
  return [
    {
      agencyId: null,
      counts: {
        'proactive.essential': coverage.essential,
        'proactive.essential_covered': coverage.covered.length,
      },
    },
    ...rows.map((r) => ({
      agencyId: r.agencyId,
      counts: {
        'proactive.delivered': r.delivered,
        'proactive.decided': r.decided,
        'proactive.accepted': r.accepted,
      },
    })),
  ]
}
