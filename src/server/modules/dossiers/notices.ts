import { workingCalendar } from '../calendar/service'
import { dossierStateTable } from '../catalog/service'
import { type NotifyInput, renderTemplate, type TemplateKey } from '../notify/service'

/** The notice an applicant gets for each event of their dossier (templates are data in notify). */
const EVENT_TEMPLATES: Record<string, TemplateKey> = {
  submitted: 'dossier.submitted',
  accept: 'dossier.accepted',
  refuse: 'dossier.refused',
  request_supplement: 'dossier.supplement_requested',
  approve: 'dossier.processed',
  reject: 'dossier.refused',
  return_result: 'dossier.returned',
  apologise: 'dossier.apology',
}

/** The national name of a dossier state ("Đang xử lý"), as the notice shows it. */
function stateName(status: string): string {
  return dossierStateTable().find((s) => s.status === status)?.name ?? status
}

/** Local date and time of an appointment, as the notice shows it. */
function localDateTime(at: Date): string {
  const day = workingCalendar().localDay(at).split('-').reverse().join('/')
  const time = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(11, 16)
  return `${time} ${day}`
}

interface Announced {
  code: string
  applicantUserId: string
  procedureName: string
  dueAt?: Date
}

/**
 * What the applicant is told, in the app and by e-mail (when they have an address), of an event
 * of their dossier; the caller writes it in the transaction of the change. Events with no
 * template of their own get the generic status notice.
 */
export function announcement(
  dossier: Announced,
  event: string,
  extra: { reason?: string | null; status?: string },
  email: string | null,
): NotifyInput {
  const params = {
    code: dossier.code,
    procedure: dossier.procedureName,
    dueDate: dossier.dueAt ? localDateTime(dossier.dueAt) : '',
    reason: extra.reason ?? '',
    status: stateName(extra.status ?? event),
  }
  const text = renderTemplate(EVENT_TEMPLATES[event] ?? 'dossier.status_changed', params, 'vi')
  return {
    userId: dossier.applicantUserId,
    email,
    title: text.title,
    body: text.body,
    link: `/dossiers/${dossier.code}`,
  }
}
