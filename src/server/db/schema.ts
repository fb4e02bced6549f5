// Every module's tables, gathered for Drizzle from the module manifest's storage half
// (modules/tables.ts). drizzle-kit reads the modules' schema.ts files themselves (drizzle.config.ts).
import { moduleTables } from '../modules/tables'

type Modules = typeof moduleTables
/** All modules' tables in one object: the intersection of each module's table namespace. */
type AllTables = (
  Modules[keyof Modules] extends infer M
    ? M extends unknown
      ? (m: M) => void
      : never
    : never
) extends (m: infer All) => void
  ? All
  : never

export const schema: AllTables = Object.assign({}, ...Object.values(moduleTables))
