import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { freshPostgres, testDatabase, testDbKind } from '../../../../tests/helpers/db'
import { startTestSmtp, type TestSmtp } from '../../../../tests/helpers/smtp'
import { sleep, until } from '../../../../tests/helpers/wait'
import { loadConfig } from '../../config'
import { type Database, openDatabase } from '../../db'
import { createSen } from '../../runtime'
import { notifications, outbox } from './schema'
import {
  createMailTransport,
  deadLetters,
  type MailTransport,
  type NotifyLog,
  notify,
  requeue,
  startOutboxWorker,
} from './service'

let database: Database
let smtp: TestSmtp
let transport: MailTransport

const quiet: NotifyLog = { info() {}, warn() {}, error() {} }

/** Commits one notification with an e-mail, as a module would with its state change; returns the outbox id. */
async function commitNotification(
  db = database.db,
  email = 'an@example.vn',
  title = 'Hồ sơ đã được tiếp nhận',
) {
  const result = await db.transaction(async (tx) =>
    notify(tx, { userId: randomUUID(), email, title: { vi: title, en: 'Accepted' }, body: 'Nội dung' }),
  )
  return result.outboxId!
}

async function row(id: string) {
  const [found] = await database.db.select().from(outbox).where(eq(outbox.id, id))
  return found!
}

beforeAll(async () => {
  database = await testDatabase()
  smtp = await startTestSmtp()
  transport = createMailTransport({ smtpUrl: smtp.url }, quiet)
})
afterAll(async () => {
  transport.close()
  await smtp.stop()
  await database.close()
})
beforeEach(async () => {
  await database.db.delete(outbox)
  await database.db.delete(notifications)
  smtp.received.length = 0
})

describe('notify in the caller’s transaction', () => {
  it('delivers exactly one e-mail, with subject, recipient and the outbox id as Message-ID, once committed', async () => {
    const userId = randomUUID()
    const { notificationId, outboxId } = await database.db.transaction(async (tx) =>
      notify(tx, {
        userId,
        email: 'nguyen.van.an@example.vn',
        title: { vi: 'Hồ sơ H01.01-250101-0001 đã được tiếp nhận', en: 'Application accepted' },
        body: { vi: 'Ngày hẹn trả kết quả: 05/01/2026.', en: 'Due on 2026-01-05.' },
        link: 'https://sen.example.vn/dossiers/1',
      }),
    )
    expect(outboxId).toMatch(/^[0-9a-f-]{36}$/)
    const [notification] = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, notificationId))
    expect(notification).toMatchObject({ userId, title: 'Hồ sơ H01.01-250101-0001 đã được tiếp nhận' })

    const worker = startOutboxWorker(database.db, { transport, pollMs: 0 })
    expect(await worker.drainOnce()).toBe(1)
    expect(await worker.drainOnce()).toBe(0)
    await worker.stop()

    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]).toMatchObject({
      messageId: `<${outboxId}@sen.local>`,
      subject: 'Hồ sơ H01.01-250101-0001 đã được tiếp nhận',
      to: ['nguyen.van.an@example.vn'],
      from: 'no-reply@sen.local',
    })
    expect(smtp.received[0]!.raw).toMatch(/https:\/\/sen\.example\.vn\/dossiers\/1/)
    const sent = await row(outboxId!)
    expect(sent.deliveredAt).toBeInstanceOf(Date)
    expect(sent.attempts).toBe(1)
  })

  it('writes the notification in the recipient’s language; no e-mail without an address', async () => {
    const userId = randomUUID()
    const result = await database.db.transaction(async (tx) =>
      notify(tx, { userId, email: null, title: { vi: 'Xin chào', en: 'Hello' }, body: 'x', locale: 'en' }),
    )
    expect(result.outboxId).toBeNull()
    const [notification] = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, userId))
    expect(notification!.title).toBe('Hello')
    expect(await database.db.$count(outbox)).toBe(0)
  })

  it('writes neither a notification nor an e-mail when the transaction rolls back', async () => {
    const userId = randomUUID()
    await expect(
      database.db.transaction(async (tx) => {
        await notify(tx, { userId, email: 'an@example.vn', title: 'Không gửi', body: 'x' })
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    expect(await database.db.$count(notifications, eq(notifications.userId, userId))).toBe(0)
    expect(await database.db.$count(outbox)).toBe(0)
    const worker = startOutboxWorker(database.db, { transport, pollMs: 0 })
    expect(await worker.drainOnce()).toBe(0)
    await worker.stop()
    expect(smtp.received).toHaveLength(0)
  })
})

describe('the outbox worker', () => {
  it('counts a failed attempt while the SMTP server is down, backs off, and delivers once it is back', async () => {
    const id = await commitNotification()
    const worker = startOutboxWorker(database.db, { transport, pollMs: 0, backoffMs: 2000 })
    await smtp.stop()
    try {
      expect(await worker.drainOnce()).toBe(0)
    } finally {
      await smtp.start()
    }
    const failed = await row(id)
    expect(failed.attempts).toBe(1)
    expect(failed.deliveredAt).toBeNull()
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i)
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())

    // Backing off: not retried at once, even though the server is up again.
    expect(await worker.drainOnce()).toBe(0)
    expect((await row(id)).attempts).toBe(1)

    await until(async () => (await worker.drainOnce()) === 1, { within: 10_000 })
    await worker.stop()
    const delivered = await row(id)
    expect(delivered.attempts).toBe(2)
    expect(delivered.deliveredAt).toBeInstanceOf(Date)
    expect(delivered.lastError).toBeNull()
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${id}@sen.local>`])
  })

  it('backs off exponentially', async () => {
    const id = await commitNotification()
    const failing: MailTransport = {
      kind: 'test',
      send: async () => {
        throw new Error('451 try again later')
      },
      close() {},
    }
    const worker = startOutboxWorker(database.db, { transport: failing, pollMs: 0, backoffMs: 60_000 })
    const waits: number[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      await worker.drainOnce()
      const failed = await row(id)
      expect(failed.attempts).toBe(attempt)
      expect(failed.lastError).toBe('451 try again later')
      waits.push(Math.round((failed.nextAttemptAt.getTime() - Date.now()) / 60_000))
      // Make it due again without waiting.
      await database.db.update(outbox).set({ nextAttemptAt: sql`now()` }).where(eq(outbox.id, id))
    }
    await worker.stop()
    expect(waits).toEqual([1, 2, 4])
  })

  it('keeps a message as a dead letter after maxAttempts, and can requeue it', async () => {
    const id = await commitNotification()
    const worker = startOutboxWorker(database.db, { transport, pollMs: 0, maxAttempts: 3, backoffMs: 0 })
    await smtp.stop()
    try {
      for (let i = 0; i < 5; i++) expect(await worker.drainOnce()).toBe(0)
    } finally {
      await smtp.start()
    }
    expect((await row(id)).attempts).toBe(3)
    const dead = await deadLetters(database.db, 3)
    expect(dead).toEqual([
      expect.objectContaining({ id, recipient: 'an@example.vn', attempts: 3, lastError: expect.any(String) }),
    ])
    // Not retried any more, even with the server back.
    expect(await worker.drainOnce()).toBe(0)
    expect(smtp.received).toHaveLength(0)
    // Dead for a worker that allows 3 attempts, not for one that allows the default 10.
    expect(await deadLetters(database.db)).toEqual([])

    expect(await requeue(database.db, [id])).toBe(1)
    expect(await deadLetters(database.db, 3)).toEqual([])
    expect(await worker.drainOnce()).toBe(1)
    await worker.stop()
    expect(smtp.unique()).toHaveLength(1)
  })

  it('delivers at least once across a crash between sending and marking; the receiver sees it once', async () => {
    const id = await commitNotification()
    // The first process sends the message and then dies before it can record the delivery.
    const dying: MailTransport = {
      kind: 'test',
      async send(mail) {
        await transport.send(mail)
        await new Promise(() => {}) // never returns: the process is gone
      },
      close() {},
    }
    const first = startOutboxWorker(database.db, { transport: dying, pollMs: 0, leaseMs: 3000 })
    void first.drainOnce()
    await until(() => smtp.received.length === 1)
    const inFlight = await row(id)
    expect(inFlight.deliveredAt).toBeNull()
    expect(inFlight.attempts).toBe(1)

    // The restarted process: while the dead one's claim lasts it leaves the message alone…
    const second = startOutboxWorker(database.db, { transport, pollMs: 0 })
    expect(await second.drainOnce()).toBe(0)
    // …then sends it again.
    await until(async () => (await second.drainOnce()) === 1, { within: 10_000 })
    await second.stop()

    expect(smtp.received).toHaveLength(2)
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${id}@sen.local>`, `<${id}@sen.local>`])
    expect(smtp.unique()).toHaveLength(1)
    const delivered = await row(id)
    expect(delivered.deliveredAt).toBeInstanceOf(Date)
    expect(delivered.attempts).toBe(2)
  })

  it('finishes the message in hand when stopped, and a new worker sends the rest', async () => {
    for (let i = 0; i < 3; i++) await commitNotification()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow: MailTransport = {
      kind: 'test',
      async send(mail) {
        await gate
        await transport.send(mail)
      },
      close() {},
    }
    const first = startOutboxWorker(database.db, { transport: slow, pollMs: 5, batchSize: 1 })
    await until(async () => (await database.db.$count(outbox, sql`${outbox.attempts} > 0`)) === 1)
    const stopping = first.stop()
    release()
    await stopping
    expect(await database.db.$count(outbox, sql`${outbox.deliveredAt} is not null`)).toBe(1)

    const second = startOutboxWorker(database.db, { transport, pollMs: 0 })
    expect(await second.drainOnce()).toBe(2)
    await second.stop()
    expect(smtp.received).toHaveLength(3)
    expect(smtp.unique()).toHaveLength(3)
  })

  it('polls on its own', async () => {
    const worker = startOutboxWorker(database.db, { transport, pollMs: 20 })
    const id = await commitNotification()
    await until(() => smtp.received.length === 1)
    await worker.stop()
    expect(smtp.received[0]!.messageId).toBe(`<${id}@sen.local>`)
  })

  it(`sends each message once when workers in several processes drain at the same time (${testDbKind})`, async () => {
    // On PostgreSQL each worker has its own connection pool, as separate Sen processes would.
    const fresh = testDbKind === 'postgres' ? await freshPostgres() : undefined
    const databases: Database[] = fresh
      ? await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: fresh.url, dataDir: 'unused' })))
      : [database, database, database]
    try {
      if (fresh) await databases[0]!.migrate()
      const ids = new Set<string>()
      for (let i = 0; i < 30; i++) ids.add(await commitNotification(databases[0]!.db, `user${i}@example.vn`))
      const slow: MailTransport = {
        kind: 'test',
        async send(mail) {
          await sleep(2)
          await transport.send(mail)
        },
        close() {},
      }
      const workers = databases.map((d) =>
        startOutboxWorker(d.db, { transport: slow, pollMs: 0, batchSize: 4 }),
      )
      const delivered = await Promise.all(workers.map((w) => w.drainOnce()))
      await Promise.all(workers.map((w) => w.stop()))
      expect(delivered.reduce((a, b) => a + b, 0)).toBe(30)
      // They really did share the work.
      expect(delivered.filter((n) => n > 0).length).toBeGreaterThan(1)
      expect(smtp.received).toHaveLength(30)
      expect(new Set(smtp.received.map((m) => m.messageId))).toEqual(
        new Set([...ids].map((id) => `<${id}@sen.local>`)),
      )
      const [counts] = await databases[0]!.db
        .select({
          sent: sql<number>`count(*) filter (where delivered_at is not null)::int`,
          attempts: sql<number>`sum(attempts)::int`,
        })
        .from(outbox)
      expect(counts).toEqual({ sent: 30, attempts: 30 })
    } finally {
      if (fresh) {
        await Promise.all(databases.map((d) => d.close()))
        await fresh.drop()
      }
    }
  })
})

describe('transports', () => {
  it('without SEN_SMTP_URL logs one line per message and counts it delivered', async () => {
    const lines: { object: object; message: string }[] = []
    const log: NotifyLog = { ...quiet, info: (object, message) => lines.push({ object, message }) }
    const id = await commitNotification(database.db, 'log@example.vn', 'Chỉ ghi nhật ký')
    const worker = startOutboxWorker(database.db, { transport: createMailTransport({}, log), pollMs: 0 })
    expect(await worker.drainOnce()).toBe(1)
    await worker.stop()
    expect(lines).toEqual([
      {
        object: {
          outboxId: id,
          to: 'log@example.vn',
          subject: 'Chỉ ghi nhật ký',
          messageId: `<${id}@sen.local>`,
        },
        message: 'e-mail logged, not sent: SEN_SMTP_URL is not set',
      },
    ])
    expect((await row(id)).deliveredAt).toBeInstanceOf(Date)
    expect(smtp.received).toHaveLength(0)
  })

  it('a Sen server started by createSen runs the worker with SEN_SMTP_URL and SEN_MAIL_FROM, and stops it on close', async () => {
    const fresh = testDbKind === 'postgres' ? await freshPostgres() : undefined
    const config = loadConfig({
      NODE_ENV: 'test',
      SEN_DATA_DIR: 'memory://',
      SEN_DEMO_DATA: 'false',
      SEN_SMTP_URL: smtp.url,
      SEN_MAIL_FROM: '"UBND phường Ba Đình" <motcua@badinh.example.vn>',
      ...(fresh ? { DATABASE_URL: fresh.url } : {}),
    })
    const sen = await createSen(config)
    try {
      const id = await commitNotification(sen.database.db, 'runtime@example.vn')
      await until(() => smtp.received.length === 1, { within: 10_000 })
      expect(smtp.received[0]).toMatchObject({
        messageId: `<${id}@sen.local>`,
        from: 'motcua@badinh.example.vn',
        to: ['runtime@example.vn'],
      })
    } finally {
      await sen.close()
      await fresh?.drop()
    }
  }, 90_000)
})
