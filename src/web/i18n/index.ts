import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './en.json'
import vi from './vi.json'

export const LANGUAGES = ['vi', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'sen.lang'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY)
    if (isLanguage(value)) return value
  } catch {
    // localStorage may be unavailable (privacy mode); Vietnamese is the default.
  }
  return 'vi'
}

/** The language the UI is currently shown in; sent as Accept-Language on every API call. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'vi'
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // ignore: the choice just will not survive a reload
  }
  await i18n.changeLanguage(lang)
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = isLanguage(lng) ? lng : 'vi'
})

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
})

document.documentElement.lang = currentLanguage()

export default i18n
