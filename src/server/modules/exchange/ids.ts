/**
 * X-Road's identifiers: `INSTANCE/CLASS/MEMBER` for a member, `…/SUBSYSTEM` for a subsystem and
 * `…/SUBSYSTEM/SERVICE` for a service. Sen's instance is `VN`; agencies are class `GOV` with their
 * agency id as member code, businesses class `COM` with their tax code.
 */
export const INSTANCE = 'VN'
export const MEMBER_CLASSES = ['GOV', 'COM'] as const
export type MemberClass = (typeof MEMBER_CLASSES)[number]

/** One identifier part: letters, digits, `.`, `_` and `-` (no `/`, as X-Road forbids). */
export const PART = /^[A-Za-z0-9._-]{1,64}$/

export const memberId = (memberClass: MemberClass, memberCode: string) =>
  `${INSTANCE}/${memberClass}/${memberCode}`
export const subsystemId = (member: string, code: string) => `${member}/${code}`
export const serviceId = (subsystem: string, code: string) => `${subsystem}/${code}`

/** The member an id of any depth belongs to (`VN/GOV/X00004/…` → `VN/GOV/X00004`). */
export const memberOf = (id: string) => id.split('/').slice(0, 3).join('/')
/** The subsystem a service id belongs to. */
export const subsystemOf = (service: string) => service.split('/').slice(0, 4).join('/')

/** A subsystem id as X-Road-Client gives it (`VN/GOV/X00004/DOSSIERS`), or null when it is none. */
export function parseSubsystemId(text: string | undefined): string | null {
  if (!text) return null
  const parts = text.split('/')
  if (parts.length !== 4 || parts[0] !== INSTANCE) return null
  if (!(MEMBER_CLASSES as readonly string[]).includes(parts[1]!)) return null
  return parts.every((p) => PART.test(p)) ? text : null
}

/** The agency id of a government member (`VN/GOV/X00004` → `X00004`), else null. */
export function agencyOfMember(member: string): string | null {
  const [, memberClass, code] = member.split('/')
  return memberClass === 'GOV' && code ? code : null
}
