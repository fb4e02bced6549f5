import { describe, expect, it } from 'vitest'
import { crc16, vietQrPayload } from './vietqr'

describe('VietQR payload', () => {
  it('computes CRC-16/CCITT-FALSE as EMVCo specifies (check value of "123456789" is 29B1)', () => {
    expect(crc16('123456789')).toBe('29B1')
  })

  it('encodes bank, account, amount and purpose as EMVCo TLVs with a valid CRC', () => {
    const payload = vietQrPayload({
      bankBin: '970415',
      account: '113366668888',
      amountVnd: 10000,
      purpose: 'SEN X00004',
    })
    expect(payload.startsWith('000201010212')).toBe(true)
    expect(payload).toContain('0010A000000727')
    expect(payload).toContain('0006970415')
    expect(payload).toContain('540510000')
    expect(payload).toContain('5802VN')
    expect(payload.slice(-4)).toBe(crc16(payload.slice(0, -4)))
  })
})
