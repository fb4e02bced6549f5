import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository's root, where the files Sen reads at run time live (migrations, fonts, the
 * country's configuration). Found from this module upwards, so that it is the same whether the
 * server runs from its sources (tests, the CLI) or from its build in dist/server (`npm start`).
 */
export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)))

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'drizzle'))) return dir
    if (path.dirname(dir) === dir)
      throw new Error(`Sen's files (package.json, drizzle/) not found above ${from}`)
  }
}

/** A path inside the repository. */
export const repoPath = (...parts: string[]) => path.join(repoRoot, ...parts)
