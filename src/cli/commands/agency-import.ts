import fs from 'node:fs'
import path from 'node:path'
import { Command } from 'commander'
import { centralAgencies, unitAgencies } from '../../server/country/agencies'
import { countryDir } from '../../server/country/files'
import { type AgencyInput, upsertAgencies } from '../../server/modules/identity/service'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'
import { startProgress } from '../progress'

const DEFAULT_FILE = path.join(countryDir, 'administrative-units-2025-07-01.csv')

interface Options {
  provinces?: string
  asOf?: string
}

export const agencyImportCommand = (cli: Cli) =>
  new Command('import')
    .description(
      'create or rename the central agencies and the People’s Committees of provinces and communes (idempotent)',
    )
    .argument('[file]', 'administrative units CSV', path.relative(process.cwd(), DEFAULT_FILE))
    .option('--provinces <codes>', 'only these provinces’ communes, e.g. 01,48 (all 34 provinces always)')
    .option(
      '--as-of <date>',
      'apply the dated unit changes in force on this day, YYYY-MM-DD (default: today)',
    )
    .action(async (file: string, options: Options) => {
      const { central, units } = readAgencies(file, options)
      await withDatabase(cli, async (database) => {
        await requireMigrated(database.db)
        const progress = startProgress('Importing agencies', central.length + units.length, cli.stderr)
        let totals: { created: number; updated: number }
        try {
          const first = await upsertAgencies(database.db, central)
          progress.update(central.length)
          const second = await upsertAgencies(database.db, units, (done) =>
            progress.update(central.length + done),
          )
          totals = { created: first.created + second.created, updated: first.updated + second.updated }
        } finally {
          progress.stop()
        }
        const count = (level: AgencyInput['level']) => units.filter((r) => r.level === level).length
        cli.print(
          `Agencies imported: ${plural(central.length, 'central agency', 'central agencies')}, ` +
            `${plural(count('province'), 'province')}, ${plural(count('commune'), 'commune')} — ` +
            `${totals.created.toLocaleString('en-US')} created, ${totals.updated.toLocaleString('en-US')} updated.`,
        )
      })
    })

/** Reads and checks the whole file before anything is written, so that a bad file changes nothing. */
function readAgencies(file: string, options: Options): { central: AgencyInput[]; units: AgencyInput[] } {
  const resolved = path.resolve(file)
  if (!fs.existsSync(resolved)) throw new CliError(`No such file: ${file}`)
  const provinces = options.provinces
    ?.split(',')
    .map((code) => code.trim())
    .filter(Boolean)
  if (provinces) {
    if (provinces.length === 0)
      throw new CliError('--provinces needs at least one province code, e.g. 01,48.')
    const bad = provinces.find((code) => !/^\d{2}$/.test(code))
    if (bad) throw new CliError(`Bad province code "${bad}" in --provinces: two digits, e.g. 01,48.`)
  }
  if (options.asOf !== undefined && !isDate(options.asOf))
    throw new CliError(`Bad --as-of "${options.asOf}": a date as YYYY-MM-DD.`)
  let units: AgencyInput[]
  try {
    units = unitAgencies({ file: resolved, provinces, asOf: options.asOf })
  } catch (error) {
    throw new CliError(`Cannot import ${file}: ${(error as Error).message}. Nothing was changed.`)
  }
  const present = new Set(units.filter((u) => u.level === 'province').map((u) => u.adminUnitCode))
  const missing = provinces?.filter((code) => !present.has(code))
  if (missing?.length)
    throw new CliError(`No province ${missing.join(', ')} in ${file}. Nothing was changed.`)
  const seen = new Set<string>()
  for (const unit of units) {
    if (unit.level === 'commune' && seen.has(unit.id))
      throw new CliError(
        `Cannot import ${file}: commune ${unit.adminUnitCode} appears twice. Nothing was changed.`,
      )
    seen.add(unit.id)
  }
  if (units.length === 0) throw new CliError(`${file} has no administrative units. Nothing was changed.`)
  return { central: centralAgencies(), units }
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}
