// A real Sen server on PostgreSQL is killed with SIGKILL in the middle of a stream of dossier
// submissions (and of an e-mail whose receipt it never hears of), then started again on the same
// database. What a client was told stands, nothing is half-written, a retry with the same
// Idempotency-Key files at most once, the audit chain verifies and every notice reaches its
// receiver once after deduplication by Message-ID.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli } from '../../src/cli/run'
import { DEMO_PASSWORD } from '../../src/server/seed/demo'
import { freshPostgres, testDbKind } from '../helpers/db'
import { newborn, PDF } from '../helpers/dossiers'
import { childEnv, kill, type RunningServer, startServer } from '../helpers/processes'
import { startTestSmtp, type TestSmtp } from '../helpers/smtp'
import { until } from '../helpers/wait'

/** Two server starts (tsx, migrations check, app) take seconds, far more on a busy machine. */
const LONG = 300_000
/** Clients submitting at once, each one request after another. */
const CLIENTS = 8
/** Answered submissions before the kill, at the least. */
const ANSWERED_BEFORE_KILL = 30

interface Attempt {
  key: string
  /** The HTTP status, when the whole answer arrived. */
  status?: number
  code?: string
  replayed?: boolean
  /** Why no answer arrived (the server was killed). */
  failure?: string
}

describe.skipIf(testDbKind !== 'postgres')(
  'SIGKILL in the middle of a stream of submissions (PostgreSQL only: the lock test covers killed PGlite servers)',
  { timeout: LONG },
  () => {
    let fresh: Awaited<ReturnType<typeof freshPostgres>>
    let pool: pg.Pool
    let smtp: TestSmtp
    let dataDir: string
    let env: NodeJS.ProcessEnv
    let server: RunningServer | undefined
    let base = ''
    let token = ''
    let birthNotice = ''
    const attempts: Attempt[] = []

    const query = async <T>(text: string, values: unknown[] = []) =>
      (await pool.query(text, values)).rows as T[]

    /** demo.citizen files a birth registration, prefilled from the registry, with this key. */
    async function submit(key: string): Promise<Attempt> {
      try {
        const response = await fetch(`${base}/api/v1/dossiers`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({
            procedureCode: '1.001193',
            data: { child: newborn, receiveBy: 'online' },
            documents: [{ requirementId: 'birth-notice', walletDocumentId: birthNotice }],
            consent: true,
          }),
        })
        const body = (await response.json()) as { code?: string }
        return {
          key,
          status: response.status,
          code: body.code,
          replayed: response.headers.get('idempotent-replayed') === 'true',
        }
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause
        return { key, failure: cause?.code ?? String(error) }
      }
    }

    async function start() {
      server = await startServer(env).ready
      base = `http://127.0.0.1:${server.port}`
    }

    beforeAll(async () => {
      fresh = await freshPostgres(inject('postgresTemplate'))
      pool = new pg.Pool({ connectionString: fresh.url, max: 2 })
      smtp = await startTestSmtp()
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-crash-'))
      env = childEnv({
        DATABASE_URL: fresh.url,
        SEN_DATA_DIR: dataDir,
        SEN_COOKIE_SECRET: 'crash-test-cookie-secret-long-enough',
        SEN_PAYMENT_SECRET: 'crash-test-payment-secret',
        SEN_RATE_LIMIT: '100000',
        SEN_DEMO_DOSSIERS: '0',
        SEN_SMTP_URL: smtp.url,
      })
      await start()
      const issued = await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo.citizen', password: DEMO_PASSWORD }),
      })
      expect(issued.status).toBe(200)
      token = ((await issued.json()) as { token: string }).token
      const uploaded = await fetch(
        `${base}/api/v1/wallet/documents?type=birth-notice&title=${encodeURIComponent('Giấy chứng sinh')}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
          body: PDF,
        },
      )
      expect(uploaded.status).toBe(201)
      birthNotice = ((await uploaded.json()) as { id: string }).id
    }, LONG)

    afterAll(async () => {
      kill(server?.child)
      smtp?.holdReplies(false)
      await smtp?.stop()
      await pool?.end()
      await fresh?.drop()
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    })

    const answered = () => attempts.filter((a) => a.status !== undefined)
    const unanswered = () => attempts.filter((a) => a.failure !== undefined)

    it('answers 201 to a stream of submissions until it is killed with SIGKILL, with requests in flight', async () => {
      // The first e-mail is taken by the receiver, but the server never hears so before it dies.
      smtp.holdReplies(true)
      let killed = false
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        for (let n = 0; !killed; n++) {
          const attempt = await submit(`crash-${client}-${n}`)
          attempts.push(attempt)
          if (attempt.failure) return
        }
      })
      await until(() => answered().length >= ANSWERED_BEFORE_KILL && smtp.received.length >= 1, {
        within: 60_000,
        what: 'the server has answered submissions and is sending an e-mail',
      })
      const gone = server!.stop('SIGKILL')
      killed = true
      await Promise.all(clients)
      expect((await gone).signal).toBe('SIGKILL')
      server = undefined

      expect(answered().length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL)
      expect(answered().filter((a) => a.status !== 201)).toEqual([])
      // Killed mid-stream: some clients were still waiting for their answer.
      expect(unanswered().length).toBeGreaterThan(0)
      expect(smtp.received).toHaveLength(1)
    })

    it('keeps every answered submission, exactly once by code and by Idempotency-Key', async () => {
      const rows = await query<{ code: string; idempotency_key: string }>(
        'select code, idempotency_key from dossiers where idempotency_key = any($1)',
        [answered().map((a) => a.key)],
      )
      const stored = new Map<string, string[]>()
      for (const row of rows)
        stored.set(row.idempotency_key, [...(stored.get(row.idempotency_key) ?? []), row.code])
      for (const attempt of answered()) expect(stored.get(attempt.key), attempt.key).toEqual([attempt.code])
      expect(new Set(answered().map((a) => a.code)).size).toBe(answered().length)
    })

    it('leaves no submission half-written: each dossier has its action, audit event, notice and e-mail; nothing points to a missing dossier', async () => {
      const parts = await query<{
        code: string
        submits: number
        audits: number
        notices: number
        emails: number
      }>(
        `select d.code,
           (select count(*)::int from dossier_actions a where a.dossier_code = d.code and a.action = 'submit') as submits,
           (select count(*)::int from audit_events e
             where e.entity = 'dossier' and e.entity_id = d.code and e.action = 'dossier.submitted') as audits,
           (select count(*)::int from notifications n where n.link = '/dossiers/' || d.code) as notices,
           (select count(*)::int from outbox o where o.payload->>'link' = '/dossiers/' || d.code) as emails
         from dossiers d`,
      )
      // Those a client heard of, and perhaps some committed just before the kill.
      expect(parts.length).toBeGreaterThanOrEqual(answered().length)
      expect(parts.length).toBeLessThanOrEqual(attempts.length)
      expect(
        parts.filter((p) => p.submits !== 1 || p.audits !== 1 || p.notices !== 1 || p.emails !== 1),
      ).toEqual([])
      const orphans = await query<{ kind: string; ref: string }>(
        `with known as (select code from dossiers)
         select 'action' as kind, dossier_code as ref from dossier_actions where dossier_code not in (select code from known)
         union all select 'item', dossier_code from dossier_items where dossier_code not in (select code from known)
         union all select 'document use', dossier_code from document_uses where dossier_code not in (select code from known)
         union all select 'registry read', dossier_code from registry_access_log
           where dossier_code is not null and dossier_code not in (select code from known)
         union all select 'audit event', entity_id from audit_events
           where entity = 'dossier' and entity_id not in (select code from known)
         union all select 'notification', link from notifications
           where link like '/dossiers/%' and substr(link, 11) not in (select code from known)
         union all select 'e-mail', payload->>'link' from outbox
           where payload->>'link' like '/dossiers/%' and substr(payload->>'link', 11) not in (select code from known)`,
      )
      expect(orphans).toEqual([])
    })

    it('after a restart on the same database, retrying each unanswered submission (twice at once) files it at most once', async () => {
      const keys = unanswered().map((a) => a.key)
      const before = new Map(
        (
          await query<{ code: string; idempotency_key: string }>(
            'select code, idempotency_key from dossiers where idempotency_key = any($1)',
            [keys],
          )
        ).map((row) => [row.idempotency_key, row.code]),
      )
      // The dead server's claim on the e-mails it was sending would run out in 5 minutes; move it on.
      await query(
        'update outbox set next_attempt_at = now() where delivered_at is null and next_attempt_at > now()',
      )
      smtp.holdReplies(false)
      await start()

      const retries = await Promise.all(keys.map((key) => Promise.all([submit(key), submit(key)])))
      for (const [index, [first, second]] of retries.entries()) {
        const key = keys[index]!
        expect(first!.status, key).toBe(201)
        expect(second!.status, key).toBe(201)
        expect(second!.code).toBe(first!.code)
        // Committed before the kill: the retry gets that dossier back, marked as a replay.
        const earlier = before.get(key)
        if (earlier) {
          expect(first!.code).toBe(earlier)
          expect(first!.replayed && second!.replayed).toBe(true)
        } else expect([first!.replayed, second!.replayed].filter(Boolean)).toHaveLength(1)
      }
      const counts = await query<{ idempotency_key: string; n: number }>(
        'select idempotency_key, count(*)::int as n from dossiers where idempotency_key = any($1) group by 1',
        [keys],
      )
      expect(counts.map((c) => c.n)).toEqual(keys.map(() => 1))
    })

    it('`sen audit verify` finds the audit chain intact', async () => {
      let stdout = ''
      let stderr = ''
      const code = await runCli(['audit', 'verify'], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: { NODE_ENV: 'test', DATABASE_URL: fresh.url },
      })
      expect(code, stderr).toBe(0)
      expect(stdout).toMatch(/^audit chain intact: \d+ events\n$/)
    })

    it('delivers every e-mail after the restart, the one taken before the kill a second time; the receiver keeps one of each', async () => {
      await until(
        async () =>
          (await query<{ n: number }>('select count(*)::int as n from outbox where delivered_at is null'))[0]!
            .n === 0,
        { within: 60_000, what: 'the outbox is drained' },
      )
      const ids = (await query<{ id: string }>('select id from outbox')).map((row) => `<${row.id}@sen.local>`)
      expect(new Set(smtp.unique().map((mail) => mail.messageId))).toEqual(new Set(ids))
      // At least once: the e-mail taken before the kill came again, and the receiver dropped the copy.
      const first = smtp.received[0]!.messageId
      expect(smtp.received.filter((mail) => mail.messageId === first)).toHaveLength(2)
      expect(smtp.received.length - smtp.unique().length).toBe(1)
    })
  },
)
