import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { reportingRoutes } from './reporting/routes'
import { staffRoutes } from './staff/routes'
import { taskRoutes } from './tasks/routes'

/** Every governance sub-domain's routes. */
export const governanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(taskRoutes)
  await app.register(reportingRoutes)
  await app.register(staffRoutes)
}
