// How `npm start` runs the built server (package.json's start script), so that the tests and the
// benchmark that start it as a process run it with the same Node flags as users get.
import fs from 'node:fs'

/** The arguments `npm start` gives Node: its flags, then `dist/server/main.mjs`. */
export function startArguments(): string[] {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const command = /node((?: --[^\s]+)*) (dist\/server\/main\.mjs)/.exec(pkg.scripts.start)
  if (!command) throw new Error('package.json: the start script no longer runs dist/server/main.mjs')
  return [...command[1]!.split(' ').filter(Boolean), command[2]!]
}
