#!/usr/bin/env node
// Builds the server for `npm start`: src/server/main.ts and everything it imports from src/, as one
// ES module in dist/server/main.mjs (packages stay in node_modules). Running the build instead of
// the TypeScript sources through tsx spares the server the transpiler, its in-memory source maps
// (55-65 MB of an idle server) and its naming of every closure at run time. Tests that start the
// server as a process build it first (tests/helpers/global-setup.ts).
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

await build({
  entryPoints: [fileURLToPath(new URL('../src/server/main.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('../dist/server/main.mjs', import.meta.url)),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Stack traces name the sources (node --enable-source-maps).
  sourcemap: true,
  logLevel: 'warning',
})
