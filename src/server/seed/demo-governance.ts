import type { Db } from '../db'
import { workingCalendar } from '../modules/calendar/service'
import {
  addDays,
  createRegime,
  createTask,
  decideExtension,
  dueOn,
  duePeriods,
  evaluateTask,
  periodBounds,
  prefillReport,
  reportCompletion,
  reportProgress,
  requestExtension,
  submitReport,
} from '../modules/governance/service'
import { agencyTree, type Principal, principalOfAccount } from '../modules/identity/service'
import { type SeededRandom, seededRandom } from './random'

/**
 * The governance records of the demo, entered through the governance services as agencies
 * would, with their dates replayed over the last months. Agencies differ: each gets a
 * diligence (how often it reports, finishes on time, gets evaluated), so the dashboard's
 * governance figures are uneven across ministries and provinces, as real ones are.
 */
export async function loadDemoGovernance(db: Db, options: { seed?: number } = {}) {
  const rnd = seededRandom(options.seed ?? 2629)
  const admin = await principalOfAccount(db, 'demo.admin')
  if (!admin) throw new Error('demo account demo.admin is missing')
  const leads = (await agencyTree(db)).filter((a) => a.level === 'ministry' || a.level === 'province')
  const diligence = new Map(leads.map((a) => [a.id, 0.25 + 0.75 * rnd.next()]))
  const tasks = await loadDemoTasks(db, rnd, admin, leads, diligence)
  const reports = await loadDemoReports(db, rnd, admin, diligence)
  return { tasks, reports }
}

const TASK_TITLES = [
  'Hoàn thành kết nối cơ sở dữ liệu chuyên ngành với Cổng dịch vụ công quốc gia',
  'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực',
  'Rà soát, cắt giảm thủ tục hành chính nội bộ',
  'Triển khai dịch vụ công trực tuyến toàn trình cho nhóm thủ tục liên thông',
  'Xây dựng kho dữ liệu dùng chung của địa phương',
  'Phê duyệt cấp độ an toàn các hệ thống thông tin đang vận hành',
  'Đào tạo kỹ năng số cơ bản cho cán bộ, công chức',
  'Báo cáo tình hình thực hiện Đề án 06 trong quý',
  'Chuẩn hóa dữ liệu hộ tịch đã số hóa',
  'Ban hành danh mục dữ liệu mở của cơ quan',
] as const

const DOCUMENTS = [
  { issuer: 'prime_minister', suffix: 'TB-VPCP', signer: 'Phó Thủ tướng Chính phủ' },
  { issuer: 'prime_minister', suffix: 'CĐ-TTg', signer: 'Thủ tướng Chính phủ' },
  { issuer: 'government', suffix: 'NQ-CP', signer: 'TM. Chính phủ, Thủ tướng' },
] as const

const DAY = 86_400_000

async function loadDemoTasks(
  db: Db,
  rnd: SeededRandom,
  admin: Principal,
  leads: { id: string }[],
  diligence: Map<string, number>,
): Promise<number> {
  const calendar = workingCalendar()
  const now = Date.now()
  const dayOf = (ms: number) => calendar.localDay(new Date(ms))
  // Moments in the past, never later than now (the services refuse a future date).
  const past = (ms: number) => new Date(Math.min(ms, now - 60_000))
  let count = 0
  for (const lead of leads) {
    const care = diligence.get(lead.id)!
    for (let i = rnd.int(1, 4); i > 0; i--) {
      const document = rnd.pick(DOCUMENTS)
      const issued = now - rnd.int(20, 240) * DAY
      let deadline = issued + rnd.int(30, 180) * DAY
      const task = await createTask(
        db,
        admin,
        {
          documentNumber: `${rnd.int(10, 480)}/${document.suffix}`,
          documentDate: dayOf(issued),
          documentSigner: document.signer,
          issuer: document.issuer,
          title: rnd.pick(TASK_TITLES),
          leadAgencyId: lead.id,
          cooperatingAgencyIds: [],
          deadline: dayOf(deadline),
        },
        { at: new Date(issued + DAY) },
      )
      count++
      // A careless agency never reports; a careful one reports every few weeks.
      if (rnd.next() > care) continue
      let progress = 0
      for (
        let at = issued + rnd.int(7, 30) * DAY;
        at < Math.min(now, deadline);
        at += rnd.int(20, 45) * DAY
      ) {
        progress = Math.min(90, progress + rnd.int(10, 35))
        await reportProgress(
          db,
          admin,
          task.id,
          {
            progress,
            summary: `Đã thực hiện khoảng ${progress}% khối lượng công việc`,
            evidence: `Báo cáo số ${rnd.int(1, 300)}/BC`,
          },
          { at: past(at) },
        )
      }
      if (deadline > now) continue
      // Some ask for more time before the deadline, and most get it.
      if (rnd.next() < 0.25) {
        const asked = past(deadline - 5 * DAY)
        const wanted = deadline + rnd.int(30, 90) * DAY
        const detail = await requestExtension(
          db,
          admin,
          task.id,
          { requestedDeadline: dayOf(wanted), reason: 'Chờ hướng dẫn nghiệp vụ của bộ, ngành' },
          { at: asked },
        )
        const granted = rnd.next() < 0.8
        await decideExtension(
          db,
          admin,
          task.id,
          detail.extensions[0]!.id,
          { decision: granted ? 'granted' : 'refused' },
          { at: past(asked.getTime() + 3 * DAY) },
        )
        if (granted) deadline = wanted
        if (deadline > now) continue
      }
      const finished = rnd.next() < care
      if (finished) {
        const late = rnd.next() > care
        const done = Math.min(now - DAY, deadline + (late ? rnd.int(3, 30) : -rnd.int(0, 10)) * DAY)
        await reportCompletion(db, admin, task.id, { completedOn: dayOf(done) }, { at: past(done) })
        if (rnd.next() < care)
          await evaluateTask(
            db,
            admin,
            task.id,
            { evaluation: dayOf(done) <= dayOf(deadline) ? 'on_time' : 'late' },
            { at: past(done + rnd.int(2, 10) * DAY) },
          )
      } else if (rnd.next() < care) {
        await evaluateTask(db, admin, task.id, { evaluation: 'not_done' }, { at: past(deadline + 7 * DAY) })
      }
    }
  }
  return count
}

/** Two regimes of the Government office, reported by the ministries and provinces over the past year. */
async function loadDemoReports(
  db: Db,
  rnd: SeededRandom,
  admin: Principal,
  diligence: Map<string, number>,
): Promise<number> {
  const now = Date.now()
  const calendar = workingCalendar()
  const today = calendar.localDay(new Date(now))
  const yearAgo = calendar.localDay(new Date(now - 365 * DAY))
  const regimes = [
    await createRegime(
      db,
      admin,
      {
        code: 'BC-TTHC-Q',
        name: 'Báo cáo tình hình, kết quả giải quyết thủ tục hành chính hằng quý',
        legalBasis: 'Nghị định 61/2018/NĐ-CP; Thông tư 01/2023/TT-VPCP',
        period: 'quarterly',
        recipientAgencyId: 'G00',
        reporterLevels: ['ministry', 'province'],
        deadlineDays: 15,
        startsOn: `${yearAgo.slice(0, 4)}-01-01`,
        indicators: [
          {
            code: 'received',
            name: 'Số hồ sơ tiếp nhận',
            type: 'integer',
            unit: 'hồ sơ',
            source: 'dossiers.received',
          },
          {
            code: 'online',
            name: 'Số hồ sơ trực tuyến',
            type: 'integer',
            unit: 'hồ sơ',
            source: 'dossiers.received_online',
          },
          {
            code: 'decided',
            name: 'Số hồ sơ đã giải quyết',
            type: 'integer',
            unit: 'hồ sơ',
            source: 'dossiers.decided',
          },
          {
            code: 'on_time',
            name: 'Số hồ sơ giải quyết đúng hạn',
            type: 'integer',
            unit: 'hồ sơ',
            source: 'dossiers.decided_on_time',
          },
          { code: 'satisfaction', name: 'Tỷ lệ hài lòng', type: 'percent', unit: '%' },
          { code: 'issues', name: 'Khó khăn, vướng mắc', type: 'text', required: false },
        ],
      },
      { at: new Date(now - 400 * DAY) },
    ),
    await createRegime(
      db,
      admin,
      {
        code: 'BC-CDS-N',
        name: 'Báo cáo kết quả chuyển đổi số hằng năm',
        legalBasis: 'Quyết định 2629/QĐ-TTg',
        period: 'yearly',
        recipientAgencyId: 'G00',
        reporterLevels: ['province'],
        deadlineDays: 20,
        startsOn: `${yearAgo.slice(0, 4)}-01-01`,
        indicators: [
          { code: 'budget', name: 'Kinh phí chuyển đổi số', type: 'decimal', unit: 'tỷ đồng' },
          {
            code: 'it_staff',
            name: 'Số cán bộ chuyên trách công nghệ thông tin',
            type: 'integer',
            unit: 'người',
          },
          { code: 'plan', name: 'Đã ban hành kế hoạch chuyển đổi số', type: 'boolean' },
        ],
      },
      { at: new Date(now - 400 * DAY) },
    ),
  ]
  const reporters = (await agencyTree(db)).filter((a) => a.level === 'ministry' || a.level === 'province')
  let count = 0
  for (const regime of regimes) {
    const periods = duePeriods(regime, today, 8, 'ended')
    for (const agency of reporters) {
      if (!regime.reporterLevels.includes(agency.level)) continue
      const care = diligence.get(agency.id) ?? 0.5
      for (const period of periods) {
        if (rnd.next() > care) continue
        const due = dueOn(regime.period, period, regime.deadlineDays)
        const late = rnd.next() > care
        const end = periodBounds(regime.period, period)!.end
        const day = late ? addDays(due, rnd.int(1, 30)) : addDays(end, rnd.int(1, regime.deadlineDays))
        const at = new Date(Math.min(calendar.endOfLocalDay(day).getTime() - 8 * 3_600_000, now - 60_000))
        if (calendar.localDay(at) <= end) continue
        const prefill = await prefillReport(db, admin, regime.id, { agencyId: agency.id, period })
        const values: Record<string, number | boolean | string> =
          regime.code === 'BC-CDS-N'
            ? { budget: Math.round(rnd.next() * 500) / 10, it_staff: rnd.int(3, 60), plan: rnd.next() < care }
            : { ...prefill.values, satisfaction: Math.round(800 + rnd.next() * 200) / 10 }
        await submitReport(db, admin, regime.id, { agencyId: agency.id, period, values }, { at })
        count++
      }
    }
  }
  return count
}
