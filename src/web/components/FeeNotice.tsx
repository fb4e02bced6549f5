import { Alert, List, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatVnd } from '../i18n/format'

/**
 * What a fee-bearing application costs and how it is paid, told where the applicant lands after
 * filing and on the dossier until the agency asks for the payment: the agency first checks the
 * dossier, then asks for the fee, which is paid on the dossier's page with VietQR.
 */
export function FeeNotice({ amountVnd, code }: { amountVnd: number; code: string }) {
  const { t } = useTranslation()
  return (
    <Alert color="orange" variant="light" role="note" title={t('fee.noticeTitle')} data-testid="fee-notice">
      <Text mb="xs">{t('fee.amount', { amount: formatVnd(amountVnd) })}</Text>
      <List type="ordered" spacing={4} fz="sm">
        <List.Item>{t('fee.stepRequest')}</List.Item>
        <List.Item>{t('fee.stepPay', { code })}</List.Item>
        <List.Item>{t('fee.stepAfter')}</List.Item>
      </List>
    </Alert>
  )
}
