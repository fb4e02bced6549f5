import { expect } from 'vitest'
import { bearer, type TestApp } from './app'

/** A tiny but real PDF, as a phone's scan of the hospital's birth notice would arrive. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

export const newborn = {
  fullName: 'Nguyễn Minh Khang',
  birthDate: '2026-11-20',
  gender: 'male',
  birthPlace: 'Bệnh viện Phụ sản Hà Nội',
}

/** What a citizen's and an official's programs do with dossiers, through the API. */
export function dossierClient(t: TestApp) {
  async function upload(token: string, type = 'birth-notice'): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/wallet/documents?type=${type}&title=${encodeURIComponent('Giấy chứng sinh')}`,
      headers: { ...bearer(token), 'content-type': 'application/pdf' },
      payload: PDF,
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json().id
  }

  function submit(token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { ...bearer(token), ...headers },
      payload: body,
    })
  }

  function act(token: string, code: string, body: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${code}/actions`,
      headers: bearer(token),
      payload: body,
    })
  }

  /** The birth registration of demo.citizen's newborn, with the birth notice from the wallet. */
  const birthApplication = (birthNotice: string) => ({
    procedureCode: '1.001193',
    data: { child: { ...newborn }, receiveBy: 'online' },
    documents: [{ requirementId: 'birth-notice', walletDocumentId: birthNotice }],
    consent: true,
  })

  /** Files a birth registration and returns its code. */
  async function fileBirth(token: string, birthNotice?: string): Promise<string> {
    const response = await submit(token, birthApplication(birthNotice ?? (await upload(token))))
    expect(response.statusCode, response.body).toBe(201)
    return response.json().code
  }

  return { upload, submit, act, birthApplication, fileBirth }
}
