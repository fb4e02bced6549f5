// Helpers for the signing tests: pdfsig with an optional trusted root, pdftotext, a PDF signed outside Sen.

import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { P12Signer } from '@signpdf/signer-p12'
import { SignPdf } from '@signpdf/signpdf'
import forge from 'node-forge'
import type { ResultPdfInput } from '../../src/server/modules/signing/types'

export const hasCommand = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0

/** Runs pdfsig on the PDF; with a root certificate, in a fresh NSS database that trusts it. */
export function pdfsig(pdf: Buffer, trustedRootPem?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-pdfsig-'))
  try {
    const file = path.join(dir, 'document.pdf')
    fs.writeFileSync(file, pdf)
    const args = [file]
    if (trustedRootPem) {
      const nss = path.join(dir, 'nss')
      fs.mkdirSync(nss)
      fs.writeFileSync(path.join(dir, 'root.pem'), trustedRootPem)
      const run = (args: string[]) => {
        const r = spawnSync('certutil', args, { encoding: 'utf8' })
        if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.stderr}`)
      }
      run(['-N', '-d', `sql:${nss}`, '--empty-password'])
      run(['-A', '-d', `sql:${nss}`, '-n', 'sen-root', '-t', 'C,C,C', '-i', path.join(dir, 'root.pem')])
      args.unshift('-nssdir', `sql:${nss}`)
    }
    const result = spawnSync('pdfsig', args, { encoding: 'utf8' })
    return `${result.stdout}${result.stderr}`
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of the PDF as pdftotext reads it (in reading order: each label, then its value). */
export function pdftotext(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`pdftotext: ${result.stderr}`)
  return result.stdout
}

/** The PDF with one byte inside the first signed range changed. */
export function flipByte(pdf: Buffer): Buffer {
  const altered = Buffer.from(pdf)
  const match = altered.toString('latin1').match(/\/ByteRange\s*\[\s*\d+\s+(\d+)/)
  const position = Math.floor(Number(match![1]) / 2)
  altered[position] = altered[position]! ^ 0x01
  return altered
}

/** The PDF signed with a self-made certificate that Sen never issued (the way any other tool signs). */
export async function signOutsideSen(pdf: Buffer, commonName = 'Someone Else'): Promise<Buffer> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string)
  const certificate = forge.pki.createCertificate()
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`
  certificate.validity.notBefore = new Date(Date.now() - 60_000)
  certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000)
  const name = [
    { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 },
  ] as unknown as forge.pki.CertificateField[]
  certificate.setSubject(name)
  certificate.setIssuer(name)
  certificate.sign(key, forge.md.sha256.create())
  const p12 = forge.asn1
    .toDer(forge.pkcs12.toPkcs12Asn1(key, [certificate], 'x', { algorithm: '3des' }))
    .getBytes()
  const prepared = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'test',
    contactInfo: '',
    name: commonName,
    location: 'elsewhere',
  })
  return new SignPdf().sign(prepared, new P12Signer(Buffer.from(p12, 'binary'), { passphrase: 'x' }))
}

export const SAMPLE: ResultPdfInput = {
  title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ KHAI SINH',
  titleEn: 'Birth registration certificate',
  documentCode: 'H01.X00001-260305-0001-KQ1',
  agencyName: 'UBND phường Ba Đình',
  issuedAt: new Date('2026-03-05T03:00:00Z'),
  holderName: 'Nguyễn Thị Hồng Ngọc',
  fields: [
    { label: 'Họ, chữ đệm và tên', value: 'Nguyễn Thị Hồng Ngọc' },
    { label: 'Ngày sinh', value: '05/03/2026' },
    { label: 'Nơi sinh', value: 'Bệnh viện Phụ sản Hà Nội, phường Láng, thành phố Hà Nội' },
    { label: 'Họ tên cha', value: 'Nguyễn Văn An' },
    { label: 'Họ tên mẹ', value: 'Trần Thị Bích Phượng' },
  ],
  verifyUrl: 'http://localhost:3000/verify/6f1c0c3e-1111-2222-3333-444455556666',
  place: 'Hà Nội',
}
