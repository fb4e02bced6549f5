/**
 * VietQR payloads: the EMVCo merchant-presented QR format as NAPAS profiles it for Vietnamese
 * bank transfers (tag 38 with the NAPAS GUID, the bank's BIN and the account), ending in a CRC-16.
 */
function tlv(tag: string, value: string): string {
  return `${tag}${String(value.length).padStart(2, '0')}${value}`
}

/** CRC-16/CCITT-FALSE over the payload including the CRC tag's id and length, as EMVCo requires. */
export function crc16(text: string): string {
  let crc = 0xffff
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc.toString(16).toUpperCase().padStart(4, '0')
}

export interface VietQrInput {
  /** The bank's 6-digit BIN in the NAPAS network. */
  bankBin: string
  account: string
  amountVnd: number
  /** Shown in the transfer description: the payment reference. */
  purpose: string
}

export function vietQrPayload(input: VietQrInput): string {
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.account)
  const merchant = tlv('00', 'A000000727') + tlv('01', beneficiary) + tlv('02', 'QRIBFTTA')
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('38', merchant) +
    tlv('53', '704') +
    tlv('54', String(input.amountVnd)) +
    tlv('58', 'VN') +
    tlv('62', tlv('08', input.purpose.slice(0, 50))) +
    '6304'
  return body + crc16(body)
}
