import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { unitsInForce } from '../../country/units'
import { notFound, outsideJurisdiction } from '../../errors'
import { workingCalendar } from '../calendar/service'
import { getAgency } from '../identity/service'
import { BUSINESS, PERSON, provinceNotFound } from './errors'
import { covers, scopeWithin, territoryOf } from './jurisdiction'
import {
  AccessLogSchema,
  MyRecordSchema,
  Paging,
  PersonQuery,
  PersonRecordSchema,
  PinParam,
  ProvinceParam,
  QualityQuery,
  QualityReportSchema,
  UnitList,
} from './routes.schema'
import { accessLogFor, dataQualityReport, getBusiness, getPerson, logRegistryAccess } from './service'
import { POPULATION_ATTRIBUTES } from './types'

const OFFICIALS = ['specialist', 'leader', 'agency_admin', 'system_admin'] as const

// The units change only on the dated changes of config/vn: browsers and proxies may keep a list for a day.
const UNITS_CACHE = 'public, max-age=86400'
const today = () => workingCalendar().localDay(new Date())

export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.get(
    '/api/v1/registry/me',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags: ['registry'],
        summary: 'What the population (citizens) or business registry (businesses) holds about me now',
        response: { 200: MyRecordSchema },
      },
    },
    async (request) => {
      const principal = request.principal!
      if (principal.kind === 'citizen') {
        const person = principal.pin ? await getPerson(db, principal.pin) : null
        if (!person) throw notFound(PERSON)
        return { person, business: null }
      }
      const business = principal.taxCode ? await getBusiness(db, principal.taxCode) : null
      if (!business) throw notFound(BUSINESS)
      return { person: null, business }
    },
  )

  app.get(
    '/api/v1/registry/me/access-log',
    {
      config: { access: { kinds: ['citizen', 'business'] } },
      schema: {
        tags: ['registry'],
        summary: 'Who read my registry data, when and why (newest first)',
        querystring: Type.Object({ ...Paging }, { additionalProperties: false }),
        response: { 200: AccessLogSchema },
      },
    },
    async (request) => {
      const principal = request.principal!
      const subject = principal.kind === 'citizen' ? principal.pin : principal.taxCode
      if (!subject) return { items: [], total: 0 }
      return accessLogFor(db, subject, request.query)
    },
  )

  app.get(
    '/api/v1/registry/people/:pin',
    {
      config: { access: { roles: [...OFFICIALS] } },
      schema: {
        tags: ['registry'],
        summary:
          'A person’s current record, for an official of their commune or province; logged with its purpose',
        params: Type.Object({ pin: PinParam }),
        querystring: PersonQuery,
        response: { 200: PersonRecordSchema },
      },
    },
    async (request) => {
      const principal = request.principal!
      const territory = await territoryOf(db, principal)
      const person = await getPerson(db, request.params.pin)
      if (!person) throw notFound(PERSON)
      if (!covers(territory, person.data)) throw outsideJurisdiction()
      const agency = principal.agencyId ? await getAgency(db, principal.agencyId) : null
      // An agency's reading under its legal mandate needs no consent, but its purpose is recorded and
      // the person sees it in their access log.
      await logRegistryAccess(db, {
        subject: person.pin,
        attributes: [...POPULATION_ATTRIBUTES],
        purpose: request.query.purpose,
        requestedBy: agency ? `${agency.name} (${principal.username})` : principal.username,
        dossierCode: request.query.dossierCode ?? null,
      })
      return person
    },
  )

  app.get(
    '/api/v1/registry/quality',
    {
      config: { access: { roles: ['agency_admin', 'system_admin', 'leader'] } },
      schema: {
        tags: ['registry'],
        summary:
          'Data quality of the population registry by principle (correct, complete, clean, live, unified)',
        description:
          'Defaults to the caller’s own province or commune; a narrower scope inside it may be asked for.',
        querystring: QualityQuery,
        response: { 200: QualityReportSchema },
      },
    },
    async (request) => {
      const territory = await territoryOf(db, request.principal!)
      return dataQualityReport(db, scopeWithin(territory, request.query))
    },
  )

  // Public: every address form picks its province and commune from these (the codes are what is stored).
  app.get(
    '/api/v1/administrative-units',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'The 34 provinces and centrally-run cities in force today',
        response: { 200: UnitList },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', UNITS_CACHE)
      return { items: unitsInForce(today()).provinces }
    },
  )

  app.get(
    '/api/v1/administrative-units/:provinceCode/communes',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'The communes, wards and special zones of one province in force today',
        params: ProvinceParam,
        response: { 200: UnitList },
      },
    },
    async (request, reply) => {
      const communes = unitsInForce(today()).communesOf.get(request.params.provinceCode)
      if (!communes) throw provinceNotFound(request.params.provinceCode)
      reply.header('cache-control', UNITS_CACHE)
      return { items: communes }
    },
  )
}

export default registryRoutes
