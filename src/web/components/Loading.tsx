import { Center, Loader } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** A spinner announced to assistive technology as "Loading…". */
export function Loading({ size = 'md', inline = false }: { size?: 'xs' | 'sm' | 'md'; inline?: boolean }) {
  const { t } = useTranslation()
  const loader = <Loader size={size} role="status" aria-label={t('common.loading')} />
  return inline ? loader : <Center py="xl">{loader}</Center>
}
