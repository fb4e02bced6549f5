// A real SMTP server in the test process (smtp-server), collecting what it receives. Tests only.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  messageId: string
  subject: string
  from: string
  to: string[]
  raw: string
}

export interface TestSmtp {
  url: string
  port: number
  /** Every message received, duplicates included, in order. */
  received: ReceivedMail[]
  /** What a receiver that deduplicates by Message-ID keeps. */
  unique(): ReceivedMail[]
  /** Stops listening: connections are refused until start(). */
  stop(): Promise<void>
  /** Listens again on the same port. */
  start(): Promise<void>
  /**
   * While on, each message is received (and counted) but its "250 OK" is held back, as when the
   * receiver has taken a message and the sender dies before it hears so; off sends the held replies.
   */
  holdReplies(on: boolean): void
}

/** The unfolded value of a header of a raw message. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line ? line.slice(name.length + 1).trim() : ''
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), as a mail reader shows a subject. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(Number.parseInt(hex, 16)),
                ),
              'latin1',
            )
      return bytes.toString('utf8')
    })
}

function createServer(received: ReceivedMail[], reply: (callback: () => void) => void) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({
          raw,
          messageId: header(raw, 'Message-ID'),
          subject: decodeWords(header(raw, 'Subject')),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        })
        reply(() => callback())
      })
    },
  })
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  let holding = false
  const held: (() => void)[] = []
  const reply = (callback: () => void) => (holding ? held.push(callback) : callback())
  let server = createServer(received, reply)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    unique() {
      const seen = new Map<string, ReceivedMail>()
      for (const mail of received) if (!seen.has(mail.messageId)) seen.set(mail.messageId, mail)
      return [...seen.values()]
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = createServer(received, reply)
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    },
    holdReplies(on) {
      holding = on
      if (!on) for (const callback of held.splice(0)) callback()
    },
  }
}
