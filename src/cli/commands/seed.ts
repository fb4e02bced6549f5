import { Command } from 'commander'
import { sql } from 'drizzle-orm'
import type { Db } from '../../server/db'
import { rowsOf } from '../../server/db/rows'
import { countAccounts } from '../../server/modules/identity/service'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemoData } from '../../server/seed/demo'
import { BULK_AUDIT_ACTION, generateDossiers } from '../../server/seed/dossiers-bulk'
import { generatePopulation } from '../../server/seed/population'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'
import { startProgress } from '../progress'

/** `--people N --businesses M` generate registry records instead of loading the demo. */
export interface SeedOptions {
  people?: string
  businesses?: string
  dossiers?: string
  seed?: string
  provinces?: string
}

function count(value: string | undefined, name: string): number {
  if (value === undefined) return 0
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0 || number > 50_000_000) {
    throw new CliError(`--${name} takes a whole number from 0 to 50,000,000, not "${value}".`)
  }
  return number
}

export const seedCommand = (cli: Cli) =>
  new Command('seed')
    .description(
      'load the demo agencies and accounts into an empty database, or with --people/--businesses/--dossiers ' +
        'generate population, business and dossier records (deterministic; for demos and benchmarks)',
    )
    .option('--people <n>', 'generate this many people: families, Vietnamese names, real communes')
    .option('--businesses <n>', 'generate this many businesses, represented by generated people')
    .option(
      '--dossiers <n>',
      'generate this many dossiers of the last 90 days for living adults of the registry, in every state (once per database)',
    )
    .option('--seed <n>', 'the generator seed: the same seed gives the same records', '1')
    .option('--provinces <codes>', 'place the people in these provinces only, e.g. 01,48')
    .action(async (options: SeedOptions) => {
      if (cli.config().env === 'production')
        throw new CliError('Refusing to load demo data in production (NODE_ENV=production).')
      const people = count(options.people, 'people')
      const businesses = count(options.businesses, 'businesses')
      const dossiers = count(options.dossiers, 'dossiers')
      const seed = count(options.seed, 'seed')
      if (
        options.people !== undefined ||
        options.businesses !== undefined ||
        options.dossiers !== undefined
      ) {
        if (businesses > 0 && people === 0)
          throw new CliError('--businesses needs --people: they represent them.')
        const provinces = options.provinces?.split(',').map((code) => code.trim())
        if (provinces?.some((code) => !/^\d{2}$/.test(code))) {
          throw new CliError(
            `--provinces takes 2-digit province codes such as 01,48, not "${options.provinces}".`,
          )
        }
        await withDatabase(cli, async (database) => {
          await requireMigrated(database.db)
          const started = Date.now()
          if (dossiers > 0 && (await alreadyGenerated(database.db)))
            throw new CliError(
              'Refusing to generate dossiers: this database already has generated dossiers ' +
                '(see the audit log). Generate into a fresh database.',
            )
          if (people + businesses > 0) {
            const progress = startProgress('Generating records', people + businesses, cli.stderr)
            const result = await generatePopulation(
              database.db,
              { people, businesses, seed, provinces },
              (done) => progress.update(done),
            )
            progress.stop()
            cli.print(
              `Generated ${plural(result.people, 'person', 'people')} in ${plural(result.households, 'household')} ` +
                `and ${plural(result.businesses, 'business', 'businesses')}.`,
            )
          }
          if (dossiers > 0) {
            const progress = startProgress('Generating dossiers', dossiers, cli.stderr)
            const result = await generateDossiers(database.db, { dossiers, seed }, (done) =>
              progress.update(done),
            ).finally(() => progress.stop())
            cli.print(
              `Generated ${plural(result.dossiers, 'dossier')} for ${plural(result.applicants, 'applicant')}: ` +
                `${plural(result.actions, 'action')}, ${plural(result.items, 'item')}, ` +
                `${plural(result.documents, 'wallet document')}, ${plural(result.documentUses, 'document use')}, ` +
                `${plural(result.ratings, 'rating')}.`,
            )
          }
          cli.print(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
        })
        return
      }
      await withDatabase(cli, async (database) => {
        await requireMigrated(database.db)
        if (!(await isEmpty(database.db))) {
          const accounts = await countAccounts(database.db)
          throw new CliError(
            `Refusing to seed: the database already has ${plural(accounts, 'account')}. ` +
              'Demo data goes only into an empty database.',
          )
        }
        await loadDemoData(database.db, (step) => cli.stderr.write(`Loading demo ${step}…\n`))
        cli.print(`Demo data loaded. Accounts (password "${DEMO_PASSWORD}"):`)
        for (const account of DEMO_ACCOUNTS) cli.print(`  ${account.username.padEnd(14)} ${account.role}`)
      })
    })

async function alreadyGenerated(db: Db): Promise<boolean> {
  const rows = await rowsOf(db, sql`select 1 from audit_events where action = ${BULK_AUDIT_ACTION} limit 1`)
  return rows.length > 0
}
