import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompress } from './precompress.ts'

// The web app lives in src/web and is built into dist/web at the repository root.
// The Sen server serves dist/web with an SPA fallback (every non-/api GET returns index.html), and the
// brotli and gzip copies of its files that precompress() writes beside them.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Keep the big libraries in long-cached chunks of their own, apart from the app's code. The rest of
        // node_modules goes where rolldown puts it, with the pages that use it (the QR code with the
        // dossier page), instead of one vendor chunk that every page would load.
        codeSplitting: {
          groups: [
            // Forms from JSON Schema (@rjsf, Ajv, date input): loaded only by the pages that show a form.
            {
              name: 'forms',
              test: /node_modules[\\/](@rjsf|typebox|ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse|json-schema-merge-allof|jsonpointer|lodash|lodash-es|dayjs|@mantine[\\/]dates|markdown-to-jsx|compute-gcd|compute-lcm|validate\.io-[a-z-]+|fast-equals|nanoid)[\\/]/,
              priority: 10,
            },
            // Charts (recharts, its redux store and d3): loaded only by the metrics pages' charts.
            {
              name: 'recharts',
              test: /node_modules[\\/](recharts|@reduxjs|redux|redux-thunk|react-redux|immer|reselect|es-toolkit|eventemitter3|decimal\.js-light|tiny-invariant|victory-vendor|d3-[a-z-]+|internmap)[\\/]/,
              priority: 10,
            },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-is|react-router|scheduler|use-sync-external-store)[\\/]/,
              priority: 30,
            },
            // Mantine, less the inputs that only @rjsf's theme uses: those go with the forms.
            {
              name: 'mantine',
              test: /node_modules[\\/]@mantine[\\/](hooks|core[\\/](?!esm[\\/]components[\\/](ColorInput|FileInput|MultiSelect|NumberInput|Pill|PillsInput|Slider|Flex|Fieldset)[\\/]))/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
})
