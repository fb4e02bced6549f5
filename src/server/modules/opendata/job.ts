import type { Job } from '../../jobs'
import { every } from '../../periodic'
import { refreshSenDatasets } from './sen-datasets.service'

/** Sen's own datasets are refreshed this often (their stated frequency is daily). */
const REFRESH_MS = 6 * 3_600_000

/** The open-data module's jobs, for the module manifest: Sen's own datasets, refreshed. */
export const opendataJobs: Job[] = [
  ({ db, log }) => {
    const pass = async () => {
      const { refreshed } = await refreshSenDatasets(db)
      log.info({ refreshed }, 'open data: Sen datasets refreshed')
    }
    const onError = (error: unknown) => log.error({ err: error }, 'open data: Sen datasets refresh failed')
    const first = pass().catch(onError)
    const job = every(REFRESH_MS, pass, onError)
    return {
      async stop() {
        await first
        await job.stop()
      },
    }
  },
]
