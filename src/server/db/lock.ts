import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite does not lock its data directory and two processes on one directory
 * silently corrupt it, so Sen holds a lock file naming the owning process.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Sen process (pid ${pid}). ` +
        'Stop that process, or set SEN_DATA_DIR to another directory.',
    )
    this.name = 'DataDirLockedError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Locks this process holds: a lock file naming our own pid is stale only if we do not hold it. */
const held = new Set<string>()

/** Takes the lock or throws DataDirLockedError; returns a function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const lockPath = path.join(dataDir, 'sen.lock')
  if (held.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx')
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
      fs.closeSync(fd)
      held.add(lockPath)
      const release = () => {
        if (!held.delete(lockPath)) return
        process.off('exit', release)
        try {
          fs.unlinkSync(lockPath)
        } catch {}
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(lockPath)
      if (holder !== undefined && holder !== process.pid && isAlive(holder))
        throw new DataDirLockedError(dataDir, holder)
      // The holder died without releasing it: the lock is stale.
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid)
    return Number.isInteger(pid) ? pid : undefined
  } catch {
    return undefined
  }
}
