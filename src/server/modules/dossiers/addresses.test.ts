// Addresses in forms are administrative units picked by name and stored by code: the submission
// checks that each code is a unit in force and that the commune lies in the chosen province.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../tests/helpers/app'
import { dossierClient } from '../../../../tests/helpers/dossiers'
import { rowsOf } from '../../db/rows'
import { checkFormSchema, getProcedure } from '../catalog/service'
import { labelledFields } from './result.service'

let t: TestApp
let citizen: string
let submit: ReturnType<typeof dossierClient>['submit']

beforeAll(async () => {
  t = await createTestApp()
  ;({ submit } = dossierClient(t))
  citizen = await t.token('demo.citizen')
})
afterAll(() => t.close())

const TABLES = ['dossiers', 'dossier_actions', 'audit_events', 'outbox', 'notifications']
async function sizes(): Promise<number[]> {
  return Promise.all(
    TABLES.map(
      async (table) =>
        (await rowsOf<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n,
    ),
  )
}

const temporaryResidence = (provinceCode: string, communeCode: string) => ({
  procedureCode: '1.004194',
  data: {
    applicant: { phone: '0912345678' },
    temporaryResidence: { provinceCode, communeCode, address: 'Số 12, ngõ 34 phố Đội Cấn' },
    grounds: 'lease',
    months: 6,
  },
  documents: [],
})

describe('administrative units in a submitted form', () => {
  it('files a real commune of the chosen province, keeping the codes', async () => {
    const response = await submit(citizen, temporaryResidence('01', '00004'))
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json().data.temporaryResidence).toMatchObject({
      provinceCode: '01',
      communeCode: '00004',
    })
  })

  it.each([
    [
      'a province that does not exist',
      '99',
      '00004',
      'UNKNOWN_ADMIN_UNIT',
      'provinceCode',
      'Không có tỉnh, thành phố mã “99”',
    ],
    [
      'a commune that does not exist',
      '01',
      '99999',
      'UNKNOWN_ADMIN_UNIT',
      'communeCode',
      'Không có xã, phường, đặc khu mã “99999”',
    ],
    [
      'a commune of another province (Hải Châu is in Đà Nẵng)',
      '01',
      '20242',
      'COMMUNE_NOT_IN_PROVINCE',
      'communeCode',
      'Phường Hải Châu (20242) không thuộc Thành phố Hà Nội',
    ],
  ])(
    'refuses %s with a 400 naming the field, and writes nothing',
    async (_case, province, commune, code, field, vi) => {
      const before = await sizes()
      const response = await submit(citizen, temporaryResidence(province, commune))
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toMatchObject({ code, field: `data.temporaryResidence.${field}` })
      expect(response.json().error.message).toContain(vi)
      const english = await t.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers',
        headers: { authorization: `Bearer ${citizen}`, 'accept-language': 'en' },
        payload: temporaryResidence(province, commune),
      })
      expect(english.json().error.message).toMatch(/^(There is no|Hải Châu Ward|Phường Hải Châu)/)
      expect(await sizes()).toEqual(before)
    },
  )

  it('names the units on the result, not their codes', async () => {
    const procedure = await getProcedure(t.db, '1.004194')
    const fields = labelledFields(procedure.form.schema, temporaryResidence('01', '00004').data)
    expect(fields).toContainEqual({
      label: 'Địa chỉ đề nghị đăng ký tạm trú — Tỉnh, thành phố',
      value: 'Thành phố Hà Nội',
    })
    expect(fields).toContainEqual({
      label: 'Địa chỉ đề nghị đăng ký tạm trú — Xã, phường, đặc khu',
      value: 'Phường Ba Đình',
    })
  })

  it('refuses a form whose commune field has no province field beside it', () => {
    expect(() =>
      checkFormSchema({
        type: 'object',
        properties: {
          where: { type: 'object', properties: { c: { type: 'string', 'x-admin-unit': 'commune' } } },
        },
      }),
    ).toThrow(/province field/)
    expect(() =>
      checkFormSchema({ type: 'object', properties: { p: { type: 'string', 'x-admin-unit': 'district' } } }),
    ).toThrow(/"province" or "commune"/)
  })
})
