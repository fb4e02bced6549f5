// The operators' `sen` command against a real database: PGlite in a temporary SEN_DATA_DIR, or a
// fresh PostgreSQL database when SEN_TEST_DB=postgres. The commands run in this process through
// runCli (what bin/sen.mjs runs, with the process's streams); the last section runs the binary itself.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run'
import { type Database, openDatabase } from '../../src/server/db'
import { rowsOf } from '../../src/server/db/rows'
import { countAuditEvents } from '../../src/server/modules/audit/service'
import { authenticate, countAccounts, countAgencies } from '../../src/server/modules/identity/service'
import { countRecords } from '../../src/server/modules/registry/service'
import { freshPostgres, testDbKind } from '../helpers/db'
import { childEnv, runSen } from '../helpers/processes'

const PASSWORD = 'correct horse battery staple'
/** In-process commands take seconds (seeding, importing 3,355 agencies), far more on a busy machine. */
const LONG = 180_000
/** A child process starts tsx and the database (3–8 s on two idle cores, far more on a busy machine). */
const CHILD = 400_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** One empty database of this run's kind, the settings that point `sen` at it, and in-process access. */
async function emptyDatabase() {
  if (testDbKind === 'postgres') {
    const { url, drop } = await freshPostgres()
    const settings = { databaseUrl: url, dataDir: 'unused' }
    return { env: { NODE_ENV: 'test', DATABASE_URL: url }, settings, dispose: drop }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-cli-'))
  const settings = { dataDir: path.join(dir, 'data') }
  return {
    env: { NODE_ENV: 'test', SEN_DATA_DIR: settings.dataDir },
    settings,
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * PGlite: a closed data directory that `sen migrate` has just migrated (kept by the first section).
 * The other sections start from copies of it: creating a PGlite directory costs seconds, tens of
 * seconds on a busy machine, and copying one costs little.
 */
let migratedDataDir: string | undefined

/** Like emptyDatabase, but migrated: a copy of migratedDataDir, or else migrated by `sen migrate`. */
async function migratedDatabase() {
  const target = await emptyDatabase()
  if (testDbKind === 'pglite' && migratedDataDir) {
    fs.cpSync(migratedDataDir, target.settings.dataDir, { recursive: true })
  } else {
    const migrated = await runInProcess(['migrate'], target.env)
    expect(migrated.code, migrated.stderr).toBe(0)
  }
  return target
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs one command in this process with these settings (and nothing else of this process's environment). */
async function runInProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { input?: string } = {},
): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: options.input,
    env,
  })
  return { code, stdout, stderr }
}

/** Opens the database in this process (after the command has closed it: PGlite's directory is locked), runs `work`, closes it. */
async function inspect<T>(
  settings: { databaseUrl?: string; dataDir: string },
  work: (database: Database) => Promise<T>,
) {
  const database = await openDatabase(settings)
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

describe(`sen migrate, seed, user create and audit verify (${testDbKind})`, { timeout: LONG }, () => {
  let target: Awaited<ReturnType<typeof emptyDatabase>>
  const sen = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    runInProcess(args, { ...target.env, ...options.env }, options)

  beforeAll(async () => {
    target = await emptyDatabase()
  })
  afterAll(async () => {
    await target?.dispose()
  })

  it('refuses to work on a database that has not been migrated', async () => {
    const run = await sen(['seed'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('run "npx sen migrate" first')
  })

  it('migrates an empty database, then says it is up to date', async () => {
    const first = await sen(['migrate'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Applied \d+ migrations? to /)
    const second = await sen(['migrate'])
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/^Database up to date \(\d+ migrations?\)/)
    if (testDbKind === 'pglite') {
      migratedDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-cli-migrated-'))
      fs.cpSync(target.settings.dataDir, migratedDataDir, { recursive: true })
    }
  })

  it('seeds the demo data once, and refuses a second time and in production', async () => {
    const first = await sen(['seed'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('demo.citizen')
    const second = await sen(['seed'])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain('Refusing to seed: the database already has 5 accounts')
    const production = await sen(['seed'], { env: { NODE_ENV: 'production' } })
    expect(production.code).toBe(1)
    expect(production.stderr).toContain('Refusing to load demo data in production')
  })

  it('verifies the audit chain of the seeded database', async () => {
    const run = await sen(['audit', 'verify'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^audit chain intact: \d+ events\n$/)
  })

  it('generates registry records with --people and --businesses, deterministic and with progress', async () => {
    const before = await inspect(target.settings, ({ db }) => countRecords(db))
    const bad = await sen(['seed', '--people', 'many'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('--people takes a whole number')
    const run = await sen([
      'seed',
      '--people',
      '300',
      '--businesses',
      '10',
      '--seed',
      '7',
      '--provinces',
      '48',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      /^Generated 300 people in \d+ households and 10 businesses\.\nDone in [\d.]+ s\.\n$/,
    )
    expect(run.stderr).toContain('Generating records: 310/310 (100%)')
    const after = await inspect(target.settings, ({ db }) => countRecords(db))
    expect(after).toEqual({ people: before.people + 300, businesses: before.businesses + 10 })
  })

  let officialId = ''
  it('creates an official whose password comes on stdin, and prints only the new id', async () => {
    const run = await sen(
      [
        'user',
        'create',
        '--username',
        'tran.binh',
        '--password-stdin',
        '--name',
        'Trần Thị Bình',
        '--kind',
        'official',
        '--agency',
        'X00004',
        '--role',
        'reception',
        '--role',
        'specialist',
      ],
      { input: `${PASSWORD}\n` },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('Created official account "tran.binh".\n')
    officialId = run.stdout.trim()
    expect(officialId).toMatch(UUID)
  })

  it('creates a citizen with a personal id number from --password', async () => {
    const run = await sen([
      'user',
      'create',
      '--username=le.hoa',
      `--password=${PASSWORD}`,
      '--name=Lê Thị Hoa',
      '--kind=citizen',
      '--pin=001190000002',
      '--email=hoa@example.vn',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim()).toMatch(UUID)
  })

  it('refuses a taken username, an unknown agency and bad input, creating nothing', async () => {
    const official = ['--name', 'Someone', '--kind', 'official', '--agency', 'X00004', '--role', 'leader']
    const taken = await sen([
      'user',
      'create',
      '--username',
      'tran.binh',
      '--password',
      PASSWORD,
      ...official,
    ])
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('The username "tran.binh" is already taken')
    expect(taken.stdout).toBe('')

    const unknown = await sen([
      'user',
      'create',
      '--username',
      'nobody.here',
      '--password',
      PASSWORD,
      ...official.slice(0, 4),
      '--agency',
      'X99999',
      '--role',
      'leader',
    ])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Unknown agency "X99999"')

    // Refused before the database is opened.
    const refusals: [string[], string][] = [
      [['--username', 'weak.one', '--password', 'short', ...official], 'too weak'],
      [['--username', 'no.password', ...official], 'A password is required'],
      [['--username', 'empty.stdin', '--password-stdin', ...official], 'too weak'],
      [
        ['--username', 'both.ways', '--password', PASSWORD, '--password-stdin', ...official],
        'either --password or --password-stdin',
      ],
      [['--username', 'no.role', '--password', PASSWORD, ...official.slice(0, 6)], 'at least one --role'],
      [
        ['--username', 'bad.role', '--password', PASSWORD, ...official.slice(0, 6), '--role', 'boss'],
        "'boss' is invalid",
      ],
      [
        ['--username', 'bad.pin', '--password', PASSWORD, '--name', 'X', '--kind', 'citizen', '--pin', '123'],
        'Bad --pin',
      ],
      [
        ['--username', 'bad.kind', '--password', PASSWORD, '--name', 'X', '--kind', 'alien'],
        "argument 'alien' is invalid",
      ],
    ]
    const runs = await Promise.all(refusals.map(([args]) => sen(['user', 'create', ...args])))
    runs.forEach((run, i) => {
      expect(run.code, refusals[i]![1]).toBe(1)
      expect(run.stderr).toContain(refusals[i]![1])
      expect(run.stdout).toBe('')
    })
  })

  it('prints its usage and version on stdout with exit code 0, and refuses an unknown command with 1', async () => {
    const help = await sen(['user', 'create', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--password-stdin')
    expect(help.stdout).toContain('Example:')
    const version = await sen(['--version'])
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/)
    const unknown = await sen(['frobnicate'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")
    expect(unknown.stderr).toContain('(add --help for usage)')
  })

  it('the created accounts log in; nothing else was created; tampering breaks the audit chain at its event', async () => {
    await inspect(target.settings, async ({ db }) => {
      expect(await authenticate(db, { username: 'tran.binh', password: PASSWORD })).toBe(officialId)
      expect(await authenticate(db, { username: '001190000002', password: PASSWORD })).toMatch(UUID)
      expect(await countAccounts(db)).toBe(7) // 5 demo accounts and the 2 above
      expect(await countAccounts(db, 'official')).toBe(4)
      await db.execute(sql`update audit_events set data = '{"x":1}' where seq = 3`)
    })
    const run = await sen(['audit', 'verify'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('audit chain broken at event #3 (hash')
    expect(run.stderr).toContain('2 events before it are intact')
  })

  // The lock file names the process, so within one process it is the commands that keep count.
  it.skipIf(testDbKind === 'postgres')(
    'refuses, with exit code 2, a command on a data directory another command of this process has open',
    async () => {
      const runs = await Promise.all([sen(['audit', 'verify']), sen(['audit', 'verify'])])
      expect(runs.map((run) => run.code).sort()).toEqual([1, 2])
      const refused = runs.find((run) => run.code === 2)!
      expect(refused.stderr).toBe(
        `sen: The data directory ${target.settings.dataDir} is in use by another Sen process (pid ${process.pid}). ` +
          'Stop that process, or set SEN_DATA_DIR to another directory.\n',
      )
      expect(refused.stdout).toBe('')
      // Both have closed it: the lock is gone and the next command opens the directory.
      expect(fs.existsSync(path.join(target.settings.dataDir, 'sen.lock'))).toBe(false)
      expect((await sen(['migrate'])).code).toBe(0)
    },
  )
})

describe(`sen agency import (${testDbKind})`, { timeout: LONG }, () => {
  let target: Awaited<ReturnType<typeof emptyDatabase>>
  let dir: string
  const sen = (args: string[]) => runInProcess(args, target.env)

  beforeAll(async () => {
    target = await migratedDatabase()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-csv-'))
  }, LONG)
  afterAll(async () => {
    await target?.dispose()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  const header = 'province_code,province_name,commune_code,commune_name,commune_type\n'

  it('refuses a file with a bad row, and writes nothing at all', async () => {
    const file = path.join(dir, 'bad.csv')
    fs.writeFileSync(file, `${header}01,Hà Nội,00004,Ba Đình,Phường\n01,Hà Nội,0007,Ngọc Hà,Phường\n`)
    const run = await sen(['agency', 'import', file])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Bad unit codes in row')
    expect(run.stderr).toContain('"commune_code":"0007"')
    expect(run.stderr).toContain('Nothing was changed.')
    await inspect(target.settings, async ({ db }) => {
      expect(await countAgencies(db)).toBe(0)
      expect(await countAuditEvents(db)).toBe(0)
    })
  })

  it('refuses a file that names a commune twice, an unknown province and a bad date', async () => {
    const file = path.join(dir, 'twice.csv')
    fs.writeFileSync(file, `${header}01,Hà Nội,00004,Ba Đình,Phường\n01,Hà Nội,00004,Ba Đình,Phường\n`)
    const [twice, province, date, missing] = await Promise.all([
      sen(['agency', 'import', file]),
      sen(['agency', 'import', '--provinces', '01,99']),
      sen(['agency', 'import', '--as-of', '2025-02-30']),
      sen(['agency', 'import', path.join(dir, 'missing.csv')]),
    ])
    expect(twice.stderr).toContain('commune 00004 appears twice')
    expect(province.stderr).toContain('No province 99')
    expect(date.stderr).toContain('Bad --as-of "2025-02-30"')
    expect(missing.stderr).toContain('No such file')
    for (const run of [twice, province, date, missing]) expect(run.code).toBe(1)
  })

  it('imports all 34 provinces and 3,321 communes with plain progress lines off a terminal', async () => {
    const run = await sen(['agency', 'import'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('34 provinces, 3,321 communes')
    expect(run.stdout).toMatch(/ 3,3\d\d created, 0 updated\.\n$/)
    const lines = run.stderr.trim().split('\n')
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.every((line) => /^Importing agencies: [\d,]+\/[\d,]+ \(\d+%\)$/.test(line))).toBe(true)
    expect(lines.at(-1)).toMatch(/\(100%\)$/)
    await inspect(target.settings, async ({ db }) => {
      expect(await countAgencies(db, 'province')).toBe(34)
      expect(await countAgencies(db, 'commune')).toBe(3321)
    })
  })

  it('is idempotent: a second import creates nothing', async () => {
    const run = await sen(['agency', 'import'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/ 0 created, 3,3\d\d updated\.\n$/)
    await inspect(target.settings, async ({ db }) => {
      expect(await countAgencies(db, 'province')).toBe(34)
      expect(await countAgencies(db, 'commune')).toBe(3321)
    })
  })

  it('imports a staff spreadsheet with progress, and refuses one with a bad row, listing it', async () => {
    const staffHeader = 'Mã cơ quan,Mã cán bộ,Họ và tên,Loại,Cán bộ CNTT/chuyển đổi số'
    const good = path.join(dir, 'staff.csv')
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `H01,CB-${i},Cán bộ ${i},Công chức,${i % 5 === 0 ? 'Có' : 'Không'}`,
    )
    fs.writeFileSync(good, `${staffHeader}\n${rows.join('\n')}\n`)
    const bad = path.join(dir, 'staff-bad.csv')
    fs.writeFileSync(bad, `${staffHeader}\nH01,CB-1,Một,Công chức,Có\nH77,CB-2,Hai,Công chức,Có\n`)
    const refused = await sen(['governance', 'import-staff', bad])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('row 3 [Mã cơ quan]: UNKNOWN_AGENCY')
    expect(refused.stderr).toContain('Nothing was changed.')
    const run = await sen(['governance', 'import-staff', good])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('2,500 rows — 2,500 created, 0 updated.')
    expect(run.stderr).toMatch(/^Checking rows: [\d,]+\/2,500/m)
    expect(run.stderr.trim().split('\n').at(-1)).toBe('Writing rows: 2,500/2,500 (100%)')
    await inspect(target.settings, async ({ db }) => {
      const [count] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from gov_staff`)
      expect(count!.n).toBe(2500)
    })
  })
})

// The binary itself, as an operator runs it: its exit codes and output reach the shell.
describe(`the sen binary, run as a child process (${testDbKind})`, { timeout: CHILD }, () => {
  const targets: Awaited<ReturnType<typeof emptyDatabase>>[] = []
  afterAll(async () => {
    for (const target of targets) await target.dispose()
    if (migratedDataDir) fs.rmSync(migratedDataDir, { recursive: true, force: true })
  })

  it('`node bin/sen.mjs audit verify` exits with code 1 and says why on a database without tables', async () => {
    const target = await emptyDatabase()
    targets.push(target)
    const run = await runSen(['audit', 'verify'], { env: childEnv(target.env) })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^sen: .*run "npx sen migrate" first\.\n$/)
  })

  it('`npx sen migrate` from the repository root opens the database and exits with code 0', async () => {
    const target = await migratedDatabase()
    targets.push(target)
    const run = await runSen(['migrate'], { env: childEnv(target.env), command: ['npx', '--no', 'sen'] })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('sen:') // npm may warn about its own settings there
    expect(run.stdout).toMatch(/^Database up to date \(\d+ migrations?\) in /)
  })
})
