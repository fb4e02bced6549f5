import { Command, Option } from 'commander'
import { backfillMetrics, refreshMetrics } from '../../server/modules/metrics/service'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'

export const metricsCommand = (cli: Cli) =>
  new Command('metrics').description('the programme dashboard’s figures').addCommand(
    new Command('refresh')
      .description('recompute today’s figures now (after a bulk import, say); with --backfill, past days too')
      .addOption(
        new Option('--backfill <days>', 'also rebuild the daily snapshots of the last <days> days').argParser(
          (v) => {
            const days = Number(v)
            if (!Number.isInteger(days) || days < 1 || days > 3650)
              throw new CliError('--backfill takes 1 to 3650 days')
            return days
          },
        ),
      )
      .action((options: { backfill?: number }) =>
        withDatabase(cli, async (database) => {
          await requireMigrated(database.db)
          if (options.backfill) {
            const filled = await backfillMetrics(database.db, options.backfill)
            cli.print(`rebuilt ${plural(filled, 'daily snapshot')}`)
          }
          const refresh = await refreshMetrics(database.db)
          if (!refresh) throw new CliError('another refresh is running; try again in a minute')
          cli.print(
            `figures as of ${refresh.asOf.toISOString()}: ${plural(refresh.agencies, 'agency', 'agencies')} in ${refresh.durationMs} ms`,
          )
        }),
      ),
  )
