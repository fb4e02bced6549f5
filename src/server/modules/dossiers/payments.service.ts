import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { and, desc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { writeTogether } from '../../db/together'
import { AppError } from '../../errors'
import { publish } from '../events/service'
import { addDocument } from '../wallet/service'
import { SYSTEM, takeAction } from './actions.service'
import { dossierNotFound } from './errors'
import { paymentConfig } from './payment-requests.service'
import { getDossierRow } from './queries.service'
import { paymentNoticeConflicts, payments } from './schema'
import { isUniqueViolation } from './submission.service'
import type { NoticeConflictView, PaymentView } from './types'

const toView = (row: typeof payments.$inferSelect): PaymentView => ({
  id: row.id,
  dossierCode: row.dossierCode,
  amountVnd: row.amountVnd,
  status: row.status,
  qrPayload: row.qrPayload,
  paidAt: row.paidAt?.toISOString() ?? null,
  receiptDocumentId: row.receiptDocumentId,
})

export async function latestPayment(db: Db, dossierCode: string): Promise<PaymentView | null> {
  const [row] = await db
    .select()
    .from(payments)
    .where(eq(payments.dossierCode, dossierCode))
    .orderBy(desc(payments.createdAt))
    .limit(1)
  return row ? toView(row) : null
}

/** The provider's callback: `x-sen-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signCallback(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`
}

const forged = () =>
  new AppError(401, 'PAYMENT_SIGNATURE_INVALID', {
    vi: 'Chữ ký của thông báo thanh toán không hợp lệ.',
    en: 'The payment notification’s signature is not valid.',
  })

const amountMismatch = () =>
  new AppError(400, 'PAYMENT_AMOUNT_MISMATCH', {
    vi: 'Số tiền thanh toán không khớp với yêu cầu.',
    en: 'The amount paid does not match the request.',
  })

export function verifyCallbackSignature(secret: string, body: string, header: string | undefined) {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]))
  const at = Number(parts.t)
  const given = Buffer.from(parts.v1 ?? '', 'hex')
  const expected = createHmac('sha256', secret).update(`${at}.${body}`).digest()
  const fresh = Math.abs(Date.now() / 1000 - at) <= paymentConfig().callbackToleranceSeconds
  if (
    !Number.isFinite(at) ||
    !fresh ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  ) {
    throw forged()
  }
}

export interface PaymentNotice {
  paymentId: string
  providerRef: string
  amountVnd: number
  status: 'paid' | 'failed'
}

const providerRefUsed = () =>
  new AppError(
    409,
    'PAYMENT_REFERENCE_USED',
    {
      vi: 'Mã giao dịch (providerRef) này đã được dùng cho một khoản thanh toán khác. Thông báo đã được ghi lại để cán bộ vận hành đối soát.',
      en: 'This transaction reference (providerRef) already belongs to another payment. The notice has been recorded for an operator to reconcile.',
    },
    'providerRef',
  )

/**
 * Applies a (verified) provider notice. Idempotent: the provider retries until it hears 200, so a
 * notice for a payment already settled changes nothing and answers as before. A notice whose
 * reference another payment already holds changes nothing either: it is kept for an operator
 * (listNoticeConflicts) and answered 409, at every retry, rather than failing on the unique index.
 */
export async function settlePayment(db: Db, notice: PaymentNotice, publicUrl: string) {
  try {
    return await applyNotice(db, notice, publicUrl)
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const [holder] = await db
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.providerRef, notice.providerRef), ne(payments.id, notice.paymentId)))
    if (!holder) throw error
    await db
      .insert(paymentNoticeConflicts)
      .values({
        paymentId: notice.paymentId,
        providerRef: notice.providerRef,
        heldByPaymentId: holder.id,
        noticeStatus: notice.status,
        amountVnd: notice.amountVnd,
      })
      .onConflictDoUpdate({
        target: [paymentNoticeConflicts.paymentId, paymentNoticeConflicts.providerRef],
        set: { notices: sql`${paymentNoticeConflicts.notices} + 1`, lastAt: new Date() },
      })
    throw providerRefUsed()
  }
}

/** The notices refused for a reference another payment holds, latest first, with both dossiers. */
export async function listNoticeConflicts(db: Db): Promise<NoticeConflictView[]> {
  const rows = await db.select().from(paymentNoticeConflicts).orderBy(desc(paymentNoticeConflicts.lastAt))
  const ids = [...new Set(rows.flatMap((r) => [r.paymentId, r.heldByPaymentId]))]
  const dossierOf = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: payments.id, dossierCode: payments.dossierCode })
            .from(payments)
            .where(sql`${payments.id} = any(${sql.param(ids)}::uuid[])`)
        ).map((p) => [p.id, p.dossierCode]),
  )
  return rows.map((row) => ({
    paymentId: row.paymentId,
    dossierCode: dossierOf.get(row.paymentId) ?? null,
    providerRef: row.providerRef,
    heldByPaymentId: row.heldByPaymentId,
    heldByDossierCode: dossierOf.get(row.heldByPaymentId) ?? null,
    noticeStatus: row.noticeStatus,
    amountVnd: row.amountVnd,
    notices: row.notices,
    firstAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
  }))
}

function applyNotice(db: Db, notice: PaymentNotice, publicUrl: string) {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, notice.paymentId)).for('update')
    if (!payment) throw dossierNotFound()
    if (payment.status !== 'pending') return { status: payment.status, duplicate: true }
    if (notice.amountVnd !== payment.amountVnd) throw amountMismatch()
    if (notice.status === 'failed') {
      await writeTogether(tx, [
        tx
          .update(payments)
          .set({ status: 'failed', providerRef: notice.providerRef })
          .where(eq(payments.id, payment.id)),
        publish(tx, {
          name: 'payment.failed',
          payload: { dossierCode: payment.dossierCode, paymentId: payment.id },
        }),
      ])
      return { status: 'failed' as const, duplicate: false }
    }
    const dossier = await getDossierRow(tx, payment.dossierCode)
    const paidAt = new Date()
    const receiptId = await addDocument(tx, null, {
      owner:
        dossier.applicantType === 1
          ? { type: 'person', id: dossier.applicantId }
          : { type: 'organisation', id: dossier.applicantId },
      code: `${dossier.code}-BL${randomUUID().slice(0, 4).toUpperCase()}`,
      type: 'fee-receipt',
      title: `Biên lai thu phí, lệ phí hồ sơ ${dossier.code}`,
      source: 'issued',
      issuerAgencyId: dossier.competentAgencyId,
      dossierCode: dossier.code,
      data: { amountVnd: payment.amountVnd, providerRef: notice.providerRef, paidAt: paidAt.toISOString() },
    })
    await writeTogether(tx, [
      tx
        .update(payments)
        .set({ status: 'paid', providerRef: notice.providerRef, paidAt, receiptDocumentId: receiptId })
        .where(eq(payments.id, payment.id)),
      publish(tx, {
        name: 'payment.settled',
        payload: {
          dossierCode: payment.dossierCode,
          paymentId: payment.id,
          amountVnd: payment.amountVnd,
          receiptDocumentId: receiptId,
        },
      }),
    ])
    await takeAction(
      tx,
      SYSTEM,
      dossier.code,
      { action: 'pay', note: `Đã thanh toán ${payment.amountVnd} đồng` },
      { publicUrl },
    )
    return { status: 'paid' as const, duplicate: false }
  })
}
