import { Type } from 'typebox'
import { AgencyId } from '../identity/routes.schema'

// Building blocks shared by the governance sub-domains' route schemas.

export { AgencyId }

export const IsoDate = Type.String({ format: 'date', maxLength: 10 })
export const Text = (maxLength = 500) => Type.String({ minLength: 1, maxLength })
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const ListPaging = {
  agencyId: Type.Optional(AgencyId),
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
}
