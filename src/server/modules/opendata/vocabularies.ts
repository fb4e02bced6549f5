// Plain data, no imports: the web app shows these labels too.

type Labels = Record<string, { vi: string; en: string }>

/** The EU data themes, as the EU Publications Office names them, and in Vietnamese. */
export const THEME_LABELS: Labels = {
  AGRI: {
    vi: 'Nông nghiệp, thủy sản, lâm nghiệp và thực phẩm',
    en: 'Agriculture, fisheries, forestry and food',
  },
  ECON: { vi: 'Kinh tế và tài chính', en: 'Economy and finance' },
  EDUC: { vi: 'Giáo dục, văn hóa và thể thao', en: 'Education, culture and sport' },
  ENER: { vi: 'Năng lượng', en: 'Energy' },
  ENVI: { vi: 'Môi trường', en: 'Environment' },
  GOVE: { vi: 'Chính phủ và khu vực công', en: 'Government and public sector' },
  HEAL: { vi: 'Y tế', en: 'Health' },
  INTR: { vi: 'Các vấn đề quốc tế', en: 'International issues' },
  JUST: {
    vi: 'Tư pháp, hệ thống pháp luật và an toàn công cộng',
    en: 'Justice, legal system and public safety',
  },
  REGI: { vi: 'Vùng và đô thị', en: 'Regions and cities' },
  SOCI: { vi: 'Dân số và xã hội', en: 'Population and society' },
  TECH: { vi: 'Khoa học và công nghệ', en: 'Science and technology' },
  TRAN: { vi: 'Giao thông vận tải', en: 'Transport' },
}

/** Sen's Vietnamese sector tags (lĩnh vực). */
export const SECTOR_LABELS: Labels = {
  'hanh-chinh': { vi: 'Hành chính công', en: 'Public administration' },
  'dan-cu': { vi: 'Dân cư, hộ tịch', en: 'Population and civil status' },
  'doanh-nghiep': { vi: 'Doanh nghiệp', en: 'Businesses' },
  'dat-dai': { vi: 'Đất đai', en: 'Land' },
  'xay-dung': { vi: 'Xây dựng', en: 'Construction' },
  'giao-thong': { vi: 'Giao thông', en: 'Transport' },
  'y-te': { vi: 'Y tế', en: 'Health' },
  'giao-duc': { vi: 'Giáo dục', en: 'Education' },
  'tai-chinh': { vi: 'Tài chính', en: 'Finance' },
  thue: { vi: 'Thuế', en: 'Taxation' },
  'lao-dong': { vi: 'Lao động, việc làm', en: 'Labour and employment' },
  'tu-phap': { vi: 'Tư pháp', en: 'Justice' },
  'moi-truong': { vi: 'Tài nguyên, môi trường', en: 'Natural resources and environment' },
  'nong-nghiep': { vi: 'Nông nghiệp', en: 'Agriculture' },
  'cong-thuong': { vi: 'Công thương', en: 'Industry and trade' },
  'van-hoa': { vi: 'Văn hóa, thể thao, du lịch', en: 'Culture, sport and tourism' },
  'thong-tin': { vi: 'Thông tin, truyền thông', en: 'Information and communications' },
  'khoa-hoc': { vi: 'Khoa học, công nghệ', en: 'Science and technology' },
}

/** The EU frequencies Sen offers. */
export const FREQUENCY_LABELS: Labels = {
  CONT: { vi: 'Liên tục', en: 'Continuous' },
  DAILY: { vi: 'Hằng ngày', en: 'Daily' },
  WEEKLY: { vi: 'Hằng tuần', en: 'Weekly' },
  MONTHLY: { vi: 'Hằng tháng', en: 'Monthly' },
  QUARTERLY: { vi: 'Hằng quý', en: 'Quarterly' },
  ANNUAL_2: { vi: '6 tháng một lần', en: 'Semi-annual' },
  ANNUAL: { vi: 'Hằng năm', en: 'Annual' },
  IRREG: { vi: 'Không định kỳ', en: 'Irregular' },
  NEVER: { vi: 'Không cập nhật', en: 'Never' },
  UNKNOWN: { vi: 'Chưa rõ', en: 'Unknown' },
}
