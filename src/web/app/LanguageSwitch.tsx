import { SegmentedControl, VisuallyHidden } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { currentLanguage, isLanguage, setLanguage } from '../i18n'

/** "VI | EN" switch; the choice is remembered in localStorage (sen.lang). */
export function LanguageSwitch() {
  const { t } = useTranslation()
  const option = (code: 'vi' | 'en', name: string) => ({
    value: code,
    label: (
      <>
        <span aria-hidden="true">{code.toUpperCase()}</span>
        <VisuallyHidden lang={code}>{name}</VisuallyHidden>
      </>
    ),
  })
  return (
    <fieldset className="sen-fieldset">
      <legend className="sen-sr-only">{t('nav.language')}</legend>
      <SegmentedControl
        size="xs"
        color="blue"
        value={currentLanguage()}
        onChange={(value) => {
          if (isLanguage(value)) void setLanguage(value)
        }}
        data={[option('vi', t('nav.languageVi')), option('en', t('nav.languageEn'))]}
      />
    </fieldset>
  )
}
