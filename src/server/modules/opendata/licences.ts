import type { LicenceView } from './types'

export const DEFAULT_LICENCE = 'CC-BY-4.0'

/** The licences a dataset may carry (SPDX ids), all conforming to the Open Definition. */
export const LICENCES: LicenceView[] = [
  {
    id: 'CC-BY-4.0',
    title: { vi: 'Creative Commons Ghi công 4.0', en: 'Creative Commons Attribution 4.0' },
    url: 'https://creativecommons.org/licenses/by/4.0/',
    openDefinition: true,
  },
  {
    id: 'CC0-1.0',
    title: {
      vi: 'Creative Commons CC0 1.0 (dành cho công chúng)',
      en: 'Creative Commons CC0 1.0 (public domain)',
    },
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    openDefinition: true,
  },
  {
    id: 'CC-BY-SA-4.0',
    title: {
      vi: 'Creative Commons Ghi công – Chia sẻ tương tự 4.0',
      en: 'Creative Commons Attribution-ShareAlike 4.0',
    },
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    openDefinition: true,
  },
  {
    id: 'ODC-By-1.0',
    title: {
      vi: 'Giấy phép Ghi công Open Data Commons 1.0',
      en: 'Open Data Commons Attribution License 1.0',
    },
    url: 'https://opendatacommons.org/licenses/by/1-0/',
    openDefinition: true,
  },
  {
    id: 'ODbL-1.0',
    title: { vi: 'Giấy phép Cơ sở dữ liệu mở (ODbL) 1.0', en: 'Open Database License (ODbL) 1.0' },
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    openDefinition: true,
  },
  {
    id: 'PDDL-1.0',
    title: {
      vi: 'Giấy phép Phạm vi công cộng Open Data Commons 1.0',
      en: 'Open Data Commons Public Domain Dedication and License 1.0',
    },
    url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    openDefinition: true,
  },
]

export const licenceById = (id: string) => LICENCES.find((licence) => licence.id === id)
