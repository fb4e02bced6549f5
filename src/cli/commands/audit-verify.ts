import { Command } from 'commander'
import { countAuditEvents, verifyAuditChain } from '../../server/modules/audit/service'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'
import { startProgress } from '../progress'

const REASONS = {
  hash: 'its content does not match its hash: the event was altered',
  prev_hash: 'it does not link to the event before it: events were removed, inserted or reordered',
}

export const auditVerifyCommand = (cli: Cli) =>
  new Command('verify')
    .description(
      'seal the committed audit events into the hash chain, then check it from its first event to its last',
    )
    .action(() =>
      withDatabase(cli, async (database) => {
        await requireMigrated(database.db)
        const total = await countAuditEvents(database.db)
        const progress = startProgress('Verifying audit events', total, cli.stderr)
        const report = await verifyAuditChain(database.db, (checked) => progress.update(checked)).finally(
          () => progress.stop(),
        )
        if (!report.ok && report.firstBroken) {
          const { seq, reason } = report.firstBroken
          throw new CliError(
            `audit chain broken at event #${seq} (${reason}: ${REASONS[reason]}); ` +
              `${plural(report.checked, 'event')} before it are intact.`,
          )
        }
        cli.print(`audit chain intact: ${plural(report.checked, 'event')}`)
      }),
    )
