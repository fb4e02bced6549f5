// Plain text only, no imports: the web app folds what a person types into its pickers the same way.

/**
 * Folds Vietnamese text for search: lower case, no diacritics, đ → d. "Đăng ký khai sinh" and
 * "dang ky khai sinh" become the same words.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('đ', 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}
