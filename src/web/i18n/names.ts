import { currentLanguage } from './index'

/** Pick the English name of an agency (or anything with name/nameEn) when the UI is in English and one exists. */
export function localName(item: { name: string; nameEn: string | null }): string {
  return currentLanguage() === 'en' && item.nameEn ? item.nameEn : item.name
}
