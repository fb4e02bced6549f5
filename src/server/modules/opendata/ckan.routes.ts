import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import { unreachableCause } from '../../db'
import { AppError, type Localised } from '../../errors'
import { describeIssue, fieldOf } from '../../i18n/validation'
import { CkanError } from './ckan.errors'
import {
  CkanGroup,
  CkanLicence,
  CkanOrganization,
  CkanPackage,
  CkanResource,
  Envelope,
  GroupListParams,
  IdParams,
  OrganizationShowParams,
  PackageSearchParams,
  PackageSearchResult,
  PackageShowParams,
  PagingParams,
  StatusShowResult,
  TagListParams,
} from './ckan.schema'
import {
  type CkanCall,
  groupList,
  groupShow,
  licenseList,
  organizationList,
  organizationShow,
  packageList,
  packageSearch,
  packageShow,
  resourceShow,
  statusShow,
  tagList,
} from './ckan.service'

// CKAN's Action API (CKAN 2.10) at /api/3/action/<name>, and at /api/action/<name> where ckanapi
// and older clients call it. A read answers GET (parameters in the query string) and POST (a JSON
// body); a write answers POST only. Every answer is CKAN's envelope {help, success, result}, every
// error CKAN's {help, success: false, error: {__type, …}} with CKAN's status.

const PREFIXES = ['/api/3/action', '/api/action']

/** What help_show says of each action, and the summary of its route. */
const HELP: Record<string, string> = {
  package_search:
    'Searches the published datasets: q, fq, facet.field, rows, start, sort (Solr syntax as CKAN).',
  package_show: 'A published dataset by id or name.',
  package_list: 'The names of the published datasets.',
  resource_show: 'A resource (distribution) of a published dataset, by id.',
  organization_list: 'The organisations (agencies) that publish datasets.',
  organization_show: 'An organisation (agency) by id or name.',
  group_list: 'The groups: the EU data themes and the Vietnamese sectors.',
  group_show: 'A group by name.',
  tag_list: 'The tags (keywords) of the published datasets.',
  license_list: 'The licences a dataset may carry.',
  status_show: 'What this site is, and the CKAN version whose API it follows.',
  help_show: "An action's description.",
}

const helpUrl = (baseUrl: string, name: string) =>
  `${baseUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`

/** The action a request named (the last segment of its path). */
const actionOf = (request: FastifyRequest) => request.url.split('?')[0]!.split('/').pop() ?? ''

const localise = (lang: 'vi' | 'en', value: Localised | Localised[]) =>
  Array.isArray(value) ? value.map((v) => v[lang]) : value[lang]

/** CKAN's "Bad request": a JSON string, not an envelope. */
const badRequest = (reply: FastifyReply, detail: string, status = 400) =>
  reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(`Bad request - ${detail}`))

/** Sen's errors (and Fastify's) in CKAN's shape, with CKAN's status for each kind. */
function ckanErrors(app: FastifyInstance, baseUrl: string) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = request.lang
    const help = helpUrl(baseUrl, actionOf(request))
    const send = (status: number, fields: Record<string, unknown>) =>
      reply.code(status).send({ help, success: false, error: fields })
    if (error instanceof CkanError) {
      const fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, localise(lang, v)]))
      return send(error.statusCode, { __type: error.type, ...fields })
    }
    if (error.validation) {
      const first = error.validation[0]!
      const field = fieldOf(first as never).split('.')[0]!
      return send(409, {
        __type: 'Validation Error',
        [field]: [describeIssue(first as never, error.validationContext ?? 'body', lang)],
      })
    }
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers)
      const message = error.text[lang]
      if (error.statusCode === 401 || error.statusCode === 403)
        return send(403, { __type: 'Authorization Error', message })
      if (error.statusCode === 404) return send(404, { __type: 'Not Found Error', message })
      if (error.statusCode === 429) return send(429, { __type: 'Rate Limit', message })
      if (error.statusCode < 500)
        return send(409, { __type: 'Validation Error', [error.field ?? 'message']: [message] })
    }
    if (unreachableCause(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      return send(503, { __type: 'Internal Server Error', message: 'Database unavailable' })
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own: a body that is not JSON, an unknown content type, a body too large.
      return badRequest(reply, `JSON Error: ${error.message}`, error.statusCode)
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(500, { __type: 'Internal Server Error', message: 'Internal Server Error' })
  })
}

export const ckanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db
  const baseUrl = app.config.publicUrl.replace(/\/+$/, '')
  ckanErrors(app, baseUrl)
  // A POST without a body asks with no parameters (this plugin's routes only).
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST') request.body ??= {}
  })
  const callOf = (request: FastifyRequest): CkanCall => ({ db, baseUrl, lang: request.lang })

  /** A read action, at both prefixes, by GET and POST. */
  function read<P extends TSchema, R extends TSchema>(
    name: string,
    params: P,
    result: R,
    handler: (call: CkanCall, params: Static<P>, request: FastifyRequest) => Promise<Static<R>> | Static<R>,
  ) {
    for (const prefix of PREFIXES) {
      const common = { config: { access: 'public' as const } }
      const docs = { tags: ['ckan'], summary: HELP[name], hide: prefix !== PREFIXES[0] }
      const response = { 200: Envelope(result) }
      // The envelope's type is checked by its response schema; TypeScript cannot follow the generic R there.
      const answer = async (request: FastifyRequest, reply: FastifyReply, input: unknown) =>
        reply.send({
          help: helpUrl(baseUrl, name),
          success: true as const,
          result: await handler(callOf(request), input as Static<P>, request),
        } as never)
      // Typed as plain schemas: TypeScript cannot follow the generic P and R through the provider;
      // Fastify still validates and serialises by them.
      const get: FastifySchema = { ...docs, querystring: params, response }
      const post: FastifySchema = { ...docs, body: params, response }
      app.route({
        method: 'GET',
        url: `${prefix}/${name}`,
        ...common,
        schema: get,
        handler: (request, reply) => answer(request, reply, request.query),
      })
      app.route({
        method: 'POST',
        url: `${prefix}/${name}`,
        ...common,
        schema: post,
        handler: (request, reply) => answer(request, reply, request.body),
      })
    }
  }

  read('package_search', PackageSearchParams, PackageSearchResult, packageSearch)
  read('package_show', PackageShowParams, CkanPackage, (call, params) => packageShow(call, params.id))
  read('package_list', PagingParams, Type.Array(Type.String()), packageList)
  read('resource_show', IdParams, CkanResource, (call, params) => resourceShow(call, params.id))
  read(
    'organization_list',
    GroupListParams,
    Type.Union([Type.Array(Type.String()), Type.Array(CkanOrganization)]),
    organizationList,
  )
  read(
    'organization_show',
    OrganizationShowParams,
    Type.Intersect([CkanOrganization, Type.Object({ packages: Type.Optional(Type.Array(CkanPackage)) })]),
    organizationShow,
  )
  read(
    'group_list',
    GroupListParams,
    Type.Union([Type.Array(Type.String()), Type.Array(CkanGroup)]),
    groupList,
  )
  read('group_show', IdParams, CkanGroup, (call, params) => groupShow(call, params.id))
  read('tag_list', TagListParams, Type.Array(Type.Unknown()), tagList)
  read('license_list', Type.Object({}), Type.Array(CkanLicence), licenseList)
  read('status_show', Type.Object({}), StatusShowResult, statusShow)
  read(
    'help_show',
    Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) }),
    Type.String(),
    (_c, params) => {
      const text = params.name ? HELP[params.name] : undefined
      if (!text)
        throw new CkanError(404, 'Not Found Error', {
          message: { vi: 'Không có thao tác này', en: 'Action not found' },
        })
      return text
    },
  )

  // The API's root, and any action Sen does not have: CKAN's answers (a version; a 400 naming it).
  app.get('/api/3', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ version: 3 }))
  for (const prefix of PREFIXES) {
    app.route({
      method: ['GET', 'POST'],
      url: `${prefix}/:action`,
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ action: Type.String({ maxLength: 200 }) }) },
      handler: async (request, reply) =>
        badRequest(reply, `Action name not known: ${(request.params as { action: string }).action}`),
    })
  }
}
