// Every module's tables, by module: the storage half of the module manifest (index.ts), kept apart
// so that the database layer (db/schema.ts) can read it without importing the modules' code.
// A module's schema.ts imports nothing but Drizzle and, where it references them, other schemas.
import * as assistant from './assistant/schema'
import * as audit from './audit/schema'
import * as catalog from './catalog/schema'
import * as dossiers from './dossiers/schema'
import * as events from './events/schema'
import * as exchange from './exchange/schema'
import * as feedback from './feedback/schema'
import * as governance from './governance/schema'
import * as identity from './identity/schema'
import * as metrics from './metrics/schema'
import * as notify from './notify/schema'
import * as opendata from './opendata/schema'
import * as proactive from './proactive/schema'
import * as registry from './registry/schema'
import * as representation from './representation/schema'
import * as signing from './signing/schema'
import * as wallet from './wallet/schema'

export const moduleTables = {
  assistant,
  audit,
  catalog,
  dossiers,
  events,
  exchange,
  feedback,
  governance,
  identity,
  metrics,
  notify,
  opendata,
  proactive,
  registry,
  representation,
  signing,
  wallet,
}
