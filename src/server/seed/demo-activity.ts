import { genderCenturyDigit } from '../country/quality-rules'
import type { Db } from '../db'
import { workingCalendar } from '../modules/calendar/service'
import { getProcedure, listProcedures, type Procedure } from '../modules/catalog/service'
import { submitDossier, takeAction } from '../modules/dossiers/service'
import { rateDossier } from '../modules/feedback/service'
import { createAccount, type Principal, principalOfAccount, type Role } from '../modules/identity/service'
import { type PersonData, type PersonRecord, recordPerson } from '../modules/registry/service'
import { issueSignerKey } from '../modules/signing/service'
import { addDocument } from '../modules/wallet/service'
import { DEMO_PASSWORD } from './demo'
import { loadDemoExchange } from './demo-exchange'
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES } from './population-names'
import { type SeededRandom, seededRandom } from './random'

/**
 * A living administration for the demo: officials in a few communes, citizens drawn from the
 * population registry, and a few hundred dossiers in every state (1–10), with supplements, late
 * ones, signed results in wallets and ratings — all filed and processed through the same services
 * that users go through, with times replayed over the last weeks.
 */
export interface ActivityOptions {
  dossiers: number
  publicUrl: string
  seed?: number
}

/** A value that satisfies a JSON Schema node, for the fields a generated applicant types in. */
function sample(node: Record<string, unknown>, rnd: SeededRandom, person: PersonRecord): unknown {
  if (Array.isArray(node.oneOf)) return (rnd.pick(node.oneOf) as { const: unknown }).const
  if (Array.isArray(node.enum)) return rnd.pick(node.enum as unknown[])
  if (node.default !== undefined) return node.default
  switch (node.type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>
      const required = new Set((node.required ?? []) as string[])
      const value: Record<string, unknown> = {}
      for (const [key, property] of Object.entries(properties)) {
        if (property['x-source'] || !required.has(key)) continue
        value[key] = sample(property, rnd, person)
      }
      return value
    }
    case 'array':
      return Array.from({ length: Number(node.minItems ?? 1) }, () =>
        sample((node.items ?? { type: 'string' }) as Record<string, unknown>, rnd, person),
      )
    case 'integer':
    case 'number':
      return Number(node.minimum ?? 1)
    case 'boolean':
      return true
    default:
      return sampleString(node, rnd, person)
  }
}

function sampleString(node: Record<string, unknown>, rnd: SeededRandom, person: PersonRecord): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  // An address in the applicant's own commune: a real unit, as the submission checks.
  if (node['x-admin-unit'] === 'province') return person.data.provinceCode
  if (node['x-admin-unit'] === 'commune') return person.data.communeCode
  if (node.format === 'date') return day(-Math.floor(rnd.next() * 20) - 1)
  if (node.format === 'email') return 'congdan@example.vn'
  const pattern = String(node.pattern ?? '')
  if (pattern.includes('^0[0-9]')) return `09${String(Math.floor(rnd.next() * 1e8)).padStart(8, '0')}`
  if (pattern.includes('{12}')) return person.pin
  if (pattern.includes('{10}')) return String(Math.floor(rnd.next() * 1e10)).padStart(10, '0')
  if (pattern) {
    const digits = /\[0-9\]\{(\d+)\}/.exec(pattern)
    if (digits) return '1'.repeat(Number(digits[1]))
  }
  const text = 'Theo đề nghị của công dân'
  return node.maxLength ? text.slice(0, Number(node.maxLength)) : text
}

/** The communes of the demo's activity: demo.officer's Ba Đình first. */
const DEMO_COMMUNES = [
  { code: '00004', provinceCode: '01', name: 'phường Ba Đình', citizens: 16 },
  { code: '00008', provinceCode: '01', name: 'phường Ngọc Hà', citizens: 8 },
  { code: '00070', provinceCode: '01', name: 'phường Hoàn Kiếm', citizens: 8 },
  { code: '20242', provinceCode: '48', name: 'phường Hải Châu', citizens: 8 },
] as const

/** A resident adult of a demo commune, recorded through the registry's service like any source would. */
async function recordDemoResident(
  db: Db,
  rnd: SeededRandom,
  commune: (typeof DEMO_COMMUNES)[number],
  serial: number,
): Promise<PersonRecord> {
  const gender = rnd.next() < 0.5 ? 'male' : 'female'
  const year = 1960 + Math.floor(rnd.next() * 45)
  const family = rnd.pick(FAMILY_NAMES.map(([name]) => name))
  const fullName = `${family} ${rnd.pick(MIDDLE_NAMES[gender])} ${rnd.pick(GIVEN_NAMES[gender])}`
  // 0 + province, gender and century, year of birth, then a serial far above the generator's.
  const pin = `0${commune.provinceCode}${genderCenturyDigit(gender, year)}${String(year).slice(2)}${String(900000 + serial)}`
  const data: PersonData = {
    fullName,
    birthDate: `${year}-${String(1 + Math.floor(rnd.next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd.next() * 28)).padStart(2, '0')}`,
    gender,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    provinceCode: commune.provinceCode,
    communeCode: commune.code,
    address: `Số ${1 + Math.floor(rnd.next() * 200)}, ${commune.name}`,
    maritalStatus: 'single',
  }
  return recordPerson(db, null, pin, data, 'demo')
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

async function principalOf(db: Db, username: string): Promise<Principal> {
  const principal = await principalOfAccount(db, username)
  if (!principal) throw new Error(`demo account ${username} is missing`)
  return principal
}

/** The path of actions that brings a new dossier to each target state. */
const PATHS: Record<number, string[]> = {
  1: [],
  2: ['accept'],
  3: ['refuse'],
  4: ['accept', 'assign'],
  5: ['accept', 'request_supplement'],
  6: ['accept', 'request_payment'],
  7: ['withdraw'],
  8: ['accept', 'stop'],
  9: ['accept', 'assign', 'submit_to_leader', 'approve'],
  10: ['accept', 'assign', 'submit_to_leader', 'approve', 'return_result'],
}
/** How the demo's dossiers spread over the states: most are finished, some in every other state. */
const STATE_WEIGHTS = [
  [1, 8],
  [2, 6],
  [3, 3],
  [4, 8],
  [5, 5],
  [6, 3],
  [7, 2],
  [8, 2],
  [9, 10],
  [10, 53],
] as const

const NOTES: Record<string, string> = {
  refuse: 'Hồ sơ không thuộc thẩm quyền giải quyết',
  request_supplement: 'Đề nghị bổ sung bản chụp giấy tờ rõ nét hơn',
  stop: 'Người yêu cầu đề nghị dừng giải quyết',
  submit_to_leader: 'Hồ sơ đủ điều kiện, kính trình lãnh đạo phê duyệt',
}

export async function loadDemoActivity(
  db: Db,
  options: ActivityOptions,
  onProgress?: (done: number, total: number) => void,
) {
  const rnd = seededRandom(options.seed ?? 2629)
  const calendar = workingCalendar()
  // Officials: demo.officer and demo.leader serve Ba Đình (X00004); three more communes get their own.
  const staff = new Map<string, { reception: Principal; leader: Principal }>()
  staff.set('X00004', {
    reception: await principalOf(db, 'demo.officer'),
    leader: await principalOf(db, 'demo.leader'),
  })
  for (const commune of DEMO_COMMUNES.slice(1)) {
    const make = async (prefix: string, roles: Role[], name: string) => {
      const username = `${prefix}.${commune.code}`
      const account = await createAccount(db, null, {
        username,
        password: DEMO_PASSWORD,
        kind: 'official',
        displayName: name,
        agencyId: `X${commune.code}`,
        roles,
      })
      await issueSignerKey(db, account)
      return principalOf(db, username)
    }
    staff.set(`X${commune.code}`, {
      reception: await make('canbo', ['reception', 'specialist'], `Cán bộ một cửa ${commune.name}`),
      leader: await make('lanhdao', ['leader'], `Lãnh đạo UBND ${commune.name}`),
    })
  }

  // Citizens: residents of those communes, recorded in the population registry, each with an account.
  const citizens: { principal: Principal; person: PersonRecord; agencyId: string }[] = []
  let serial = 0
  for (const commune of DEMO_COMMUNES) {
    for (let i = 0; i < commune.citizens; i++) {
      const person = await recordDemoResident(db, rnd, commune, serial++)
      const username = `congdan.${person.pin}`
      await createAccount(db, null, {
        username,
        password: DEMO_PASSWORD,
        kind: 'citizen',
        displayName: person.data.fullName,
        person: { pin: person.pin, fullName: person.data.fullName, birthDate: person.data.birthDate },
      })
      citizens.push({ principal: await principalOf(db, username), person, agencyId: `X${commune.code}` })
    }
  }

  // Procedures a citizen files at the commune, without data about other people.
  const summaries = (await listProcedures(db, { page: 1, pageSize: 200 })).items
  const procedures: Procedure[] = []
  for (const summary of summaries) {
    const procedure = await getProcedure(db, summary.code)
    const sources = JSON.stringify(procedure.form.schema)
    if (procedure.agencyLevels[0] !== 'commune' || /population\.(spouse|mother|father)/.test(sources))
      continue
    procedures.push(procedure)
  }

  let filed = 0
  let attempts = 0
  const weights = STATE_WEIGHTS.flatMap(([state, weight]) => Array<number>(weight).fill(state))
  while (filed < options.dossiers && attempts < options.dossiers * 3) {
    attempts++
    const citizen = rnd.pick(citizens)
    const procedure = rnd.pick(procedures)
    let target = rnd.pick(weights)
    if (target === 6 && procedure.fee.amountVnd === 0) target = 4
    const daysAgo = target >= 9 ? 5 + Math.floor(rnd.next() * 40) : Math.floor(rnd.next() * 12)
    let at = calendar.addWorkingHours(new Date(Date.now() - daysAgo * 86_400_000), 1 + rnd.next() * 6)
    const documents = []
    for (const requirement of procedure.documents.filter((r) => r.required)) {
      const id = await db.transaction((tx) =>
        addDocument(tx, citizen.principal.userId, {
          owner: { type: 'person', id: citizen.person.pin },
          type: requirement.walletTypes[0]!,
          title: requirement.name,
          source: 'uploaded',
          file: { bytes: PDF, mimeType: 'application/pdf' },
          issuedAt: at,
        }),
      )
      documents.push({ requirementId: requirement.id, walletDocumentId: id })
    }
    const data = sample({ ...procedure.form.schema, type: 'object' }, rnd, citizen.person) as Record<
      string,
      unknown
    >
    let code: string
    try {
      const { dossier } = await submitDossier(
        db,
        citizen.principal,
        { procedureCode: procedure.code, data, documents },
        undefined,
        { at },
      )
      code = dossier.code
    } catch {
      continue // a form this simple generator cannot fill: try another
    }
    const people = staff.get(citizen.agencyId)!
    const path = [...PATHS[target]!]
    // Some finished dossiers went through a supplement round first; some were decided late.
    if (target >= 9 && rnd.next() < 0.2) path.splice(1, 0, 'request_supplement', 'supplement')
    // Half of those being processed wait for the leader's approval.
    if (target === 4 && rnd.next() < 0.5) path.push('submit_to_leader')
    const late = target >= 9 && rnd.next() < 0.12
    for (const action of path) {
      at = calendar.addWorkingHours(
        at,
        late && action === 'approve' ? 8 * (procedure.processingDays + 3) : 1 + rnd.next() * 5,
      )
      if (at > new Date()) at = new Date()
      const actor =
        action === 'withdraw' || action === 'supplement'
          ? citizen.principal
          : ['approve', 'stop'].includes(action)
            ? people.leader
            : people.reception
      await takeAction(db, actor, code, { action, note: NOTES[action] }, { publicUrl: options.publicUrl, at })
    }
    if (target === 10 && rnd.next() < 0.85) {
      const roll = rnd.next()
      // A day or two after the result came back.
      const ratedAt = new Date(Math.min(Date.now(), at.getTime() + (24 + (filed % 24)) * 3_600_000))
      await rateDossier(
        db,
        citizen.principal,
        code,
        { score: roll < 0.8 ? 'satisfied' : roll < 0.94 ? 'acceptable' : 'dissatisfied' },
        { at: ratedAt },
      )
    }
    filed++
    onProgress?.(filed, options.dossiers)
  }
  // The gateway's demo: registries, wallet and a sandbox tax system as services, called for real.
  const exchange = await loadDemoExchange(db, await principalOf(db, 'demo.admin'), {
    pins: ['001090000001', ...citizens.slice(0, 4).map((c) => c.person.pin)],
    taxCodes: ['0101234567'],
  })
  return {
    dossiers: filed,
    citizens: citizens.length,
    communes: staff.size,
    exchangeCalls: exchange.answered,
  }
}
