import { randomUUID } from 'node:crypto'
import type { Db } from '../db'
import {
  createGrant,
  createMember,
  createSubsystem,
  createSystem,
  ensureHostedSubsystemKey,
  exchange,
  publishService,
  signAssertion,
} from '../modules/exchange/service'
import type { Principal } from '../modules/identity/service'

const OPENAPI = (title: string, path: string) => ({
  openapi: '3.0.3',
  info: { title, version: '1' },
  paths: { [path]: { get: { responses: { 200: { description: 'OK' } } } } },
})

/** The providers the demo offers on the gateway: Sen's own modules and a sandbox tax system. */
const PROVIDERS = [
  {
    member: 'G01',
    memberName: 'Bộ Công an',
    system: 'Cơ sở dữ liệu quốc gia về dân cư',
    subsystem: 'POPULATION',
    service: 'people',
    title: 'Tra cứu thông tin công dân',
    backendUrl: 'sen:/population',
    path: '/people/{pin}',
    personalData: true,
    subjectPattern: '^/people/(\\d{12})$',
    purposes: ['Giải quyết thủ tục hành chính'],
    legalBasis: 'Nghị định 47/2024/NĐ-CP về danh mục, việc quản lý, cập nhật, khai thác CSDL quốc gia',
  },
  {
    member: 'G04',
    memberName: 'Bộ Tài chính',
    system: 'Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp',
    subsystem: 'BUSINESS',
    service: 'businesses',
    title: 'Tra cứu thông tin doanh nghiệp',
    backendUrl: 'sen:/business',
    path: '/businesses/{taxCode}',
    personalData: false,
    subjectPattern: null,
    purposes: ['Giải quyết thủ tục hành chính'],
    legalBasis: 'Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp',
  },
  {
    member: 'G04',
    memberName: 'Bộ Tài chính',
    system: 'Hệ thống thuế (sandbox)',
    subsystem: 'TAX-SANDBOX',
    service: 'taxpayer-status',
    title: 'Tình trạng nghĩa vụ thuế (sandbox)',
    backendUrl: 'sen:/sandbox-tax',
    path: '/taxpayers/{taxCode}/status',
    personalData: false,
    subjectPattern: null,
    purposes: ['Kiểm tra nghĩa vụ thuế khi cấp phép'],
    legalBasis: 'Luật Quản lý thuế 2019, Điều 99',
  },
  {
    member: 'G09',
    memberName: 'Văn phòng Chính phủ',
    system: 'Kho dữ liệu điện tử của tổ chức, cá nhân',
    subsystem: 'WALLET',
    service: 'documents',
    title: 'Giấy tờ điện tử trong kho dữ liệu của công dân',
    backendUrl: 'sen:/wallet',
    path: '/people/{pin}/documents',
    personalData: true,
    subjectPattern: '^/people/(\\d{12})/documents$',
    purposes: ['Giải quyết thủ tục hành chính'],
    legalBasis: 'Nghị định 45/2020/NĐ-CP về thực hiện thủ tục hành chính trên môi trường điện tử',
  },
] as const

const CLIENT = 'VN/GOV/X00004/DOSSIERS'

/**
 * The demo's data exchange: the population and business registries, the wallet and a sandbox tax
 * system registered as services of their agencies; Ba Đình's dossier system granted them and
 * calling them through the gateway (real calls, signed and logged), and a system of Hà Nội's
 * registered but not yet connected, so that gov.systems_connected is a live share, not 100%.
 */
export async function loadDemoExchange(
  db: Db,
  admin: Principal,
  subjects: { pins: string[]; taxCodes: string[] },
) {
  const members = new Map<string, string>([
    ['X00004', 'UBND phường Ba Đình'],
    ['H01', 'UBND thành phố Hà Nội'],
    ...PROVIDERS.map((p) => [p.member, p.memberName] as [string, string]),
  ])
  for (const [code, name] of members)
    await createMember(db, null, { memberClass: 'GOV', memberCode: code, name })
  const clientSystem = await createSystem(db, null, {
    memberId: 'VN/GOV/X00004',
    name: 'Hệ thống giải quyết thủ tục hành chính phường Ba Đình',
    purpose: 'Tiếp nhận và giải quyết hồ sơ thủ tục hành chính',
    securityLevel: 3,
  })
  await createSubsystem(db, null, {
    memberId: 'VN/GOV/X00004',
    code: 'DOSSIERS',
    name: 'Một cửa điện tử phường Ba Đình',
    systemId: clientSystem.id,
  })
  await ensureHostedSubsystemKey(db, CLIENT)
  await createSystem(db, null, {
    memberId: 'VN/GOV/H01',
    name: 'Hệ thống quản lý văn bản và điều hành thành phố Hà Nội',
    purpose: 'Quản lý văn bản đến, văn bản đi và hồ sơ công việc',
    securityLevel: 3,
  })

  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString()
  const systems = new Map<string, string>()
  for (const p of PROVIDERS) {
    const memberId = `VN/GOV/${p.member}`
    let systemId = systems.get(p.system)
    if (!systemId) {
      systemId = (
        await createSystem(db, null, { memberId, name: p.system, purpose: p.title, securityLevel: 4 })
      ).id
      systems.set(p.system, systemId)
    }
    const subsystem = await createSubsystem(db, null, {
      memberId,
      code: p.subsystem,
      name: p.system,
      systemId,
    })
    const service = await publishService(db, null, {
      subsystemId: subsystem.id,
      code: p.service,
      title: p.title,
      backendUrl: p.backendUrl,
      openapi: OPENAPI(p.title, p.path),
      personalData: p.personalData,
      subjectPattern: p.subjectPattern,
    })
    await createGrant(db, admin, {
      serviceId: service.id,
      clientId: CLIENT,
      method: 'GET',
      pathPattern: p.path.replace(/\{[^}]+\}/g, '*'),
      purposes: Array.from<string>(p.purposes),
      legalBasis: p.legalBasis,
      expiresAt,
      ratePerMinute: 600,
      quotaPerDay: 100_000,
    })
  }

  // Real calls, as the dossier system makes them while officials handle applications.
  const calls: { serviceId: string; path: string; issue: string }[] = []
  const [people, businesses, tax, wallet] = PROVIDERS.map(
    (p) => `VN/GOV/${p.member}/${p.subsystem}/${p.service}`,
  )
  for (const pin of subjects.pins) {
    calls.push({ serviceId: people!, path: `/people/${pin}`, issue: 'Giải quyết thủ tục hành chính' })
    calls.push({
      serviceId: wallet!,
      path: `/people/${pin}/documents`,
      issue: 'Giải quyết thủ tục hành chính',
    })
  }
  for (const taxCode of subjects.taxCodes) {
    calls.push({
      serviceId: businesses!,
      path: `/businesses/${taxCode}`,
      issue: 'Giải quyết thủ tục hành chính',
    })
    calls.push({
      serviceId: tax!,
      path: `/taxpayers/${taxCode}/status`,
      issue: 'Kiểm tra nghĩa vụ thuế khi cấp phép',
    })
  }
  let answered = 0
  for (const call of calls) {
    const requestId = randomUUID()
    const assertion = await signAssertion(db, {
      clientId: CLIENT,
      serviceId: call.serviceId,
      requestId,
      method: 'GET',
      path: call.path,
      body: null,
    })
    const response = await exchange(db, {
      method: 'GET',
      serviceId: call.serviceId,
      path: call.path,
      headers: {
        'x-road-client': CLIENT,
        'x-road-id': requestId,
        'x-road-userid': admin.username,
        'x-road-issue': encodeURIComponent(call.issue),
        'x-road-client-assertion': assertion,
      },
      body: null,
    })
    if (response.status < 400) answered++
  }
  return { services: PROVIDERS.length, calls: calls.length, answered }
}
