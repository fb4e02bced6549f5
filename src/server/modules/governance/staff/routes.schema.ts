import { Type } from 'typebox'
import { Nullable } from '../../../schemas'
import { AgencyId, IsoDate, ListPaging, Text } from '../routes.schema'

export const CATEGORIES = ['civil_servant', 'public_employee'] as const
export const EXPERTISE_FIELDS = ['science', 'technology', 'digital_transformation'] as const

const Optional = <T extends Parameters<typeof Nullable>[0]>(schema: T) => Type.Optional(Nullable(schema))

/** One staff record, as an agency enters it (or one row of a spreadsheet, once read). */
export const StaffBody = Type.Object(
  {
    agencyId: AgencyId,
    staffCode: Type.String({ minLength: 1, maxLength: 40 }),
    fullName: Text(200),
    category: Type.Enum(CATEGORIES),
    position: Optional(Type.String({ maxLength: 200 })),
    itStaff: Type.Boolean({ default: false }),
    leader: Type.Boolean({ default: false }),
    digitalTrainedOn: Optional(IsoDate),
    digitalCourse: Optional(Type.String({ maxLength: 300 })),
    certificateNumber: Optional(Type.String({ maxLength: 60 })),
    certificateIssuedOn: Optional(IsoDate),
    certificateExpiresOn: Optional(IsoDate),
    expertiseField: Optional(Type.Enum(EXPERTISE_FIELDS)),
    expertiseBasis: Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)

export const StaffParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const StaffQuery = Type.Object(
  {
    ...ListPaging,
    /** Only IT and digital-transformation staff, only leaders. */
    group: Type.Optional(Type.Enum(['it', 'leaders'])),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const StaffSchema = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  staffCode: Type.String(),
  fullName: Type.String(),
  category: Type.Enum(CATEGORIES),
  position: Nullable(Type.String()),
  itStaff: Type.Boolean(),
  leader: Type.Boolean(),
  digitalTrainedOn: Nullable(Type.String()),
  digitalCourse: Nullable(Type.String()),
  certificateNumber: Nullable(Type.String()),
  certificateIssuedOn: Nullable(Type.String()),
  certificateExpiresOn: Nullable(Type.String()),
  /** A certificate held and not expired today. */
  certified: Type.Boolean(),
  expertiseField: Nullable(Type.Enum(EXPERTISE_FIELDS)),
  expertiseBasis: Nullable(Type.String()),
  updatedAt: Type.String(),
})

/** The counts behind hr.digital_skills, hr.data_certified and hr.leadership, in the view. */
export const StaffSummarySchema = Type.Object({
  staff: Type.Integer(),
  trained: Type.Integer(),
  it: Type.Integer(),
  itCertified: Type.Integer(),
  leaders: Type.Integer(),
  leadersQualified: Type.Integer(),
})

export const StaffPageSchema = Type.Object({
  summary: StaffSummarySchema,
  total: Type.Integer(),
  items: Type.Array(StaffSchema),
})

export const ImportQuery = Type.Object(
  {
    /** The file's name, kept with the import (the page sends it). */
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const ImportProblemSchema = Type.Object({
  /** The spreadsheet's row number (the header is row 1); 0 for the file as a whole. */
  row: Type.Integer(),
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
})

export const ImportReportSchema = Type.Object({
  /** True when the rows were written; false when the file was refused and nothing was written. */
  imported: Type.Boolean(),
  importId: Nullable(Type.String()),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  /** Every row refused, and why (at most the first 1,000; `problemCount` has them all). */
  problems: Type.Array(ImportProblemSchema),
  problemCount: Type.Integer(),
})

export const ImportRefusedSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  report: ImportReportSchema,
})

export const ImportsPageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      agencyId: Type.String(),
      fileName: Nullable(Type.String()),
      rows: Type.Integer(),
      created: Type.Integer(),
      updated: Type.Integer(),
      importedAt: Type.String(),
    }),
  ),
})
