export type Lang = 'vi' | 'en'

/** The language a request asks for: the first of vi/en in Accept-Language by preference; Vietnamese otherwise. */
export function pickLanguage(header: string | undefined): Lang {
  if (!header) return 'vi'
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((entry) => entry.lang === 'vi' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return (ranked[0]?.lang as Lang | undefined) ?? 'vi'
}
