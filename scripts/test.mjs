#!/usr/bin/env node
// Runs every suite Sen has (lint, type-check, server tests on PGlite and on PostgreSQL, browser tests)
// and ends with one line counting them all: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const totals = { passed: 0, failed: 0, skipped: 0 }
const report = []
const ci = process.env.CI === 'true'
const only = process.argv.slice(2)

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

/** A tool that either passes or fails as a whole counts as one test. */
function check(name, command, args) {
  console.log(`\n━━ ${name} ━━`)
  const ok = run(command, args) === 0
  totals[ok ? 'passed' : 'failed']++
  report.push(`${name}: ${ok ? 'passed' : 'FAILED'}`)
}

/** A Vitest project, counted test by test from its JSON report. */
function vitest(name, project, env = {}) {
  console.log(`\n━━ ${name} ━━`)
  const out = path.join(os.tmpdir(), `sen-vitest-${process.pid}-${project}-${Date.now()}.json`)
  const status = run(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    env,
  )
  let counts = { passed: 0, failed: 0, skipped: 0 }
  try {
    const json = JSON.parse(fs.readFileSync(out, 'utf8'))
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
    }
    // A file that failed to load has no tests to count, but it failed.
    const brokenFiles = json.testResults.filter(
      (f) => f.status === 'failed' && f.assertionResults.length === 0,
    )
    counts.failed += brokenFiles.length
    fs.rmSync(out, { force: true })
  } catch {
    counts.failed += 1
  }
  if (status !== 0 && counts.failed === 0) counts.failed = 1
  for (const key of Object.keys(totals)) totals[key] += counts[key]
  report.push(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
}

const want = (suite) => only.length === 0 || only.includes(suite)

// npm run lint: Biome, then the import rules (no cycles, modules through each other's public face).
if (want('lint')) check('lint (Biome, import rules)', 'npm', ['run', '--silent', 'lint'])
if (want('types')) check('type-check (tsc)', 'npx', ['tsc', '--noEmit', '-p', '.'])
if (want('pglite')) vitest('server tests on PGlite', 'server', { SEN_TEST_DB: 'pglite' })
if (want('postgres')) {
  if (process.env.SEN_TEST_POSTGRES_URL) {
    vitest('server tests on PostgreSQL', 'server', { SEN_TEST_DB: 'postgres' })
  } else {
    console.log('\n━━ server tests on PostgreSQL: not run (set SEN_TEST_POSTGRES_URL; .ci/run does) ━━')
    report.push('server tests on PostgreSQL: not run (SEN_TEST_POSTGRES_URL unset)')
  }
}
if (want('browser')) {
  const chromium = process.env.SEN_CHROMIUM ?? '/usr/bin/chromium'
  if (fs.existsSync(chromium) || ci) {
    check('web build (Vite)', 'npm', ['run', 'build:web', '--silent'])
    vitest('browser tests (Chromium)', 'browser', { SEN_CHROMIUM: chromium })
  } else {
    console.log(
      `\n━━ browser tests: not run, ${chromium} is missing (apt-get install chromium; .ci/run does) ━━`,
    )
    report.push('browser tests: not run (no Chromium)')
    totals.skipped++
  }
}

console.log('\n━━ summary ━━')
for (const line of report) console.log(`  ${line}`)
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`
console.log(summary)
process.exit(totals.failed > 0 ? 1 : 0)
