// Helpers of the benchmark: child processes, ports, memory, the machine.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { startArguments } from '../scripts/start-command'

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * Starts the server as `npm start` does (package.json's start script: its build, with its Node
 * flags), so that the benchmark measures Sen as it is run. Build it first ({@link buildServer}).
 */
export function spawnServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, startArguments(), {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Builds the server from the current sources (scripts/build-server.mjs, as `npm start` does). */
export function buildServer(): Promise<string> {
  const script = 'scripts/build-server.mjs'
  return outputOf(
    spawn(process.execPath, [script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }),
    script,
  )
}

/** Runs a TypeScript file of the repository in its own Node process (through tsx). */
export function spawnTs(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  inherit = false,
  nodeFlags: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file, ...args], {
    cwd: repoRoot,
    env,
    stdio: inherit ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs a TypeScript file to its end and returns its standard output; rejects with its stderr if it fails. */
export function runTs(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  inherit = false,
): Promise<string> {
  return outputOf(spawnTs(file, args, env, inherit), `${file} ${args.join(' ')}`)
}

/** Waits for a child's end and returns its standard output; rejects with its stderr if it fails. */
function outputOf(child: ChildProcess, name: string): Promise<string> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${name} exited ${code}: ${stderr.slice(-2000)}`)),
    )
  })
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Waits until `url` answers 200 (the server is up), or the child exits. */
export async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}) before answering ${url}`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

const TICK_MS = 10 // Linux's USER_HZ: /proc counts CPU time in hundredths of a second

/** CPU time (user and system) a process has used, with that of its children it has reaped, in ms. */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // utime, stime, cutime, cstime: fields 14 to 17 of proc(5), counted from after the name.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * TICK_MS
}

/**
 * CPU time of every process of the PostgreSQL server on this machine (the benchmark's database is
 * local), backends that have ended included: the postmaster reaps them.
 */
function postgresCpuMs(): number {
  let total = 0
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuMsOf(Number(entry))
    } catch {} // it ended meanwhile
  }
  return total
}

/**
 * Starts counting the CPU time that a server process (and, on PostgreSQL, the database) spends from
 * now; `spent` says how much so far, in ms.
 */
export function cpuMeter(pid: number, withPostgres: boolean) {
  const server = cpuMsOf(pid)
  const database = withPostgres ? postgresCpuMs() : 0
  return {
    spent: () => ({
      serverMs: cpuMsOf(pid) - server,
      databaseMs: withPostgres ? postgresCpuMs() - database : null,
    }),
  }
}

/** CPU time per request, in ms, of what meters counted over `requests` requests. */
export function perRequest(
  spent: { serverMs: number; databaseMs: number | null }[],
  requests: number,
): { serverMs: number; databaseMs: number | null } {
  const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100
  const sum = (pick: (s: (typeof spent)[number]) => number) => spent.reduce((t, s) => t + pick(s), 0)
  return {
    serverMs: per(sum((s) => s.serverMs)),
    databaseMs: spent.some((s) => s.databaseMs === null) ? null : per(sum((s) => s.databaseMs ?? 0)),
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

/** Starts a new peak for VmHWM (Linux: writing 5 to clear_refs resets it to the current RSS). */
export function resetPeakRss(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // Not allowed here: the peak then covers the process's whole life, which only overstates it.
  }
}

export function machine() {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
