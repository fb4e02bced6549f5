import type { FastifyBaseLogger } from 'fastify'
import type { ResolvedConfig } from './config'
import type { Db } from './db'

/** What a module's background job is given when the server starts (runtime.ts). */
export interface JobContext {
  db: Db
  config: ResolvedConfig
  log: FastifyBaseLogger
}

/** A background job once started: stopping it waits for the pass under way. */
export interface RunningJob {
  stop(): Promise<void>
}

/** A module's background job, listed in the module manifest (modules/index.ts). */
export type Job = (context: JobContext) => RunningJob
