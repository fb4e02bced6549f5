import { Command } from 'commander'
import { type Cli, describeDatabase, migrationState, plural, withDatabase } from '../context'

export const migrateCommand = (cli: Cli) =>
  new Command('migrate')
    .description(
      'apply pending database migrations (safe to run again, and beside running servers on PostgreSQL)',
    )
    .action(() =>
      withDatabase(
        cli,
        async (database, config) => {
          const before = await migrationState(database.db)
          await database.migrate()
          const after = await migrationState(database.db)
          const applied = after.applied - before.applied
          const where = describeDatabase(config)
          cli.print(
            applied > 0
              ? `Applied ${plural(applied, 'migration')} to ${where}; ${after.applied} of ${after.expected} in place.`
              : `Database up to date (${plural(after.applied, 'migration')}) in ${where}.`,
          )
        },
        { create: true },
      ),
    )
