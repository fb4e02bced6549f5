import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoPath, repoRoot } from './paths'

// `npm run lint` runs dependency-cruiser with .dependency-cruiser.cjs over the whole tree. Here it runs
// with that same configuration on small trees written for the purpose, each breaking one rule, and on
// the real tree.

const fixtures: string[] = []

/** A tree of files (path → source) in a temporary folder, laid out like the repository. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-boundaries-'))
  fixtures.push(root)
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), source)
  }
  return root
}

/** A broken rule as the lint prints it: its name and the files it names (a cycle names every file of it). */
interface Violation {
  rule: string
  files: string[]
}

/** Runs the lint's import check (as `npm run lint:imports` does) in `cwd` on `src`: its exit status and what it printed. */
function checkImports(cwd: string) {
  const run = spawnSync(
    repoPath('node_modules/.bin/depcruise'),
    ['--config', repoPath('.dependency-cruiser.cjs'), '--output-type', 'err', 'src'],
    { cwd, encoding: 'utf8' },
  )
  const violations: Violation[] = run.stdout
    .split(/^\s*error /m)
    .slice(1)
    .map((block) => ({
      rule: block.slice(0, block.indexOf(':')),
      files: block.match(/src\/[\w./-]+\.ts/g) ?? [],
    }))
  return { status: run.status, violations }
}

afterAll(() => {
  for (const root of fixtures) fs.rmSync(root, { recursive: true, force: true })
})

describe('the import rules of npm run lint', { timeout: 120_000 }, () => {
  it('fails on an import cycle between two modules, naming the files of the cycle', () => {
    const { status, violations } = checkImports(
      tree({
        'src/server/modules/alpha/service.ts':
          "import { b } from '../beta/service'\nexport const a = () => b\n",
        'src/server/modules/beta/service.ts':
          "import { a } from '../alpha/service'\nexport const b = () => a\n",
      }),
    )
    expect(status).not.toBe(0)
    expect(violations).toEqual([
      {
        rule: 'no-circular',
        files: [
          'src/server/modules/alpha/service.ts',
          'src/server/modules/beta/service.ts',
          'src/server/modules/alpha/service.ts',
        ],
      },
    ])
  })

  it('fails on a cycle of type-only imports inside one module too', () => {
    const { status, violations } = checkImports(
      tree({
        'src/server/modules/alpha/one.ts':
          "import type { Two } from './two'\nexport type One = { two?: Two }\n",
        'src/server/modules/alpha/two.ts':
          "import type { One } from './one'\nexport type Two = { one?: One }\n",
      }),
    )
    expect(status).not.toBe(0)
    expect(violations.map((v) => v.rule)).toEqual(['no-circular'])
  })

  it("fails on a module reaching into another's tables or inner files, not on its service or types", () => {
    const { status, violations } = checkImports(
      tree({
        'src/server/modules/alpha/schema.ts': 'export const table = {}\n',
        'src/server/modules/alpha/service.ts': 'export const read = () => 1\n',
        'src/server/modules/alpha/types.ts': 'export type Thing = { id: string }\n',
        'src/server/modules/alpha/routes.schema.ts': 'export const Code = { type: "string" }\n',
        'src/server/modules/beta/service.ts': [
          "import { table } from '../alpha/schema'",
          "import { read } from '../alpha/service'",
          "import type { Thing } from '../alpha/types'",
          "import { Code } from '../alpha/routes.schema'",
          'export const reach = (thing: Thing) => [table, read(), thing, Code]',
          '',
        ].join('\n'),
        'src/server/modules/beta/routes.ts':
          "import { Code } from '../alpha/routes.schema'\nimport { reach } from './service'\nexport const r = [Code, reach]\n",
      }),
    )
    expect(status).not.toBe(0)
    expect(violations).toEqual([
      {
        rule: 'route-schemas-for-routes',
        files: ['src/server/modules/beta/service.ts', 'src/server/modules/alpha/routes.schema.ts'],
      },
      {
        rule: 'module-public-face',
        files: ['src/server/modules/beta/service.ts', 'src/server/modules/alpha/schema.ts'],
      },
    ])
  })

  it('fails on a module importing the seed', () => {
    const { status, violations } = checkImports(
      tree({
        'src/server/seed/demo.ts': 'export const DEMO = 1\n',
        'src/server/modules/alpha/service.ts':
          "import { DEMO } from '../../seed/demo'\nexport const a = DEMO\n",
      }),
    )
    expect(status).not.toBe(0)
    expect(violations).toEqual([
      {
        rule: 'no-seed-in-production',
        files: ['src/server/modules/alpha/service.ts', 'src/server/seed/demo.ts'],
      },
    ])
  })

  it("passes on Sen's own tree, as npm run lint checks it", () => {
    const run = spawnSync('npm', ['run', '--silent', 'lint:imports'], { cwd: repoRoot, encoding: 'utf8' })
    expect(run.stdout).toContain('no dependency violations found')
    expect(run.status).toBe(0)
  })
})
