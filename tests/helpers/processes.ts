import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startArguments } from '../../scripts/start-command'

/** The repository root: children run from there, as an operator would. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** This process's environment without Sen's settings, plus `extra`: children see only what a test gives them. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' }
  for (const key of ['DATABASE_URL', 'SEN_DATA_DIR', 'PORT', 'HOST', 'SEN_DEMO_DATA', 'LOG_LEVEL'])
    delete env[key]
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

export interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `node bin/sen.mjs …` to its end (killed after 170 s: a loaded CI machine is slow, a hung one is not). */
export function runSen(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; command?: string[] },
): Promise<Finished> {
  const [command, ...prefix] = options.command ?? [process.execPath, 'bin/sen.mjs']
  const child = spawn(command!, [...prefix, ...args], {
    cwd: repoRoot,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 170_000,
  })
  child.stdin.end(options.input ?? '')
  return finished(child)
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

export interface RunningServer {
  child: ChildProcess
  port: number
  /** Everything the server has written to stderr so far. */
  stderr(): string
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Finished>
}

/**
 * Starts the server as `npm start` runs it, `node dist/server/main.mjs` with its flags (built by the global setup;
 * one process, so that its pid is the one in the lock file), and resolves once it says "Sen is
 * running"; rejects with its output if it exits first.
 */
export function startServer(env: NodeJS.ProcessEnv): {
  ready: Promise<RunningServer>
  exit: Promise<Finished>
} {
  const child = spawn(process.execPath, startArguments(), {
    cwd: repoRoot,
    env: { PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  })
  const exit = finished(child)
  let stderr = ''
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk
  })
  const ready = new Promise<RunningServer>((resolve, reject) => {
    const onData = () => {
      const match = /Sen is running: http:\/\/localhost:(\d+)/.exec(stderr)
      if (!match) return
      child.stderr!.off('data', onData)
      resolve({
        child,
        port: Number(match[1]),
        stderr: () => stderr,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exit
        },
      })
    }
    child.stderr!.on('data', onData)
    exit.then(
      (result) =>
        reject(
          new Error(`the server exited (${result.code ?? result.signal}) before it was ready:\n${stderr}`),
        ),
      reject,
    )
  })
  ready.catch(() => {}) // a test that expects the start to fail awaits `exit` instead
  return { ready, exit }
}

/** Kills a child if it is still running (for afterAll and finally). */
export function kill(child: ChildProcess | undefined) {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
