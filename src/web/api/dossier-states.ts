// The national dossier-state table, from the file the server reads (config/vn/dossier-states.json):
// one source for the codes, their order and which states are final or open.
import table from '../../../config/vn/dossier-states.json'

/** The states in their reporting order, with their national codes. */
export const STATES: readonly { status: string; code: number }[] = table.states.map(({ status, code }) => ({
  status,
  code,
}))

/** States in which nothing more happens (not accepted, withdrawn, stopped, result returned). */
export const FINAL_STATUS_CODES: ReadonlySet<number> = new Set(
  table.states.filter((state) => state.final).map((state) => state.code),
)

/** States in which a dossier is being handled: late once past its appointment, unless paused. */
const OPEN_STATES: readonly string[] = table.states.filter((state) => state.open).map((state) => state.status)

/** Past its appointment while being handled and not paused: the server's rule for "late". */
export function pastAppointment(
  dossier: { status: string; paused: boolean; dueAt: string },
  now = Date.now(),
): boolean {
  return OPEN_STATES.includes(dossier.status) && !dossier.paused && Date.parse(dossier.dueAt) < now
}
