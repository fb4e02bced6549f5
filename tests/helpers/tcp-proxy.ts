// A TCP proxy of our own between a client and a server (PostgreSQL), to take the server away and
// bring it back: the client sees what it would see if the database host went down and came up again.
import net from 'node:net'

export interface TcpProxy {
  /** The port clients connect to (on 127.0.0.1). */
  port: number
  /** How many connections the proxy has accepted so far. */
  accepted(): number
  /** Resets every open connection and refuses new ones (the port stops listening). */
  cut(): Promise<void>
  /** Listens again on the same port and forwards as before. */
  restore(): Promise<void>
  /**
   * Stops forwarding without closing anything, as a network partition does: what is sent waits,
   * unanswered, and no reset comes. `resume()` delivers it.
   */
  stall(): void
  resume(): void
  close(): Promise<void>
}

/** Forwards 127.0.0.1:<port> to `target` until cut() or close(). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>()
  let accepted = 0
  let stalled = false

  const track = (socket: net.Socket) => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    // A reset socket reports ECONNRESET; that is the point of cutting, not a failure of the proxy.
    socket.on('error', () => {})
  }

  const listener = () =>
    net.createServer((client) => {
      accepted++
      const upstream = net.connect(target.port, target.host)
      track(client)
      track(upstream)
      forward(client, upstream)
      forward(upstream, client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })

  // By hand rather than pipe(): pipe() resumes a paused source on its own when the other side drains.
  const forward = (from: net.Socket, to: net.Socket) => {
    if (stalled) from.pause()
    from.on('data', (chunk) => {
      if (!to.write(chunk)) from.pause()
    })
    to.on('drain', () => {
      if (!stalled) from.resume()
    })
  }

  let server = listener()
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  await listen(0)
  const port = (server.address() as net.AddressInfo).port

  async function cut() {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // A reset, as a host that went away would leave behind, not an orderly goodbye.
    for (const socket of open) socket.resetAndDestroy()
    await closed
  }

  return {
    port,
    accepted: () => accepted,
    cut,
    async restore() {
      server = listener()
      await listen(port)
    },
    stall() {
      stalled = true
      for (const socket of open) socket.pause()
    },
    resume() {
      stalled = false
      for (const socket of open) socket.resume()
    },
    async close() {
      stalled = false
      if (server.listening) await cut()
    },
  }
}
