import { Command } from 'commander'
import { agencyImportCommand } from './commands/agency-import'
import { auditVerifyCommand } from './commands/audit-verify'
import { exchangeCommand } from './commands/exchange'
import { governanceCommand } from './commands/governance'
import { metricsCommand } from './commands/metrics'
import { migrateCommand } from './commands/migrate'
import { seedCommand } from './commands/seed'
import { userCreateCommand } from './commands/user-create'
import type { Cli } from './context'

/**
 * The `sen` command line; each command lives in its own file under commands/. Every command throws
 * a CommanderError instead of calling process.exit (exitOverride) and writes to the run's streams.
 */
export function buildProgram(cli: Cli): Command {
  const program = new Command('sen')
    .description(
      'Sen operators’ tool. Uses the server’s settings: DATABASE_URL (PostgreSQL) or SEN_DATA_DIR (embedded PGlite).',
    )
    .version(cli.env.npm_package_version ?? '0.1.0')
  program.addCommand(migrateCommand(cli))
  program.addCommand(seedCommand(cli))
  program.addCommand(new Command('user').description('manage accounts').addCommand(userCreateCommand(cli)))
  program.addCommand(
    new Command('agency').description('manage agencies').addCommand(agencyImportCommand(cli)),
  )
  program.addCommand(metricsCommand(cli))
  program.addCommand(governanceCommand(cli))
  program.addCommand(new Command('audit').description('the audit log').addCommand(auditVerifyCommand(cli)))
  program.addCommand(exchangeCommand(cli))
  const { stdout, stderr } = cli
  // addCommand, unlike command(), does not pass these settings down: each command gets them here.
  const configure = (command: Command) => {
    command
      .exitOverride()
      .configureOutput({
        writeOut: (text) => stdout.write(text),
        writeErr: (text) => stderr.write(text),
        // Help wraps at the terminal's width, and at 80 columns elsewhere, as commander's own default.
        getOutHelpWidth: () => (stdout.isTTY && stdout.columns) || 80,
        getErrHelpWidth: () => (stderr.isTTY && stderr.columns) || 80,
      })
      .showHelpAfterError('(add --help for usage)')
    command.commands.forEach(configure)
  }
  configure(program)
  return program
}
