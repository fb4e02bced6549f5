import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../../../tests/helpers/db'
import {
  flipByte,
  hasCommand,
  pdfsig,
  pdftotext,
  SAMPLE,
  signOutsideSen,
} from '../../../../tests/helpers/signing'
import type { Database, Db } from '../../db'
import {
  ensureAgencyKey,
  ensureOfficialKey,
  renderResultPdf,
  revokeKey,
  rootCertificatePem,
  SUBFILTER,
  signPdf,
  signResultPdf,
  verifyPdf,
} from './service'

let database: Database
let db: Db
let unsigned: Buffer
let signed: Buffer
const AGENCY = { id: 'H01.X00001', name: 'UBND phường Ba Đình' }
const signer = { ownerType: 'agency' as const, ownerId: AGENCY.id }
const reason = 'Kết quả hồ sơ H01.X00001-260305-0001'

beforeAll(async () => {
  database = await testDatabase()
  db = database.db
  await ensureAgencyKey(db, AGENCY.id, AGENCY.name)
  unsigned = await renderResultPdf(SAMPLE)
  signed = await signPdf(db, { pdf: unsigned, signer, reason, location: 'Hà Nội' })
})
afterAll(() => database.close())

describe('the result PDF', () => {
  it('is an A4 PDF with the Vietnamese font embedded (subset) and the data in it', async () => {
    expect(unsigned.subarray(0, 5).toString()).toBe('%PDF-')
    const text = unsigned.toString('latin1')
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Bold/)
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/)
    expect(text).not.toContain('/Subtype /Image') // the QR code is vector squares, not a picture
    // Subsets keep it small: the two fonts are ~1 MB, the document a few tens of kB.
    expect(unsigned.length).toBeLessThan(120_000)
  })

  it('writes its dates as dd/mm/yyyy, in Vietnam’s time', () => {
    // Issued 2026-03-05T03:00Z: 10:00 on 5 March in Hà Nội.
    const text = pdftotext(unsigned)
    expect(text).toMatch(/Ngày cấp \/ Issued on:\s+05\/03\/2026/)
    expect(text).toContain('Hà Nội, ngày 05 tháng 03 năm 2026')
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })
})

describe('PAdES signatures', () => {
  it('signs with ETSI.CAdES.detached, and pdfsig says the signature is valid', () => {
    expect(signed.toString('latin1')).toContain(`/SubFilter /${SUBFILTER}`)
    const out = pdfsig(signed)
    expect(out).toContain('Signature Validation: Signature is Valid.')
    expect(out).toContain('Signer Certificate Common Name: UBND phường Ba Đình')
    expect(out).toContain('Signature Type: ETSI.CAdES.detached')
    expect(out).toContain('Total document signed')
  })

  it.skipIf(!hasCommand('certutil'))('is trusted by pdfsig once Sen’s root is trusted', async () => {
    const out = pdfsig(signed, await rootCertificatePem(db))
    expect(out).toContain('Signature Validation: Signature is Valid.')
    expect(out).toContain('Certificate Validation: Certificate is Trusted.')
  })

  it('verifies as valid in Sen, naming the agency, the reason and the place', async () => {
    const result = await verifyPdf(db, signed)
    expect(result).toMatchObject({
      status: 'valid',
      signer: { cn: AGENCY.name, ownerType: 'agency', ownerId: AGENCY.id, organisation: AGENCY.id },
      reason,
      location: 'Hà Nội',
      subFilter: 'ETSI.CAdES.detached',
      signatures: 1,
      signers: [{ status: 'valid', signer: { cn: AGENCY.name, title: null }, coversWholeFile: true }],
      detail: null,
    })
    expect(Date.now() - new Date(result.signedAt!).getTime()).toBeLessThan(10 * 60_000)
  })

  it('says altered when a signed byte changes, and so does pdfsig', async () => {
    const altered = flipByte(signed)
    expect(await verifyPdf(db, altered)).toMatchObject({ status: 'altered', signer: { ownerId: AGENCY.id } })
    const out = pdfsig(altered)
    expect(out).not.toContain('Signature is Valid.')
    expect(out).toContain('Signature Validation: Digest Mismatch.')
  })

  it('says altered when something is appended after the signature', async () => {
    const extended = Buffer.concat([signed, Buffer.from('\n1000 0 obj\n<< >>\nendobj\n')])
    const result = await verifyPdf(db, extended)
    expect(result.status).toBe('altered')
    expect(result.detail).toMatch(/after it was signed/)
  })

  it('says altered when the signature bytes themselves are damaged', async () => {
    const damaged = Buffer.from(signed)
    const text = damaged.toString('latin1')
    const contents = text.indexOf('/Contents <') + '/Contents <'.length
    // Inside the RSA signature value, near the end of the CMS (the padding of zeros follows it).
    const end = text.indexOf('0000000000', contents)
    // Another hex digit, compared by value: hex is case-insensitive, so 'a' → 'A' would change nothing.
    const digit = String.fromCharCode(damaged[end - 20]!)
    damaged.write(digit === '0' ? '1' : '0', end - 20, 'latin1')
    expect((await verifyPdf(db, damaged)).status).toBe('altered')
  })

  it('says revoked once the signing key is revoked', async () => {
    const key = await ensureAgencyKey(db, 'H01.X00007', 'UBND phường Tây Hồ')
    const pdf = await signPdf(db, {
      pdf: unsigned,
      signer: { ownerType: 'agency', ownerId: 'H01.X00007' },
      reason: 'thử',
      location: 'Hà Nội',
    })
    expect((await verifyPdf(db, pdf)).status).toBe('valid')
    await revokeKey(db, key.id)
    expect(await verifyPdf(db, pdf)).toMatchObject({ status: 'revoked', signer: { ownerId: 'H01.X00007' } })
  })

  it('says unknown_signer for a PDF signed with a certificate Sen did not issue', async () => {
    // ASCII: node-forge re-encodes UTF-8 names twice when it rebuilds a certificate from a P12.
    const foreign = await signOutsideSen(unsigned, 'UBND phuong Ba Dinh')
    expect(pdfsig(foreign)).toContain('Signature Validation: Signature is Valid.')
    expect(await verifyPdf(db, foreign)).toMatchObject({ status: 'unknown_signer', signer: null })
  })

  it('says unsigned for a PDF without a signature', async () => {
    expect(await verifyPdf(db, unsigned)).toMatchObject({ status: 'unsigned', signer: null, signatures: 0 })
  })

  it('signs with an official’s key as well', async () => {
    const userId = '0b7c4a8e-54a8-4d54-9a49-5c9f0f7ad001'
    await ensureOfficialKey(db, { userId, displayName: 'Lê Văn Lãnh', agencyName: AGENCY.name })
    const pdf = await signPdf(db, {
      pdf: unsigned,
      signer: { ownerType: 'official', ownerId: userId },
      reason: 'Phê duyệt',
      location: 'Hà Nội',
    })
    expect(await verifyPdf(db, pdf)).toMatchObject({
      status: 'valid',
      signer: { cn: 'Lê Văn Lãnh', ownerType: 'official', ownerId: userId, organisation: AGENCY.name },
    })
  })

  it('refuses to sign what is not a PDF, or for an owner without a key', async () => {
    await expect(
      signPdf(db, { pdf: Buffer.from('hello'), signer, reason: 'x', location: 'y' }),
    ).rejects.toMatchObject({ code: 'NOT_A_PDF' })
    await expect(
      signPdf(db, {
        pdf: unsigned,
        signer: { ownerType: 'agency', ownerId: 'NOPE' },
        reason: 'x',
        location: 'y',
      }),
    ).rejects.toMatchObject({ code: 'SIGNING_NO_ACTIVE_KEY' })
    await expect(verifyPdf(db, Buffer.from('not a pdf'))).rejects.toMatchObject({ code: 'NOT_A_PDF' })
  })
})

describe('a result signed by the official who approved it and by the agency', () => {
  const official = {
    userId: '0b7c4a8e-54a8-4d54-9a49-5c9f0f7ad0aa',
    displayName: 'Lê Văn Cường',
    agencyName: AGENCY.name,
    title: 'Lãnh đạo',
  }
  let result: Buffer
  beforeAll(async () => {
    result = await signResultPdf(db, {
      pdf: await renderResultPdf({ ...SAMPLE, signedBy: { name: official.displayName, title: 'Lãnh đạo' } }),
      official,
      agency: AGENCY,
      subject: reason,
      location: 'Hà Nội',
    })
  })

  it('carries two signatures that pdfsig finds valid: the official’s first, then the agency’s over the whole file', () => {
    const out = pdfsig(result)
    const [first, second, third] = out.split(/^Signature #\d+:$/m).slice(1)
    expect(third).toBeUndefined()
    expect(first).toContain('Signer Certificate Common Name: Lê Văn Cường')
    expect(first).toContain('CN=Lê Văn Cường,title=Lãnh đạo,UID=')
    expect(first).toContain('Signature Validation: Signature is Valid.')
    expect(first).toContain('Not total document signed')
    expect(second).toContain('Signer Certificate Common Name: UBND phường Ba Đình')
    expect(second).toContain('Signature Validation: Signature is Valid.')
    expect(second).toContain('Total document signed')
  })

  it.skipIf(!hasCommand('certutil'))('both are trusted by pdfsig once Sen’s root is trusted', async () => {
    const out = pdfsig(result, await rootCertificatePem(db))
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2)
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2)
  })

  it('verifies in Sen as valid, listing the official by name and title, then the agency', async () => {
    const verification = await verifyPdf(db, result)
    expect(verification).toMatchObject({
      status: 'valid',
      signatures: 2,
      signer: { cn: AGENCY.name, ownerType: 'agency' },
      detail: null,
    })
    expect(verification.signers).toMatchObject([
      {
        status: 'valid',
        signer: {
          cn: 'Lê Văn Cường',
          title: 'Lãnh đạo',
          ownerType: 'official',
          ownerId: official.userId,
          organisation: AGENCY.name,
        },
        reason: `Phê duyệt: ${reason}`,
        coversWholeFile: false,
      },
      {
        status: 'valid',
        signer: { cn: AGENCY.name, ownerType: 'agency', ownerId: AGENCY.id },
        reason: `Chữ ký số của cơ quan: ${reason}`,
        coversWholeFile: true,
      },
    ])
  })

  // Other documents were rendered before this one in the process: their glyphs must not blank letters here.
  it('prints who signed in the signature block, in the PDF’s text', () => {
    const text = pdftotext(result)
    expect(text).toContain('LÃNH ĐẠO')
    expect(text).toContain('Lê Văn Cường')
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Ký số bởi Lê Văn Cường và bằng chữ ký số của UBND phường Ba Đình / Digitally signed by Lê Văn Cường and sealed by the agency',
    )
  })

  it('fails both signatures, in Sen and in pdfsig, when a byte both cover changes', async () => {
    const altered = flipByte(result)
    const out = pdfsig(altered)
    expect(out).not.toContain('Signature is Valid.')
    expect(out.match(/Signature Validation: Digest Mismatch\./g)).toHaveLength(2)
    const verification = await verifyPdf(db, altered)
    expect(verification.status).toBe('altered')
    expect(verification.signers.map((s) => s.status)).toEqual(['altered', 'altered'])
    expect(verification.detail).toMatch(/^signature 1 of 2: .*digest mismatch/)
  })

  it('says altered when an update is added after the agency’s signature', async () => {
    const extended = Buffer.concat([result, Buffer.from('\n1000 0 obj\n<< >>\nendobj\n')])
    const verification = await verifyPdf(db, extended)
    expect(verification.status).toBe('altered')
    expect(verification.signers.map((s) => s.status)).toEqual(['valid', 'altered'])
  })

  it('says unknown_signer when someone else signs over Sen’s two signatures', async () => {
    const foreign = await signOutsideSen(result, 'Someone Else')
    const verification = await verifyPdf(db, foreign)
    expect(verification.status).toBe('unknown_signer')
    expect(verification.signers.map((s) => s.status)).toEqual(['valid', 'valid', 'unknown_signer'])
  })
})
