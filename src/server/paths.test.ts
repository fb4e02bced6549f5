import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { repoPath, repoRoot } from './paths'

it('finds the files Sen reads at run time from the repository root', () => {
  expect(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).name).toBe('sen')
  for (const file of [
    'drizzle/meta/_journal.json',
    'assets/fonts/NotoSans-Regular.ttf',
    'config/vn/provinces.csv',
    'src/server/db/pglite-init.worker.mjs',
  ])
    expect(fs.existsSync(repoPath(file)), file).toBe(true)
})
