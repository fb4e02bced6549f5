// Where the server listens: on loopback only unless HOST says otherwise, so that a trial on a laptop
// or a server behind a proxy is not open to its network by accident.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/server/config'
import { childEnv, kill, type RunningServer, startServer } from '../helpers/processes'

/** Each server start migrates and opens PGlite: 3–8 s on two idle cores, far more on a busy machine. */
const LONG = 400_000

/** An IPv4 address of this machine that is not loopback (none on a machine without a network). */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.setTimeout(5000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

describe('HOST', () => {
  it('is 127.0.0.1 unless set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1')
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1')
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
  })
})

describe.skipIf(!outside)('the server listens where HOST says', { timeout: LONG }, () => {
  let root: string
  const servers: RunningServer[] = []
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-host-'))
  })
  afterAll(() => {
    for (const server of servers) kill(server.child)
    fs.rmSync(root, { recursive: true, force: true })
  })

  async function start(extra: Record<string, string>) {
    const env = childEnv({
      SEN_DATA_DIR: path.join(root, `data-${servers.length}`),
      SEN_DEMO_DATA: 'false',
      ...extra,
    })
    const server = await startServer(env).ready
    servers.push(server)
    return server
  }

  it('without HOST: on loopback only, not on the machine’s network address', async () => {
    const server = await start({})
    expect(await accepts('127.0.0.1', server.port)).toBe(true)
    expect(await accepts(outside!, server.port)).toBe(false)
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`)
    expect(ready.status).toBe(200)
    await server.stop()
  })

  it('with HOST=0.0.0.0: on every interface', async () => {
    const server = await start({ HOST: '0.0.0.0' })
    expect(await accepts('127.0.0.1', server.port)).toBe(true)
    expect(await accepts(outside!, server.port)).toBe(true)
    expect((await fetch(`http://${outside}:${server.port}/healthz`)).status).toBe(200)
    await server.stop()
  })
})
