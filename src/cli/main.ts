// `sen`, the operators' command line (bin/sen.mjs runs this file through tsx); runCli does the work.
import { runCli } from './run'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
})
