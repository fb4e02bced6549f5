import type { Page } from 'playwright-core'
import { expectHeading } from './browser'

const LABELS = {
  vi: { username: 'Tên đăng nhập hoặc số định danh cá nhân', password: 'Mật khẩu', submit: 'Đăng nhập' },
  en: { username: 'Username or personal identification number', password: 'Password', submit: 'Log in' },
}

const startsWith = (text: string) => new RegExp(`^${text}`)

/**
 * The login form's fields, found by their labels as a person would find them. (Mantine appends a
 * " *" to the labels of required fields, hence "starts with"; it also keeps "Hiện mật khẩu", the
 * password's show button, from matching "Mật khẩu".)
 */
export function loginForm(page: Page, lang: 'vi' | 'en' = 'vi') {
  const labels = LABELS[lang]
  const main = page.getByRole('main')
  return {
    username: main.getByLabel(startsWith(labels.username)),
    password: main.getByLabel(startsWith(labels.password)),
    submit: main.getByRole('button', { name: labels.submit, exact: true }),
  }
}

/** Opens /login (in Vietnamese) and logs in through the form. */
export async function logIn(page: Page, username: string, password = 'demo') {
  await page.goto('/login')
  await expectHeading(page, 'Đăng nhập')
  const form = loginForm(page)
  await form.username.fill(username)
  await form.password.fill(password)
  await form.submit.click()
}
