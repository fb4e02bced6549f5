import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/server/app'
import { loadConfig } from '../../src/server/config'
import type { Database, Db } from '../../src/server/db'
import { DEMO_PASSWORD } from '../../src/server/seed/demo'
import { demoDatabase, testDatabase } from './db'

export interface TestApp {
  app: FastifyInstance
  db: Db
  database: Database
  /** Logs in through the API and returns what a browser would then send. */
  login(username: string, password?: string): Promise<Session>
  /** A bearer token for a program, through the API. */
  token(username: string, password?: string): Promise<string>
  close(): Promise<void>
}

export interface Session {
  cookie: string
  csrfToken: string
  /** Headers for a state-changing request from the browser. */
  headers: Record<string, string>
}

export interface TestAppOptions {
  /** Load the demo data (default true); ignored when `database` is given. */
  demo?: boolean
  /** Environment variables for loadConfig, on top of NODE_ENV=test and a generous rate limit. */
  env?: Record<string, string>
  /**
   * Serve this database (another test app's) instead of a fresh one: a second server with other
   * settings costs no new database. close() then leaves the database to its owner.
   */
  database?: Database
}

// Each helper login comes from its own client address, so that the login rate limit (20 a minute
// per address) does not couple the tests of one file.
let clients = 0
const nextClient = () => {
  clients++
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`
}

/** A whole Sen server (real Fastify, real database of this run's kind) for one test file. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.database
  const database = shared ?? (options.demo === false ? await testDatabase() : await demoDatabase())
  const config = loadConfig({ NODE_ENV: 'test', SEN_RATE_LIMIT: '100000', ...options.env })
  const app = await buildApp({
    config: {
      ...config,
      cookieSecret: 'test-secret-that-is-long-enough',
      paymentSecret: 'test-payment-secret',
    },
    database,
  })
  await app.ready()

  async function login(username: string, password = DEMO_PASSWORD): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: nextClient(),
      payload: { username, password },
    })
    if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`)
    const cookie = sessionCookie(response)
    const csrfToken = response.json().csrfToken as string
    return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } }
  }

  async function token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      remoteAddress: nextClient(),
      payload: { username, password },
    })
    if (response.statusCode !== 200) throw new Error(`token ${username} failed: ${response.body}`)
    return response.json().token as string
  }

  return {
    app,
    db: database.db,
    database,
    login,
    token,
    async close() {
      await app.close()
      if (!shared) await database.close()
    },
  }
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'sen_session')
  if (!cookie) throw new Error('no session cookie in the response')
  return `sen_session=${cookie.value}`
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
