import { describe, expect, it } from 'vitest'
import { demoProcedureFiles } from '../../country/procedures'
import { feeFor } from './fees'

// The fees of the catalog's own procedure files, as their fee texts state them.
const fee = (code: string) =>
  demoProcedureFiles().find((f) => f.input.code === code && !f.file.includes('@'))!.input.fee

describe('fees as the procedures state them', () => {
  it('certified copy (Circular 226/2016): 2,000 a page, 1,000 from page 3, at most 200,000 a copy, per copy', () => {
    const rule = fee('2.000815')
    expect(feeFor(rule, { pages: 3, copies: 2 })).toBe(10_000)
    expect(feeFor(rule, { pages: 1, copies: 1 })).toBe(2_000)
    expect(feeFor(rule, { pages: 2, copies: 3 })).toBe(12_000)
    // 2 × 2,000 + 248 × 1,000 = 252,000, capped at 200,000 for each of the two copies.
    expect(feeFor(rule, { pages: 250, copies: 2 })).toBe(400_000)
  })

  it('criminal-record certificate (Circular 244/2016): reduced and exempt categories, 5,000 more from the third copy', () => {
    const rule = fee('3.000333')
    expect(feeFor(rule, { copies: 1, feeCategory: 'none' })).toBe(200_000)
    expect(feeFor(rule, { copies: 4, feeCategory: 'none' })).toBe(210_000)
    expect(feeFor(rule, { copies: 1, feeCategory: 'student' })).toBe(100_000)
    expect(feeFor(rule, { copies: 3, feeCategory: 'merit' })).toBe(105_000)
    expect(feeFor(rule, { copies: 5, feeCategory: 'poor-household' })).toBe(0)
    expect(feeFor(rule, { copies: 1, feeCategory: 'elderly' })).toBe(0)
  })

  it('per copy, the online amount, and the case that changes the amount (a lost passport)', () => {
    expect(feeFor(fee('2.000635'), { copies: 3 })).toBe(24_000)
    expect(feeFor(fee('1.004222'), {})).toBe(10_000)
    expect(feeFor(fee('1.001456'), { reason: 'expired' })).toBe(200_000)
    expect(feeFor(fee('1.001456'), { reason: 'lost' })).toBe(400_000)
  })
})
