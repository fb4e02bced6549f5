#!/usr/bin/env node
// The operators' command: `npx sen <command>` from the repository root (see README, "The `sen` command").
// It runs the TypeScript sources directly through tsx (the server, `npm start`, runs its build).
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
await import('../src/cli/main.ts')
