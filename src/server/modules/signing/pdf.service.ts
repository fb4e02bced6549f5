import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { repoPath } from '../../paths'
import type { ResultPdfInput } from './types'

const FONT_DIR = repoPath('assets/fonts')
// pdfkit's own fontkit: pdfkit takes its parsed fonts, so each font is parsed once per process
// rather than once per document (about 100 ms each).
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
  create(data: Uint8Array): FontkitFont
}
/** The part of a fontkit font Sen touches: its cache of glyph objects. */
interface FontkitFont {
  _glyphs: Record<number, unknown>
}
let fonts: { regular: FontkitFont; bold: FontkitFont } | undefined

/**
 * Noto Sans, shipped in assets/fonts: every Vietnamese letter, whatever the operating system has.
 * Each document starts with an empty glyph cache: fontkit keeps a glyph with the characters it was
 * first asked for, and subsetting one document asks for the parts of composite glyphs (the O of Ộ,
 * the u of ư) with none, so that the next document's text map (ToUnicode) would lose those letters
 * for copying, search and screen readers. The parsed tables (the costly part) stay shared.
 */
function loadFonts() {
  fonts ??= {
    regular: fontkit.create(fs.readFileSync(path.join(FONT_DIR, 'NotoSans-Regular.ttf'))),
    bold: fontkit.create(fs.readFileSync(path.join(FONT_DIR, 'NotoSans-Bold.ttf'))),
  }
  fonts.regular._glyphs = {}
  fonts.bold._glyphs = {}
  return fonts
}

/** The QR code as vector squares (sharp at any zoom, no PNG to encode), one path per row run. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const quiet = 2
  const cell = size / (modules.size + 2 * quiet)
  doc.rect(x, y, size, size).fill('#ffffff')
  for (let row = 0; row < modules.size; row++) {
    let col = 0
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < modules.size && modules.get(row, col)) col++
      // A hair wider than the cell, so that no seam shows between neighbours.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.05, cell + 0.05)
    }
  }
  doc.fill('#000000')
}

/** The state's header on every administrative document (Decree 30/2020 layout). */
export const NATIONAL_HEADER = {
  country: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  timeZone: 'Asia/Ho_Chi_Minh',
}

const MARGIN = 56
const A4_WIDTH = 595.28
const A4_HEIGHT = 841.89
const QR_SIZE = 96

/** "ngày 05 tháng 03 năm 2026", in Vietnam's time. */
function vietnameseDate(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(date)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `ngày ${part('day')} tháng ${part('month')} năm ${part('year')}`
}

/** "05/03/2026" (dd/mm/yyyy, as Vietnamese documents write dates), in Vietnam's time. */
export function vietnameseShortDate(date: Date, timeZone: string = NATIONAL_HEADER.timeZone): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date)
}

/**
 * The result document of a dossier as an A4 PDF: national header, issuing agency, title, the
 * decision's data as label/value lines, document code, issue date, and a QR code to its public
 * verification page. Noto Sans is embedded (subset), so the Vietnamese text shows in any reader.
 */
export async function renderResultPdf(input: ResultPdfInput): Promise<Buffer> {
  const { regular, bold } = loadFonts()
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: input.titleEn ? `${input.title} / ${input.titleEn}` : input.title,
      Author: input.agencyName,
      Subject: input.documentCode,
      Creator: 'Sen',
      Producer: 'Sen (pdfkit)',
      CreationDate: input.issuedAt,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('regular', regular as never)
  doc.registerFont('bold', bold as never)

  const width = A4_WIDTH - 2 * MARGIN
  const half = width / 2 - 8
  const right = MARGIN + width / 2 + 8
  const top = MARGIN

  // Header: issuing agency on the left, the national header on the right, each underlined.
  doc.font('bold').fontSize(11)
  doc.text(input.agencyName.toUpperCase(), MARGIN, top, { width: half - 24, align: 'center' })
  const leftEnd = doc.y
  doc.text(NATIONAL_HEADER.country, right - 24, top, { width: half + 24, align: 'center' })
  doc.fontSize(12).text(NATIONAL_HEADER.motto, right - 24, doc.y + 1, { width: half + 24, align: 'center' })
  const rightEnd = doc.y
  const rule = (centre: number, y: number, length: number) =>
    doc
      .moveTo(centre - length / 2, y)
      .lineTo(centre + length / 2, y)
      .lineWidth(0.7)
      .stroke()
  rule(MARGIN + (half - 24) / 2, leftEnd + 3, 60)
  rule(right - 24 + (half + 24) / 2, rightEnd + 3, 150)

  const place = input.place ?? input.agencyName
  let y = Math.max(leftEnd, rightEnd) + 14
  doc.font('regular').fontSize(11)
  doc.text(`Số: ${input.documentCode}`, MARGIN, y, { width: half - 24, align: 'center' })
  doc.text(`${place}, ${vietnameseDate(input.issuedAt, NATIONAL_HEADER.timeZone)}`, right - 24, y, {
    width: half + 24,
    align: 'center',
  })
  y = doc.y + 28

  // Title.
  doc.font('bold').fontSize(16).text(input.title, MARGIN, y, { width, align: 'center' })
  if (input.titleEn)
    doc
      .font('regular')
      .fontSize(11)
      .text(input.titleEn, MARGIN, doc.y + 2, { width, align: 'center' })
  y = doc.y + 22

  // Holder and the decision's data.
  const labelWidth = 170
  const line = (label: string, value: string, strong = false) => {
    if (doc.y > A4_HEIGHT - MARGIN - 60) doc.addPage()
    const start = doc.y
    doc.font('regular').fontSize(11).text(`${label}:`, MARGIN, start, { width: labelWidth })
    const labelEnd = doc.y
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(11)
      .text(value || '—', MARGIN + labelWidth + 8, start, { width: width - labelWidth - 8 })
    doc.y = Math.max(labelEnd, doc.y) + 5
  }
  doc.y = y
  line('Cấp cho / Issued to', input.holderName, true)
  for (const field of input.fields) line(field.label, field.value)
  line('Số văn bản / Document code', input.documentCode)
  line('Ngày cấp / Issued on', vietnameseShortDate(input.issuedAt))

  // Footer: the QR code to the verification page, and who signs.
  let footer = doc.y + 24
  if (footer + QR_SIZE + 40 > A4_HEIGHT - MARGIN) {
    doc.addPage()
    footer = MARGIN
  }
  drawQr(doc, input.verifyUrl, MARGIN, footer, QR_SIZE)
  doc
    .font('bold')
    .fontSize(9)
    .text('Quét mã để xác minh / Scan to verify', MARGIN, footer + QR_SIZE + 4, { width: 200 })
  doc
    .font('regular')
    .fontSize(7)
    .text(input.verifyUrl, MARGIN, doc.y + 1, { width: 240, link: input.verifyUrl })

  // The signature block (Decree 30/2020): the agency, the signer's capacity, the signature, the name.
  const block = { width: half + 24, align: 'center' as const }
  doc
    .font('bold')
    .fontSize(11)
    .text(input.agencyName.toUpperCase(), right - 24, footer, block)
  if (input.signedBy) {
    if (input.signedBy.title)
      doc
        .font('bold')
        .fontSize(11)
        .text(input.signedBy.title.toUpperCase(), right - 24, doc.y + 1, block)
    doc
      .font('regular')
      .fontSize(9)
      .text('(Đã ký số / Digitally signed)', right - 24, doc.y + 6, block)
    doc
      .font('bold')
      .fontSize(11)
      .text(input.signedBy.name, right - 24, doc.y + 6, block)
    doc
      .font('regular')
      .fontSize(8)
      .text(
        `Ký số bởi ${input.signedBy.name} và bằng chữ ký số của ${input.agencyName} / Digitally signed by ${input.signedBy.name} and sealed by the agency`,
        right - 24,
        doc.y + 8,
        block,
      )
  } else {
    doc
      .font('regular')
      .fontSize(9)
      .text(
        `Ký số bằng chữ ký số của ${input.agencyName} / Digitally sealed by the agency`,
        right - 24,
        doc.y + 6,
        block,
      )
  }
  doc.end()
  return done
}
