// Two processes on one PGlite directory silently corrupt it, so Sen locks its data directory:
// a second server, or a `sen` command, on a directory in use is refused and told which process holds it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDbKind } from '../helpers/db'
import { childEnv, kill, type RunningServer, runSen, startServer } from '../helpers/processes'

/** Each server start migrates and opens PGlite: 3–8 s on two idle cores, far more on a busy machine. */
const LONG = 400_000

// The lock is PGlite's alone; on PostgreSQL the same servers share a database by design.
describe.skipIf(testDbKind === 'postgres')('the data directory lock (PGlite)', { timeout: LONG }, () => {
  let root: string
  let dataDir: string
  let env: NodeJS.ProcessEnv
  const servers: RunningServer[] = []
  const lockFile = () => path.join(dataDir, 'sen.lock')
  const lockHolder = () => JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid as number

  async function start() {
    const server = await startServer(env).ready
    servers.push(server)
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`)
    expect(ready.status).toBe(200)
    return server
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-lock-'))
    dataDir = path.join(root, 'data')
    env = childEnv({ SEN_DATA_DIR: dataDir, SEN_DEMO_DATA: 'false' })
  })
  afterAll(() => {
    for (const server of servers) kill(server.child)
    fs.rmSync(root, { recursive: true, force: true })
  })

  let first: RunningServer
  it('a running server holds the lock, naming its pid', async () => {
    first = await start()
    expect(lockHolder()).toBe(first.child.pid)
  })

  it('a second server on the same directory exits with code 2, naming the directory and the holder', async () => {
    const second = await startServer(env).exit
    expect(second.code).toBe(2)
    expect(second.stderr).toContain(`Sen cannot start: The data directory ${dataDir} is in use`)
    expect(second.stderr).toContain(`(pid ${first.child.pid})`)
    expect(lockHolder()).toBe(first.child.pid)
  })

  it('a sen command on the same directory is refused the same way, with exit code 2', async () => {
    const run = await runSen(['migrate'], { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `sen: The data directory ${dataDir} is in use by another Sen process (pid ${first.child.pid}). ` +
        'Stop that process, or set SEN_DATA_DIR to another directory.\n',
    )
    expect(run.stdout).toBe('')
  })

  it('after SIGTERM the lock is released and a new server starts', async () => {
    const stopped = await first.stop('SIGTERM')
    expect(stopped.code).toBe(0)
    expect(fs.existsSync(lockFile())).toBe(false)
    const next = await start()
    expect(lockHolder()).toBe(next.child.pid)
    // A process killed outright leaves its lock behind; the next start sees that its holder is gone.
    const killed = await next.stop('SIGKILL')
    expect(killed.signal).toBe('SIGKILL')
    expect(lockHolder()).toBe(next.child.pid)
  })

  it('a stale lock (its holder was killed) is taken over', async () => {
    const server = await start()
    expect(lockHolder()).toBe(server.child.pid)
    expect((await server.stop('SIGTERM')).code).toBe(0)
  })
})
