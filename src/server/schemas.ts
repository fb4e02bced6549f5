import { Type } from 'typebox'

// Building blocks shared by the modules' route schemas.

/** `schema` or null: a value a record may not have. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])
