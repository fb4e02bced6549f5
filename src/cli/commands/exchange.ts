import fs from 'node:fs'
import { Command } from 'commander'
import { exportExchangeLog, type LogExport, verifyExport } from '../../server/modules/exchange/service'
import { type Cli, CliError, plural, requireMigrated, withDatabase } from '../context'

const REASONS = {
  hash: 'its content does not match its digest and hash: the entry was altered',
  prev_hash: 'it does not link to the entry before it: entries were removed, inserted or reordered',
  gap: 'an entry is missing from the sequence',
  seal: "its batch's signature does not verify against the trusted root, or does not cover this chain",
}

/** `sen exchange export-log <file>`: every sealed entry of the message log and every seal, with Sen's root. */
const exportLogCommand = (cli: Cli) =>
  new Command('export-log')
    .description(
      "write the data-exchange message log (entries, signed seals, Sen's root certificate) to a file",
    )
    .argument('<file>', 'where to write the export (JSON)')
    .action((file: string) =>
      withDatabase(cli, async (database) => {
        await requireMigrated(database.db)
        const exported = await exportExchangeLog(database.db)
        fs.writeFileSync(file, JSON.stringify(exported))
        cli.print(
          `exported ${plural(exported.entries.length, 'entry', 'entries')} and ${plural(exported.seals.length, 'seal')} to ${file}`,
        )
      }),
    )

/**
 * `sen exchange verify-log <file> [--root <pem>]`: checks an export offline, without Sen or its
 * database: each entry against its hashes, the chain's links, each seal's signature.
 */
const verifyLogCommand = (cli: Cli) =>
  new Command('verify-log')
    .description('verify an exported data-exchange message log offline: entries, hash chain and signed seals')
    .argument('<file>', 'an export made by "sen exchange export-log"')
    .option(
      '--root <pem>',
      "the root certificate to trust (default: the one in the file; give Sen's own to be sure)",
    )
    .action(async (file: string, options: { root?: string }) => {
      let exported: LogExport
      try {
        exported = JSON.parse(fs.readFileSync(file, 'utf8')) as LogExport
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`)
      }
      if (exported.format !== 'sen-exchange-log/1')
        throw new CliError(`${file} is not a Sen exchange log export`)
      const root = options.root ? fs.readFileSync(options.root, 'utf8') : undefined
      const report = await verifyExport(exported, root)
      if (!report.ok && report.firstBroken) {
        const { seq, chainSeq, reason } = report.firstBroken
        throw new CliError(
          `exchange log broken at entry #${seq} (chain position ${chainSeq}; ${reason}: ${REASONS[reason]}); ` +
            `${plural(report.entries, 'entry', 'entries')} before it are intact.`,
        )
      }
      cli.print(
        `exchange log intact: ${plural(report.entries, 'entry', 'entries')}, ${plural(report.seals, 'signed seal')}` +
          (report.unsealed ? `, ${report.unsealed} after the last seal` : ''),
      )
    })

export const exchangeCommand = (cli: Cli) =>
  new Command('exchange')
    .description('the data-exchange gateway')
    .addCommand(exportLogCommand(cli))
    .addCommand(verifyLogCommand(cli))
