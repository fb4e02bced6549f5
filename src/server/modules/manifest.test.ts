import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { modules } from './index'
import { moduleTables } from './tables'

const here = path.dirname(new URL(import.meta.url).pathname)
const folders = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe('the module manifest', () => {
  it('has one entry per module folder, and no entry without a folder', () => {
    expect(modules.map((m) => m.name).sort()).toEqual(folders)
  })

  it('lists the tables of every module that has a schema.ts, and gives each entry its own', () => {
    const withSchema = folders.filter((name) => fs.existsSync(path.join(here, name, 'schema.ts')))
    expect(Object.keys(moduleTables).sort()).toEqual(withSchema)
    for (const entry of modules)
      expect(entry.tables, entry.name).toBe(moduleTables[entry.name as keyof typeof moduleTables])
  })
})
