import type { Job } from '../../jobs'
import { startOutboxWorker } from './outbox.service'
import { createMailTransport } from './transport'

/** The notify module's jobs, for the module manifest: the outbox worker sends the e-mails. */
export const notifyJobs: Job[] = [
  ({ db, config, log }) => {
    const transport = createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom }, log)
    const worker = startOutboxWorker(db, { transport, log })
    return {
      async stop() {
        await worker.stop()
        transport.close()
      },
    }
  },
]
