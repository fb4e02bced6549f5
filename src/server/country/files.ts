import { repoPath } from '../paths'

/**
 * The country's facts as data (config/vn): administrative units and agencies, the working calendar,
 * workflows and procedures, the registry's quality rules, payment and the programme's targets. Sen's
 * code reads them through src/server/country; a release changes the files, not the code.
 */
export const countryDir = repoPath('config/vn')
