import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ENTER_ROLES, FOLLOW_ROLES } from '../scope'
import { templateHeader } from './import'
import {
  ImportQuery,
  ImportRefusedSchema,
  ImportReportSchema,
  ImportsPageSchema,
  StaffBody,
  StaffPageSchema,
  StaffParams,
  StaffQuery,
  StaffSchema,
} from './routes.schema'
import { createStaff, getStaff, importStaff, listImports, listStaff, refusal, updateStaff } from './service'

const tags = ['governance']

/** Spreadsheets arrive as their raw bytes; 100,000 rows of CSV stay well under this. */
const MAX_SHEET_BYTES = 40 * 1024 * 1024
const SHEET_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
]

export const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db

  app.addContentTypeParser(SHEET_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_r, body, done) =>
    done(null, body),
  )

  app.get(
    '/api/v1/governance/staff',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary:
          'Staff records of my agency and those below it, with the counts behind hr.digital_skills, hr.data_certified and hr.leadership',
        querystring: StaffQuery,
        response: { 200: StaffPageSchema },
      },
    },
    async (request) => listStaff(db, request.principal!, request.query),
  )

  app.post(
    '/api/v1/governance/staff',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: 'Record one staff member of an agency in my jurisdiction',
        body: StaffBody,
        response: { 201: StaffSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createStaff(db, request.principal!, request.body)),
  )

  app.get(
    '/api/v1/governance/staff/:id',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: { tags, summary: 'One staff record', params: StaffParams, response: { 200: StaffSchema } },
    },
    async (request) => getStaff(db, request.principal!, request.params.id),
  )

  app.put(
    '/api/v1/governance/staff/:id',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: {
        tags,
        summary: 'Update a staff record: a training done, a certificate obtained or renewed, a new position',
        params: StaffParams,
        body: StaffBody,
        response: { 200: StaffSchema },
      },
    },
    async (request) => updateStaff(db, request.principal!, request.params.id, request.body),
  )

  app.post(
    '/api/v1/governance/staff/imports',
    {
      config: { access: { roles: ENTER_ROLES } },
      bodyLimit: MAX_SHEET_BYTES,
      schema: {
        tags,
        summary:
          'Import a staff spreadsheet (XLSX or CSV as the raw body): every row is checked first; one problem and nothing is written (422 with the rows refused and why)',
        querystring: ImportQuery,
        response: { 200: ImportReportSchema, 422: ImportRefusedSchema },
      },
    },
    async (request, reply) => {
      const body = request.body
      const result = await importStaff(db, request.principal!, {
        bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
        fileName: request.query.fileName,
      })
      const problems = result.problems.slice(0, 1000).map((p) => ({
        row: p.row,
        column: p.column,
        code: p.code,
        message: p.text[request.lang],
      }))
      const report = { ...result, problems, problemCount: result.problems.length }
      if (result.imported) return report
      const error = refusal(result)
      return reply.code(422).send({ error: { code: error.code, message: error.text[request.lang] }, report })
    },
  )

  app.get(
    '/api/v1/governance/staff/imports',
    {
      config: { access: { roles: FOLLOW_ROLES } },
      schema: {
        tags,
        summary: 'The staff spreadsheets imported into my agency and those below it, latest first',
        querystring: Type.Object(
          { agencyId: StaffQuery.properties.agencyId },
          { additionalProperties: false },
        ),
        response: { 200: ImportsPageSchema },
      },
    },
    async (request) => listImports(db, request.principal!, request.query.agencyId),
  )

  app.get(
    '/api/v1/governance/staff/template.csv',
    {
      config: { access: { roles: ENTER_ROLES } },
      schema: { tags, summary: 'The staff spreadsheet’s header, with one example row, as CSV' },
    },
    async (_request, reply) => {
      const example = [
        'X00004',
        'CB-0001',
        'Nguyễn Văn A',
        'Công chức',
        'Chuyên viên',
        'Có',
        'Không',
        '15/03/2026',
        'Kỹ năng số cơ bản',
        'QTDL-2026-001',
        '01/04/2026',
        '01/04/2029',
        '',
        '',
      ]
      const csv = `\ufeff${templateHeader().join(',')}\r\n${example.join(',')}\r\n`
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="danh-sach-can-bo.csv"')
        .send(csv)
    },
  )
}
