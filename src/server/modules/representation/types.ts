import { Type } from 'typebox'

/** Whom a filing is for, when it is not the one who files. */
export type Represented = { type: 'person'; pin: string } | { type: 'business'; taxCode: string }

/** Why someone may act for another: a registry relation or a written authorisation. */
export type RepresentationBasis = 'parent' | 'legal_representative' | 'employee' | 'written'

/** Who acts for whom, as recorded on a dossier and in the audit log. */
export interface Representation {
  represented: Represented
  representativePin: string
  basis: RepresentationBasis
  /** The written authorisation relied on (basis written or employee). */
  authorisationId: string | null
}

// A schema here, not in routes.schema.ts: the dossiers module's filing body takes it, and may
// import only this module's types.ts or service.ts (the latter would make an import cycle).
/** Whom a filing is for (body of a dossier filed by a representative). */
export const OnBehalfOfSchema = Type.Union([
  Type.Object({ pin: Type.String({ pattern: '^[0-9]{12}$' }) }, { additionalProperties: false }),
  Type.Object(
    { taxCode: Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' }) },
    { additionalProperties: false },
  ),
])
