// The module manifest: each module's plugins, routes, jobs, event subscriptions and tables, in one
// list that app.ts (plugins, routes), runtime.ts (jobs, subscriptions) and db/schema.ts (tables,
// through tables.ts) read. A new module adds one entry here and one line in tables.ts.
import type { FastifyPluginAsync } from 'fastify'
import type { Job } from '../jobs'
import { assistantRoutes } from './assistant/routes'
import { auditJobs } from './audit/service'
import { catalogRoutes } from './catalog/routes'
import { dossierJobs } from './dossiers/job'
import { dossierRoutes } from './dossiers/routes'
import type { Subscription } from './events/service'
import { exchangeRoutes } from './exchange/routes'
import { exchangeJobs } from './exchange/service'
import { feedbackRoutes } from './feedback/routes'
import { governanceRoutes } from './governance/routes'
import { identityPlugin } from './identity/plugin'
import { identityRoutes } from './identity/routes'
import { countDomainEvents } from './metrics/events'
import { metricsJobs } from './metrics/job'
import { metricsRoutes } from './metrics/routes'
import { notifyJobs } from './notify/job'
import { notifyRoutes } from './notify/routes'
import { ckanRoutes } from './opendata/ckan.routes'
import { dcatRoutes } from './opendata/dcat.routes'
import { opendataJobs } from './opendata/job'
import { opendataRoutes } from './opendata/routes'
import { proactiveJobs } from './proactive/job'
import { proactiveRoutes } from './proactive/routes'
import { proactiveSubscriptions } from './proactive/service'
import { registryRoutes } from './registry/routes'
import { representationRoutes } from './representation/routes'
import { signingRoutes } from './signing/routes'
import { moduleTables } from './tables'
import { walletRoutes } from './wallet/routes'

export interface SenModule {
  name: keyof typeof moduleTables | (string & {})
  /** Registered before any module's routes (e.g. who is asking). */
  plugins?: FastifyPluginAsync[]
  routes?: FastifyPluginAsync[]
  jobs?: Job[]
  /** Run by the one event worker of the process (events/feed.service.ts). */
  subscriptions?: Subscription[]
  tables?: Record<string, unknown>
}

/** In the order their routes are registered. */
export const modules: readonly SenModule[] = [
  { name: 'identity', plugins: [identityPlugin], routes: [identityRoutes], tables: moduleTables.identity },
  { name: 'catalog', routes: [catalogRoutes], tables: moduleTables.catalog },
  { name: 'registry', routes: [registryRoutes], tables: moduleTables.registry },
  { name: 'notify', routes: [notifyRoutes], jobs: notifyJobs, tables: moduleTables.notify },
  { name: 'wallet', routes: [walletRoutes], tables: moduleTables.wallet },
  { name: 'dossiers', routes: [dossierRoutes], jobs: dossierJobs, tables: moduleTables.dossiers },
  { name: 'feedback', routes: [feedbackRoutes], tables: moduleTables.feedback },
  { name: 'representation', routes: [representationRoutes], tables: moduleTables.representation },
  { name: 'signing', routes: [signingRoutes], tables: moduleTables.signing },
  {
    name: 'metrics',
    routes: [metricsRoutes],
    jobs: metricsJobs,
    subscriptions: [countDomainEvents],
    tables: moduleTables.metrics,
  },
  { name: 'audit', jobs: auditJobs, tables: moduleTables.audit },
  { name: 'calendar' },
  { name: 'events', tables: moduleTables.events },
  {
    name: 'opendata',
    routes: [opendataRoutes, ckanRoutes, dcatRoutes],
    jobs: opendataJobs,
    tables: moduleTables.opendata,
  },
  { name: 'governance', routes: [governanceRoutes], tables: moduleTables.governance },
  {
    name: 'proactive',
    routes: [proactiveRoutes],
    jobs: proactiveJobs,
    subscriptions: proactiveSubscriptions,
    tables: moduleTables.proactive,
  },
  { name: 'assistant', routes: [assistantRoutes], tables: moduleTables.assistant },
  { name: 'exchange', routes: [exchangeRoutes], jobs: exchangeJobs, tables: moduleTables.exchange },
]
