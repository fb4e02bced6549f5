import { CommanderError } from 'commander'
import { DataDirLockedError } from '../server/db/lock'
import { AppError } from '../server/errors'
import { Cli, CliError, type CliIo } from './context'
import { buildProgram } from './program'

export type { CliIo, OutputStream } from './context'

/**
 * Runs one `sen` command to its end and returns its exit code, never calling process.exit:
 * 0 done, 1 refused or failed, 2 the data directory is in use by another Sen process.
 * `argv` are the user's arguments (`['audit', 'verify']`); the settings come from `io.env`.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const cli = new Cli(io)
  const fail = (message: string) => cli.stderr.write(`sen: ${message}\n`)
  try {
    await buildProgram(cli).parseAsync(argv, { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode // commander has printed its message
    if (error instanceof DataDirLockedError) {
      fail(error.message)
      return 2
    }
    if (error instanceof CliError || error instanceof AppError) {
      fail(error.message)
      return error instanceof CliError ? error.exitCode : 1
    }
    fail((error as Error)?.stack ?? String(error))
    return 1
  }
}
