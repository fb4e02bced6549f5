import { eq } from 'drizzle-orm'
import type { Db } from '../../db'
import { catalogFacts } from '../catalog/service'
import { dossierCountsByAgencyMonth } from '../dossiers/service'
import { getAgency } from '../identity/service'
import type { Cell, DataColumn } from './data'
import { createDataset, publishDataset, replaceData } from './datasets.service'
import { datasets } from './schema'
import type { DatasetInput } from './types'

// The datasets Sen makes from its own data and refreshes on a schedule (job.ts). They hold counts
// and catalogue facts only, never a person's data; a count of 1 to 4 is suppressed (left empty), so
// that no applicant can be singled out from a small agency's month.

/** Counts from 1 up to this are published as empty cells. */
export const SUPPRESS_BELOW = 5

/** The root agency publishes Sen's own datasets. */
const SEN_PUBLISHER = 'G00'
const CONTACT = { name: 'Cổng dịch vụ công Sen', email: 'opendata@sen.gov.vn' }

export const suppressed = (n: number): number | null => (n > 0 && n < SUPPRESS_BELOW ? null : n)

interface Generator {
  id: string
  metadata: DatasetInput
  table(db: Db, now: Date): Promise<{ columns: DataColumn[]; rows: Cell[][] }>
}

const col = (name: string, vi: string, en: string, type: DataColumn['type']): DataColumn => ({
  name,
  title: { vi, en },
  type,
})

const yesNo = (value: boolean) => (value ? 'yes' : 'no')

const GENERATORS: Generator[] = [
  {
    id: 'sen.procedures',
    metadata: {
      slug: 'sen-thu-tuc-hanh-chinh',
      title: {
        vi: 'Danh mục thủ tục hành chính và mức độ trực tuyến',
        en: 'Administrative procedures and their online level',
      },
      description: {
        vi: 'Các thủ tục hành chính đang có hiệu lực trên Sen: mã, tên, cấp thực hiện, có thể nộp trực tuyến hay không, trực tuyến toàn trình hay một phần, có thu phí hay không. Cập nhật hằng ngày từ cơ sở dữ liệu thủ tục.',
        en: 'The administrative procedures in force on Sen: code, name, levels of government, whether they can be filed online, fully or partly online, and whether a fee is charged. Refreshed daily from the procedure catalogue.',
      },
      themes: ['GOVE'],
      sectors: ['hanh-chinh'],
      accrualPeriodicity: 'DAILY',
      spatial: ['VN'],
      temporal: { start: '2025-07-01' },
      contactPoint: CONTACT,
      keywords: ['thủ tục hành chính', 'dịch vụ công trực tuyến'],
    },
    async table(db) {
      const facts = await catalogFacts(db)
      return {
        columns: [
          col('code', 'Mã thủ tục', 'Procedure code', 'text'),
          col('name', 'Tên thủ tục', 'Name', 'text'),
          col('agency_levels', 'Cấp thực hiện', 'Levels of government', 'text'),
          col('online_eligible', 'Nộp trực tuyến', 'Can be filed online', 'text'),
          col('full_online', 'Trực tuyến toàn trình', 'Fully online', 'text'),
          col('fee_bearing', 'Có thu phí', 'Fee charged', 'text'),
        ],
        rows: facts.map((f) => [
          f.code,
          f.name,
          f.agencyLevels.join(';'),
          yesNo(f.onlineEligible),
          yesNo(f.fullOnline),
          yesNo(f.feeBearing),
        ]),
      }
    },
  },
  {
    id: 'sen.dossiers-monthly',
    metadata: {
      slug: 'sen-ho-so-theo-co-quan-thang',
      title: {
        vi: 'Số hồ sơ tiếp nhận, giải quyết và đúng hạn theo cơ quan và tháng',
        en: 'Dossiers received, decided and on time per agency and month',
      },
      description: {
        vi: `Số hồ sơ thủ tục hành chính mỗi cơ quan có thẩm quyền tiếp nhận trong tháng: tổng số, nộp trực tuyến, đã giải quyết, giải quyết đúng hạn. Chỉ có số đếm, không có dữ liệu cá nhân; số từ 1 đến ${SUPPRESS_BELOW - 1} được để trống để không thể nhận ra người nộp.`,
        en: `Dossiers each competent agency received per month: in total, filed online, decided, decided on time. Counts only, no personal data; counts from 1 to ${SUPPRESS_BELOW - 1} are left empty so that no applicant can be singled out.`,
      },
      themes: ['GOVE'],
      sectors: ['hanh-chinh'],
      accrualPeriodicity: 'DAILY',
      spatial: ['VN'],
      temporal: { start: '2025-07-01' },
      contactPoint: CONTACT,
      keywords: ['hồ sơ', 'thống kê', 'dịch vụ công trực tuyến'],
    },
    async table(db, now) {
      const counts = await dossierCountsByAgencyMonth(db, now)
      const names = new Map<string, string>()
      for (const { agencyId } of counts) {
        if (!names.has(agencyId)) names.set(agencyId, (await getAgency(db, agencyId)).name)
      }
      return {
        columns: [
          col('month', 'Tháng', 'Month', 'month'),
          col('agency_id', 'Mã cơ quan', 'Agency code', 'text'),
          col('agency_name', 'Cơ quan', 'Agency', 'text'),
          col('submitted', 'Hồ sơ tiếp nhận', 'Received', 'number'),
          col('online', 'Nộp trực tuyến', 'Filed online', 'number'),
          col('decided', 'Đã giải quyết', 'Decided', 'number'),
          col('on_time', 'Đúng hạn', 'On time', 'number'),
        ],
        rows: counts.map((c) => [
          c.month,
          c.agencyId,
          names.get(c.agencyId) ?? c.agencyId,
          suppressed(c.submitted),
          suppressed(c.online),
          suppressed(c.decided),
          suppressed(c.onTime),
        ]),
      }
    },
  },
]

/**
 * Makes or refreshes each of Sen's own datasets and publishes it the first time; a refresh whose
 * files come out the same changes nothing (no new version).
 */
export async function refreshSenDatasets(db: Db, now = new Date()): Promise<{ refreshed: string[] }> {
  const refreshed: string[] = []
  for (const generator of GENERATORS) {
    const [existing] = await db
      .select({ id: datasets.id, status: datasets.status })
      .from(datasets)
      .where(eq(datasets.generator, generator.id))
    // A withdrawn one stays withdrawn: its publisher decided so.
    if (existing?.status === 'withdrawn') continue
    const id =
      existing?.id ??
      (
        await createDataset(
          db,
          null,
          { agencyId: SEN_PUBLISHER, ...generator.metadata },
          {
            generator: generator.id,
          },
        )
      ).id
    const { columns, rows } = await generator.table(db, now)
    await replaceData(db, null, id, columns, [rows])
    if (existing?.status !== 'published') await publishDataset(db, null, id)
    refreshed.push(generator.id)
  }
  return { refreshed }
}
