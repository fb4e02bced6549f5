// Creates a new PGlite data directory (initdb), in a worker thread of its own: initdb grows the
// WebAssembly heap to some 800 MB, which a heap never gives back; the worker's goes with it.
// Plain JavaScript, so that it runs the same under tsx, vitest and node. See openPglite.
import { workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'

const db = await PGlite.create(workerData.dir)
await db.close()
