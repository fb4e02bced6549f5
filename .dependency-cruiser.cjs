// The import rules `npm run lint` checks (dependency-cruiser; src/server/boundaries.test.ts shows them failing).
// Files are parsed with swc: dependency-cruiser does not read TypeScript 7, and its swc parser does not
// read JSX, so the web's .tsx components are left out; every .ts file is in.

const modules = '^src/server/modules/'
const tests = ['\\.test\\.ts$', '^tests/']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included: a cycle ties modules (or files) into one.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-public-face',
      comment:
        'A module uses another only through its service.ts (what it does) and types.ts (what it talks in), ' +
        'never its tables or inner files; its routes.schema.ts too, for the rule below. Tests may look at ' +
        'any table, as they check what a change wrote.',
      severity: 'error',
      from: { path: `${modules}([^/]+)/`, pathNot: tests },
      to: {
        path: modules,
        pathNot: [`${modules}$1/`, `${modules}[^/]+/(service|types|routes\\.schema)\\.ts$`],
      },
    },
    {
      name: 'route-schemas-for-routes',
      comment:
        "Another module's route schemas (its published HTTP contract, e.g. the format of a dossier code in " +
        'a path) are used by routes and their schemas only; services talk in types.ts.',
      severity: 'error',
      from: {
        path: `${modules}([^/]+)/`,
        pathNot: [...tests, `${modules}[^/]+/(routes|routes\\.schema|[a-z-]+\\.routes)\\.ts$`],
      },
      to: { path: `${modules}[^/]+/routes\\.schema\\.ts$`, pathNot: `${modules}$1/` },
    },
    {
      name: 'no-seed-in-production',
      comment:
        'The demo data is loaded by the runtime on a first start (runtime.ts, main.ts) and by `sen seed`; ' +
        'nothing else imports seed/. Country facts live in src/server/country.',
      severity: 'error',
      from: {
        path: '^src/server/',
        pathNot: [...tests, '^src/server/seed/', '^src/server/(runtime|main)\\.ts$'],
      },
      to: { path: '^src/server/seed/' },
    },
  ],
  options: {
    parser: 'swc',
    exclude: { path: ['\\.tsx$', '(^|/)node_modules/', '^dist/'] },
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
}
