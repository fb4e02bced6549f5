// Signing throughput, in its own single-threaded process (so: per core). Renders result PDFs with
// the signing module's renderer and signs them as an approval does (two PAdES signatures, RSA-2048:
// the leader's personal key, then the agency's as an incremental update) for `seconds`;
// the baseline is the same render without the signature, in rounds alternating with it. Keys live
// in the benchmark's database (DATABASE_URL, or the PGlite directory SEN_DATA_DIR once the server
// has stopped), as they do for the server.
// Usage: tsx bench/signing.ts <seconds of each side> [rounds]; prints JSON.
import { openDatabase } from '../src/server/db'
import { renderResultPdf, signResultPdf } from '../src/server/modules/signing/service'

const seconds = Number(process.argv[2] ?? 5)
const rounds = Number(process.argv[3] ?? 1)
const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.SEN_DATA_DIR ?? 'memory://',
})
await database.migrate()
const db = database.db
const agency = { id: 'X00004', name: 'UBND phường Ba Đình' }
const official = {
  userId: '00000000-0000-4000-8000-00000000be0c',
  displayName: 'Lê Văn Cường',
  agencyName: agency.name,
  title: 'Lãnh đạo',
}

let serial = 0
const render = () => {
  serial++
  return renderResultPdf({
    title: 'GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ',
    titleEn: 'Residence information certificate',
    documentCode: `X00004-261123-${String(serial).padStart(4, '0')}-KQ1`,
    agencyName: agency.name,
    issuedAt: new Date(),
    holderName: 'Nguyễn Văn An',
    fields: [
      { label: 'Họ, chữ đệm và tên', value: 'Nguyễn Văn An' },
      { label: 'Số định danh cá nhân', value: '001090000001' },
      { label: 'Nơi cư trú', value: 'Số 12, tổ 3, phường Ba Đình, Hà Nội' },
      { label: 'Ngày sinh', value: '12/05/1990' },
    ],
    verifyUrl: `https://sen.example.vn/verify/${serial}`,
    signedBy: { name: official.displayName, title: official.title },
  })
}

/** One side of the measurement: its latencies over every round it ran. */
function side(work: () => Promise<unknown>) {
  const latencies: number[] = []
  let measuredMs = 0
  return {
    async warm() {
      for (let i = 0; i < 3; i++) await work() // fonts parsed, key decrypted
    },
    async round(ms: number) {
      const start = performance.now()
      const end = start + ms
      while (performance.now() < end) {
        const began = performance.now()
        await work()
        latencies.push(performance.now() - began)
      }
      measuredMs += performance.now() - start
    },
    result() {
      const sorted = [...latencies].sort((a, b) => a - b)
      const at = (q: number) =>
        Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10
      return {
        rps: Math.round((sorted.length / (measuredMs / 1000)) * 10) / 10,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        count: sorted.length,
      }
    },
  }
}

const renderOnly = side(render)
const signed = side(async () =>
  signResultPdf(db, {
    pdf: await render(),
    official,
    agency,
    subject: 'Kết quả hồ sơ',
    location: agency.name,
  }),
)
// The two alternate in rounds, as the server's scenarios do with their baselines, so that a
// slower stretch of a shared machine weighs on both alike.
await renderOnly.warm()
await signed.warm()
for (let round = 0; round < rounds; round++) {
  await renderOnly.round((seconds * 1000) / rounds)
  await signed.round((seconds * 1000) / rounds)
}
await database.close()
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024)
process.stdout.write(
  `${JSON.stringify({ signed: signed.result(), renderOnly: renderOnly.result(), rssMb })}\n`,
)
