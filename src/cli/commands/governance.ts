import fs from 'node:fs'
import path from 'node:path'
import { Command } from 'commander'
import { type ImportPhase, importStaff } from '../../server/modules/governance/service'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'
import { type Progress, startProgress } from '../progress'

const PHASES: Record<ImportPhase, string> = {
  reading: 'Reading rows',
  checking: 'Checking rows',
  writing: 'Writing rows',
}

/** `sen governance …`: the governance records agencies keep, loaded from the files they have. */
export const governanceCommand = (cli: Cli) =>
  new Command('governance').description('governance records of the agencies').addCommand(
    new Command('import-staff')
      .description(
        'import a staff spreadsheet (XLSX or CSV): every row is checked first, and a file with any problem writes nothing',
      )
      .argument('<file>', 'the spreadsheet (.xlsx or .csv, UTF-8)')
      .action(async (file: string) => {
        const resolved = path.resolve(file)
        if (!fs.existsSync(resolved)) throw new CliError(`No such file: ${file}`)
        const bytes = fs.readFileSync(resolved)
        await withDatabase(cli, async (database) => {
          await requireMigrated(database.db)
          let phase: ImportPhase | null = null
          let progress: Progress | null = null
          const onProgress = (next: ImportPhase, done: number, total: number) => {
            // Reading has no total until the end: the bars are for checking and writing.
            if (next === 'reading') return
            if (next !== phase) {
              progress?.stop()
              phase = next
              progress = startProgress(PHASES[next], total, cli.stderr)
            }
            progress!.update(done)
          }
          const result = await importStaff(
            database.db,
            null,
            { bytes, fileName: path.basename(file) },
            onProgress,
          ).finally(() => (progress as Progress | null)?.stop())
          if (!result.imported) {
            const lines = result.problems
              .slice(0, 200)
              .map(
                (p) =>
                  `  ${p.row === 0 ? 'file' : `row ${p.row}`}${p.column ? ` [${p.column}]` : ''}: ${p.code} — ${p.text.en}`,
              )
            const more = result.problems.length - lines.length
            throw new CliError(
              `Cannot import ${file}: ${plural(result.problems.length, 'problem')}. Nothing was changed.\n${lines.join('\n')}${more > 0 ? `\n  … and ${plural(more, 'more problem')}` : ''}`,
            )
          }
          cli.print(
            `Staff imported from ${file}: ${plural(result.rows, 'row')} — ${result.created.toLocaleString('en-US')} created, ${result.updated.toLocaleString('en-US')} updated.`,
          )
        })
      }),
  )
