import { Command, InvalidArgumentError, Option } from 'commander'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import type { Config } from '../../server/config'
import type { Db } from '../../server/db'
import { AppError } from '../../server/errors'
import { AgencyId, Name, Username } from '../../server/modules/identity/routes.schema'
import { createAccount, getAgency, type NewAccount, type Role } from '../../server/modules/identity/service'
import { ROLES, type UserKind } from '../../server/modules/identity/types'
import { hasKeyHolder, issueSignerKey, keyHolder } from '../../server/modules/signing/service'
import { type Cli, CliError, requireMigrated, withDatabase } from '../context'

/** The same rule as for officials created through the API. */
const MIN_PASSWORD = 10

interface Options {
  username: string
  password?: string
  passwordStdin?: boolean
  name: string
  kind: UserKind
  agency?: string
  role: Role[]
  pin?: string
  taxCode?: string
  email?: string
}

/** --role may be repeated; `.choices()` alone would keep only the last one. */
function collectRole(value: string, previous: Role[]): Role[] {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`Allowed choices are ${ROLES.join(', ')}.`)
  return [...previous, value as Role]
}

export const userCreateCommand = (cli: Cli) =>
  new Command('create')
    .description('create an account and print its id')
    .requiredOption('--username <username>', 'login name (3–64 letters, digits, . _ @ -)')
    .option(
      '--password <password>',
      'the password (visible to other users of this machine: prefer --password-stdin)',
    )
    .option('--password-stdin', 'read the password from standard input')
    .requiredOption('--name <name>', 'display name (a person’s full name, a business’s name)')
    .addOption(
      new Option('--kind <kind>', 'kind of account')
        .choices(['citizen', 'business', 'official'])
        .makeOptionMandatory(),
    )
    .option('--agency <id>', 'the official’s agency (e.g. X00004); required for officials')
    .addOption(
      new Option('--role <role>', 'an official’s role; repeat for several')
        .choices(ROLES)
        .argParser(collectRole)
        .default([]),
    )
    .option('--pin <digits>', 'a citizen’s 12-digit personal identification number')
    .option('--tax-code <code>', 'a business’s tax code (10 digits, or 10-3 for a branch)')
    .option('--email <address>', 'e-mail address')
    .addHelpText(
      'after',
      '\nExample:\n  printf %s "$PASSWORD" | npx sen user create --username tran.binh --password-stdin \\\n' +
        '    --name "Trần Thị Bình" --kind official --agency X00004 --role reception --role specialist',
    )
    .action(async (options: Options) => {
      const password = await readPassword(cli, options)
      const account = toNewAccount(options, password)
      await withDatabase(cli, async (database, config) => {
        await requireMigrated(database.db)
        if (account.agencyId) {
          await getAgency(database.db, account.agencyId).catch((error) => {
            if (error instanceof AppError && error.statusCode === 404)
              throw new CliError(
                `Unknown agency "${account.agencyId}": no agency has that id (agencies come from "npx sen agency import").`,
              )
            throw error
          })
        }
        try {
          const created = await createAccount(database.db, null, account)
          cli.stderr.write(`Created ${created.kind} account "${created.username}".\n`)
          await issueKey(cli, database.db, config, created)
          cli.print(created.id)
        } catch (error) {
          if (error instanceof AppError && error.code === 'USERNAME_TAKEN')
            throw new CliError(`The username "${account.username}" is already taken; nothing was created.`)
          throw error
        }
      })
    })

async function readPassword(cli: Cli, options: Options): Promise<string> {
  if (options.password !== undefined && options.passwordStdin)
    throw new CliError('Give either --password or --password-stdin, not both.')
  let password = options.password
  if (options.passwordStdin) {
    if (cli.stdinIsTTY) throw new CliError('--password-stdin reads a pipe: printf %s "$PASSWORD" | npx sen …')
    password = (await cli.readStdin()).replace(/\r?\n$/, '')
  }
  if (password === undefined) throw new CliError('A password is required: --password-stdin (or --password).')
  if (password.length < MIN_PASSWORD)
    throw new CliError(`The password is too weak: use at least ${MIN_PASSWORD} characters.`)
  if (password.length > 256) throw new CliError('The password is too long: at most 256 characters.')
  if (password.toLowerCase() === options.username.toLowerCase())
    throw new CliError('The password must not be the username.')
  return password
}

function check(ok: boolean, message: string) {
  if (!ok) throw new CliError(message)
}

/** The API's own schemas (routes.schema.ts), so that the command and the API accept the same values. */
const fits = (schema: TSchema, value: string) => Value.Check(schema, value)

/** Validates the flags together and turns them into what createAccount takes. */
function toNewAccount(options: Options, password: string): NewAccount {
  const name = options.name.trim()
  check(
    fits(Username, options.username),
    `Bad --username "${options.username}": 3–64 letters, digits, . _ @ -.`,
  )
  check(fits(Name, name), 'Bad --name: 1–200 characters.')
  if (options.email !== undefined)
    check(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.email), `Bad --email "${options.email}".`)
  const roles = [...new Set(options.role)]
  const kind = options.kind
  if (kind === 'official') {
    check(options.agency !== undefined, 'An official needs --agency <id>.')
    check(
      fits(AgencyId, options.agency!),
      `Bad --agency "${options.agency}": an agency id such as G00, H01, X00004.`,
    )
    check(roles.length > 0, `An official needs at least one --role (${ROLES.join(', ')}).`)
  } else {
    check(options.agency === undefined && roles.length === 0, '--agency and --role are for officials only.')
  }
  check(options.pin === undefined || kind === 'citizen', '--pin is for citizens only.')
  check(options.taxCode === undefined || kind === 'business', '--tax-code is for businesses only.')
  if (options.pin !== undefined)
    check(/^\d{12}$/.test(options.pin), `Bad --pin "${options.pin}": a personal id number has 12 digits.`)
  if (options.taxCode !== undefined)
    check(
      /^\d{10}(-\d{3})?$/.test(options.taxCode),
      `Bad --tax-code "${options.taxCode}": 10 digits, or 10-3 digits for a branch.`,
    )
  return {
    username: options.username,
    password,
    displayName: name,
    kind,
    email: options.email ?? null,
    ...(kind === 'official' ? { agencyId: options.agency, roles } : {}),
    ...(options.pin ? { person: { pin: options.pin, fullName: name } } : {}),
    ...(options.taxCode ? { organisation: { taxCode: options.taxCode, name } } : {}),
  }
}

/**
 * A leader signs results: their personal key is issued with the account, as the server does. When
 * this process cannot make keys (production without SEN_SIGNING_MASTER_KEY, or keys kept in an HSM
 * the server is set up with), the account stands and the key is issued at the first signature.
 */
async function issueKey(cli: Cli, db: Db, config: Config, account: Parameters<typeof issueSignerKey>[1]) {
  try {
    // The master key of this run's settings (SEN_DATA_DIR), the server's own.
    if (!hasKeyHolder()) keyHolder(config)
    const key = await issueSignerKey(db, account)
    if (key) cli.stderr.write(`Issued the personal signing certificate ${key.serial} (${key.subject}).\n`)
  } catch (error) {
    cli.stderr.write(
      `No signing key issued now (${(error as Error).message}); it is issued at the first signature.\n`,
    )
  }
}
