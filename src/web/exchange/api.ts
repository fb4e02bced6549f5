// Shapes of the exchange API (the data tracker), as the server's route schemas give them.
export type { TrackedRead } from '../../server/modules/exchange/types'

import type { TrackedRead } from '../../server/modules/exchange/types'

export interface TrackedReads {
  items: TrackedRead[]
  total: number
}
