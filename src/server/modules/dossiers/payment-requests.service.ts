import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { countryDir } from '../../country/files'
import type { Tx } from '../../db'
import { writeTogether } from '../../db/together'
import { publish } from '../events/service'
import { payments } from './schema'
import { vietQrPayload } from './vietqr'

// Apart from payments.service.ts, which settles a payment by taking the 'pay' action: the actions
// open payment requests, so the two would import each other.

interface PaymentConfig {
  payee: { bankBin: string; account: string; name: string }
  callbackToleranceSeconds: number
}

export const paymentConfig = (): PaymentConfig =>
  JSON.parse(fs.readFileSync(path.join(countryDir, 'payment.json'), 'utf8')) as PaymentConfig

/** Opens a payment request for a dossier's fee, with the VietQR code a banking app scans. */
export async function openPayment(tx: Tx, dossierCode: string, amountVnd: number) {
  const { payee } = paymentConfig()
  const id = randomUUID()
  const request = tx.insert(payments).values({
    id,
    dossierCode,
    amountVnd,
    status: 'pending',
    qrPayload: vietQrPayload({
      bankBin: payee.bankBin,
      account: payee.account,
      amountVnd,
      purpose: `SEN ${dossierCode}`,
    }),
  })
  await writeTogether(tx, [
    request,
    publish(tx, { name: 'payment.requested', payload: { dossierCode, paymentId: id, amountVnd } }),
  ])
}
