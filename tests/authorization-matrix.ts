// Who may call each route of Sen: every route (method and URL pattern, as registered) × every role.
// tests/integration/authorization-matrix.test.ts checks it against the running server, and fails for
// a route that has no entry here. A new route gets its entry in the same commit.
//
// "Allowed" means the route's guard let the caller through: any answer but 401 and 403 (and but 404
// where the route hides what exists). The request each entry describes is real: a resource that
// exists and a body that reaches the route's own checks, so that a check inside the handler (whose
// dossier, whose document, which jurisdiction) is exercised too.

export const ROLES = [
  'anonymous',
  /** demo.citizen, who filed the dossiers below at X00004 (Ba Đình, Hà Nội) and owns the wallet document. */
  'citizen',
  /** Another citizen, with an account and a wallet of their own. */
  'otherCitizen',
  /** demo.officer: reception and specialist at X00004. */
  'officer',
  /** Reception and specialist at a commune of Đà Nẵng (province 48). */
  'otherOfficer',
  /** demo.leader: leader at X00004. */
  'leader',
  /** demo.admin: system and agency administrator at G00, the root. */
  'admin',
] as const
export type Role = (typeof ROLES)[number]

/** Real resources the requests name. */
export interface MatrixFixtures {
  /** A birth registration of demo.citizen at X00004, decided: it has a signed result and may be rated. */
  decidedDossier: string
  /** A dossier of demo.citizen at X00004 waiting for its fee. */
  payingDossier: string
  /** The birth notice attached to decidedDossier. */
  attachedDocument: string
  /** A document in demo.citizen's wallet. */
  walletDocument: string
  /** The signed result of decidedDossier, issued by X00004 into demo.citizen's wallet. */
  resultDocument: string
  /** demo.officer's account id. */
  officerId: string
  /** demo.citizen's personal id number (registered at 01/00004). */
  citizenPin: string
  /** Something no other request of the run has used: usernames, agency ids. */
  unique(): string
  /** A payment provider's notice signed with the shared secret (for a payment that does not exist). */
  signedPaymentNotice(): { payload: string; headers: Record<string, string> }
  /** A tiny PDF. */
  pdf: Buffer
}

/** The entry of every file of the built web app (its routes are named after files with hashes). */
export const WEB_APP_FILE = 'GET <a file of the web app>'

export interface MatrixRequest {
  url: string
  /** The caller's address (default: one of its own per request). */
  remoteAddress?: string
  payload?: string | Buffer | Record<string, unknown>
  headers?: Record<string, string>
}

export interface MatrixEntry {
  /** The roles that get through. */
  allow: readonly Role[]
  /**
   * Authenticated callers who may not see the resource get 404, as if it did not exist (dossier codes
   * cannot be probed); anonymous callers still get 401.
   */
  hides?: true
  /** The request to send; by default the URL pattern itself, without a body. */
  request?: (f: MatrixFixtures) => MatrixRequest
  /** Ends the caller's session: each role gets a fresh one for it. */
  endsSession?: true
  /** Registered only in some configurations (the web app, once built). */
  optional?: true
}

const EVERYONE = ROLES
const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous')
const APPLICANTS = ['citizen', 'otherCitizen'] as const
const OFFICIALS = ['officer', 'otherOfficer', 'leader', 'admin'] as const
/** The dossiers' applicant, and the officials whose jurisdiction covers X00004. */
const ON_THE_DOSSIER = ['citizen', 'officer', 'leader', 'admin'] as const
/** The officials whose jurisdiction covers X00004. */
const HANDLING_THE_DOSSIER = ['officer', 'leader', 'admin'] as const

/** An id no resource has: the route's own lookup answers 404 once its guard lets the caller through. */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000'

/** The CKAN actions Sen answers (opendata/ckan.routes.ts). */
const CKAN_ACTIONS = [
  'package_search',
  'package_show',
  'package_list',
  'resource_show',
  'organization_list',
  'organization_show',
  'group_list',
  'group_show',
  'tag_list',
  'license_list',
  'status_show',
  'help_show',
]

export const AUTHORIZATION_MATRIX: Record<string, MatrixEntry> = {
  // Operations and documentation. /metrics is guarded by address or token, not by role: from
  // loopback everyone may read it (and from elsewhere no one without the token: plugins/metrics.test.ts).
  'GET /metrics': { allow: EVERYONE, request: () => ({ url: '/metrics', remoteAddress: '127.0.0.1' }) },
  'GET /healthz': { allow: EVERYONE },
  'GET /readyz': { allow: EVERYONE },
  'GET /api/v1/meta': { allow: EVERYONE },
  'GET /docs': { allow: EVERYONE },
  'GET /docs/json': { allow: EVERYONE },
  'GET /docs/yaml': { allow: EVERYONE },
  'GET /docs/static/index.html': { allow: EVERYONE },
  'GET /docs/static/swagger-initializer.js': { allow: EVERYONE },
  'GET /docs/static/*': { allow: EVERYONE, request: () => ({ url: '/docs/static/swagger-ui.css' }) },
  // The web app, once built: index.html for any path outside /api, and each of its files, which
  // @fastify/static registers as a route of its own (they all share this entry).
  'GET /': { allow: EVERYONE, optional: true },
  'GET /*': { allow: EVERYONE, optional: true, request: () => ({ url: '/dossiers/anything' }) },
  [WEB_APP_FILE]: { allow: EVERYONE, optional: true },

  // Identity
  'POST /api/v1/auth/login': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/auth/login', payload: { username: 'demo.business', password: 'demo' } }),
  },
  'POST /api/v1/auth/token': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/auth/token', payload: { username: 'demo.business', password: 'demo' } }),
  },
  'POST /api/v1/auth/logout': { allow: SIGNED_IN, endsSession: true },
  // The national identity login is open to anyone (it is how one signs in); the matrix's server has
  // no provider connected, so both answer 404 VNEID_NOT_CONFIGURED past the guard.
  'GET /api/v1/auth/methods': { allow: EVERYONE },
  'GET /api/v1/auth/vneid/start': { allow: EVERYONE },
  'POST /api/v1/auth/vneid/callback': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/auth/vneid/callback', payload: { state: 'x', code: 'y' } }),
  },
  'GET /api/v1/me': { allow: SIGNED_IN },
  'POST /api/v1/me/totp/setup': { allow: OFFICIALS },
  // A code that is not six digits: refused with 400 once through the guard, and nothing enrolled.
  'POST /api/v1/me/totp/confirm': {
    allow: OFFICIALS,
    request: () => ({ url: '/api/v1/me/totp/confirm', payload: { code: 'abcdef' } }),
  },
  // Acting for others: citizens and businesses give, list and withdraw written authorisations. An
  // expiry in the past is refused 400 past the guard, so nothing is granted.
  'POST /api/v1/me/authorisations': {
    allow: APPLICANTS,
    request: (f) => ({
      url: '/api/v1/me/authorisations',
      payload: {
        granteePin: f.citizenPin,
        procedures: ['2.000635'],
        document: 'Giấy ủy quyền kiểm thử',
        expiresAt: '2020-01-01T00:00:00Z',
      },
    }),
  },
  'GET /api/v1/me/authorisations': { allow: APPLICANTS },
  'POST /api/v1/me/authorisations/:id/revoke': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/me/authorisations/00000000-0000-4000-8000-000000000000/revoke' }),
  },
  'GET /api/v1/agencies': { allow: EVERYONE },
  'GET /api/v1/agencies/:id': { allow: EVERYONE, request: () => ({ url: '/api/v1/agencies/X00004' }) },
  'POST /api/v1/agencies': {
    allow: ['admin'],
    request: (f) => ({
      url: '/api/v1/agencies',
      payload: { id: `XM${f.unique().toUpperCase()}`, parentId: 'H01', level: 'unit', name: 'Tổ kiểm thử' },
    }),
  },
  'GET /api/v1/users': { allow: ['leader', 'admin'] },
  // demo.officer's own account: theirs, and in the jurisdiction of their leader and of the root.
  'GET /api/v1/users/:id': {
    allow: ['officer', 'leader', 'admin'],
    request: (f) => ({ url: `/api/v1/users/${f.officerId}` }),
  },
  'POST /api/v1/users': {
    allow: ['admin'],
    request: (f) => ({
      url: '/api/v1/users',
      payload: {
        username: `matrix.${f.unique()}`,
        password: 'correct-horse-battery',
        displayName: 'Cán bộ kiểm thử',
        agencyId: 'X00004',
        roles: ['reception'],
      },
    }),
  },

  // Catalogue
  'GET /api/v1/procedures': { allow: EVERYONE },
  'GET /api/v1/procedures/:code': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/procedures/1.001193' }),
  },
  'GET /api/v1/procedures/:code/versions': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/procedures/1.001193/versions' }),
  },
  // An empty body: 400 once through the guard.
  'POST /api/v1/procedures': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/procedures', payload: {} }),
  },
  'GET /api/v1/sectors': { allow: EVERYONE },
  // The assistant answers anyone (its own, tighter rate limit aside).
  'POST /api/v1/assistant/ask': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/assistant/ask', payload: { question: 'đăng ký khai sinh' } }),
  },
  // Applicants check their own drafts, officials what is brought to them.
  'POST /api/v1/assistant/precheck': {
    allow: SIGNED_IN,
    request: () => ({ url: '/api/v1/assistant/precheck', payload: { procedureCode: '1.001193', form: {} } }),
  },
  'GET /api/v1/life-events': { allow: EVERYONE },

  // Registries
  'GET /api/v1/registry/me': { allow: APPLICANTS },
  'GET /api/v1/registry/me/access-log': { allow: APPLICANTS },
  // demo.citizen lives in X00004: its specialist and leader may read the record, the root too; an
  // official of Đà Nẵng may not (403 OUTSIDE_JURISDICTION).
  'GET /api/v1/registry/people/:pin': {
    allow: ['officer', 'leader', 'admin'],
    request: (f) => ({
      url: `/api/v1/registry/people/${f.citizenPin}?purpose=${encodeURIComponent('Kiểm tra quyền truy cập')}`,
    }),
  },
  'GET /api/v1/registry/quality': { allow: ['leader', 'admin'] },
  // The administrative units every address form picks from: public.
  'GET /api/v1/administrative-units': { allow: EVERYONE },
  'GET /api/v1/administrative-units/:provinceCode/communes': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/administrative-units/01/communes' }),
  },

  // Notifications
  'GET /api/v1/notifications': { allow: SIGNED_IN },
  'POST /api/v1/notifications/read': {
    allow: SIGNED_IN,
    request: () => ({
      url: '/api/v1/notifications/read',
      payload: { ids: ['00000000-0000-4000-8000-000000000000'] },
    }),
  },

  // Wallet. Another citizen asking for demo.citizen's document gets 404, as if it did not exist.
  'GET /api/v1/wallet': { allow: APPLICANTS },
  'GET /api/v1/wallet/:id': {
    allow: ['citizen'],
    hides: true,
    request: (f) => ({ url: `/api/v1/wallet/${f.walletDocument}` }),
  },
  'GET /api/v1/wallet/:id/file': {
    allow: ['citizen'],
    hides: true,
    request: (f) => ({ url: `/api/v1/wallet/${f.walletDocument}/file` }),
  },
  'POST /api/v1/wallet/documents': {
    allow: APPLICANTS,
    request: (f) => ({
      url: '/api/v1/wallet/documents?type=birth-notice&title=Matrix',
      headers: { 'content-type': 'application/pdf' },
      payload: f.pdf,
    }),
  },
  'GET /api/v1/verify/:documentId': {
    allow: EVERYONE,
    request: (f) => ({ url: `/api/v1/verify/${f.resultDocument}` }),
  },
  // The full signed data: its holder, and the officials whose jurisdiction covers the issuer.
  'GET /api/v1/verify/:documentId/signed-data': {
    allow: ['citizen', 'officer', 'leader', 'admin'],
    hides: true,
    request: (f) => ({ url: `/api/v1/verify/${f.resultDocument}/signed-data` }),
  },

  // Dossiers
  'POST /api/v1/dossiers': {
    allow: APPLICANTS,
    request: () => ({
      url: '/api/v1/dossiers',
      payload: {
        procedureCode: '1.004873',
        data: { applicant: { phone: '0912345678' }, purpose: 'other' },
        documents: [],
      },
    }),
  },
  'GET /api/v1/dossiers': { allow: SIGNED_IN },
  'GET /api/v1/dossiers/queues': { allow: OFFICIALS },
  'GET /api/v1/dossiers/reception-overdue': { allow: OFFICIALS },
  'GET /api/v1/dossiers/:code': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}` }),
  },
  'GET /api/v1/dossiers/:code/status': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}/status` }),
  },
  // An action the workflow does not have: 409 for those on the dossier, 404 for everyone else.
  'POST /api/v1/dossiers/:code/actions': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({
      url: `/api/v1/dossiers/${f.decidedDossier}/actions`,
      payload: { action: 'no_such_action' },
    }),
  },
  'GET /api/v1/dossiers/:code/result.pdf': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}/result.pdf` }),
  },
  // Officials handling the dossier only; the applicant has the file in their wallet.
  'GET /api/v1/dossiers/:code/documents/:documentId': {
    allow: HANDLING_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}/documents/${f.attachedDocument}` }),
  },
  'GET /api/v1/prefill/:procedureCode': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/prefill/1.001193' }),
  },
  'GET /api/v1/dossiers/:code/payment': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.payingDossier}/payment` }),
  },
  // Public: the provider proves who it is with its signature (a wrong one is 401, tested elsewhere).
  'POST /api/v1/payments/callback': {
    allow: EVERYONE,
    request: (f) => ({ url: '/api/v1/payments/callback', ...f.signedPaymentNotice() }),
  },
  // Operators reconcile refused notices with the provider.
  'GET /api/v1/payments/notice-conflicts': { allow: ['admin'] },
  // Only the applicant pays (officials are not payers: 403).
  'POST /api/v1/sandbox/payments/:dossierCode/pay': {
    allow: ['citizen'],
    hides: true,
    request: (f) => ({ url: `/api/v1/sandbox/payments/${f.payingDossier}/pay` }),
  },
  'GET /api/v1/drafts': { allow: APPLICANTS },
  'GET /api/v1/drafts/:procedureCode': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/drafts/1.001193' }),
  },
  'PUT /api/v1/drafts/:procedureCode': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/drafts/1.001193', payload: { data: {}, documents: [] } }),
  },
  'DELETE /api/v1/drafts/:procedureCode': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/drafts/1.001193' }),
  },

  // Feedback: only the applicant rates; those on the dossier read the rating.
  'POST /api/v1/dossiers/:code/rating': {
    allow: ['citizen'],
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}/rating`, payload: { score: 'satisfied' } }),
  },
  'GET /api/v1/dossiers/:code/rating': {
    allow: ON_THE_DOSSIER,
    hides: true,
    request: (f) => ({ url: `/api/v1/dossiers/${f.decidedDossier}/rating` }),
  },
  'GET /api/v1/ratings': { allow: OFFICIALS },

  // Governance: administrators enter the records, leaders and administrators follow them; an
  // unknown task is 404 for those let through.
  'GET /api/v1/governance/tasks': { allow: ['leader', 'admin'] },
  'POST /api/v1/governance/tasks': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/governance/tasks', payload: {} }),
  },
  'GET /api/v1/governance/tasks/:id': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000' }),
  },
  'POST /api/v1/governance/tasks/:id/reports': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000/reports',
      payload: {},
    }),
  },
  'POST /api/v1/governance/tasks/:id/extensions': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000/extensions',
      payload: {},
    }),
  },
  'POST /api/v1/governance/tasks/:id/extensions/:extensionId/decision': {
    allow: ['leader', 'admin'],
    request: () => ({
      url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000/extensions/00000000-0000-4000-8000-000000000000/decision',
      payload: {},
    }),
  },
  'POST /api/v1/governance/tasks/:id/completion': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000/completion',
      payload: {},
    }),
  },
  'POST /api/v1/governance/tasks/:id/evaluation': {
    allow: ['leader', 'admin'],
    request: () => ({
      url: '/api/v1/governance/tasks/00000000-0000-4000-8000-000000000000/evaluation',
      payload: {},
    }),
  },
  'GET /api/v1/governance/reporting/regimes': { allow: ['leader', 'admin'] },
  'POST /api/v1/governance/reporting/regimes': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/governance/reporting/regimes', payload: {} }),
  },
  'GET /api/v1/governance/reporting/regimes/:id': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/governance/reporting/regimes/00000000-0000-4000-8000-000000000000' }),
  },
  'GET /api/v1/governance/reporting/regimes/:id/prefill': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/reporting/regimes/00000000-0000-4000-8000-000000000000/prefill?agencyId=H01&period=2026-01',
    }),
  },
  'POST /api/v1/governance/reporting/regimes/:id/submissions': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/reporting/regimes/00000000-0000-4000-8000-000000000000/submissions',
      payload: {},
    }),
  },
  // Proactive: each citizen their own suggestions (someone else's is 404, as one that does not exist).
  'GET /api/v1/suggestions': { allow: APPLICANTS },
  'POST /api/v1/suggestions/:id/accept': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/suggestions/00000000-0000-4000-8000-000000000000/accept', payload: {} }),
  },
  'POST /api/v1/suggestions/:id/dismiss': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/suggestions/00000000-0000-4000-8000-000000000000/dismiss', payload: {} }),
  },
  'PUT /api/v1/suggestions/opt-out': {
    allow: APPLICANTS,
    request: () => ({ url: '/api/v1/suggestions/opt-out', payload: { optedOut: false } }),
  },
  // What was learned from the history of dossiers: counts only, for leaders and administrators.
  'GET /api/v1/proactive/learned': { allow: ['leader', 'admin'] },

  // Data exchange: administrators register members, systems, subsystems and services and grant
  // access (each within their jurisdiction, checked inside: exchange/gateway.test.ts); an empty
  // body is 400 once through the guard.
  ...Object.fromEntries(
    ['members', 'systems', 'subsystems', 'services', 'grants'].flatMap((what) => [
      [`GET /api/v1/exchange/${what}`, { allow: ['admin'] }],
      [
        `POST /api/v1/exchange/${what}`,
        { allow: ['admin'], request: () => ({ url: `/api/v1/exchange/${what}`, payload: {} }) },
      ],
    ]),
  ),
  'POST /api/v1/exchange/subsystems/certificates': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/exchange/subsystems/certificates', payload: {} }),
  },
  'POST /api/v1/exchange/grants/:id/withdrawal': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/exchange/grants/00000000-0000-4000-8000-000000000000/withdrawal',
      payload: {},
    }),
  },
  'GET /api/v1/exchange/log/verification': { allow: ['admin'] },
  // The data tracker: each person their own reads (an empty list for one never read).
  'GET /api/v1/exchange/my-reads': { allow: APPLICANTS },
  // The gateway: a system's route, not a person's. No session is read; the calling system proves
  // who it is with a signed client assertion, checked inside (exchange/gateway.test.ts). Here every
  // caller reaches those checks and gets 400 Client.BadRequest (no X-Road-Id).
  ...Object.fromEntries(
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => [
      `${method} /r1/:instance/:memberClass/:memberCode/:subsystemCode/:serviceCode/*`,
      {
        allow: EVERYONE,
        request: () => ({
          url: '/r1/VN/GOV/H01/TAX/status/taxpayers/0100109106',
          headers: { 'x-road-client': 'VN/GOV/X00004/DOSSIERS' },
        }),
      },
    ]),
  ),
  // Open data: the catalogue is public (a draft, withdrawn or unknown dataset is 404 for everyone);
  // officials publish for their agency's jurisdiction, an unknown dataset being 404 for them too.
  'GET /api/v1/opendata/datasets': { allow: EVERYONE },
  'GET /api/v1/opendata/datasets/:ref': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/opendata/datasets/sen-thu-tuc-hanh-chinh' }),
  },
  'GET /api/v1/opendata/datasets/:ref/preview': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/opendata/datasets/sen-thu-tuc-hanh-chinh/preview' }),
  },
  'GET /api/v1/opendata/distributions/:id/download': {
    allow: EVERYONE,
    request: () => ({ url: `/api/v1/opendata/distributions/${NO_SUCH_ID}/download` }),
  },
  'GET /api/v1/opendata/organisations': { allow: EVERYONE },
  'GET /api/v1/opendata/tags': { allow: EVERYONE },
  'GET /api/v1/opendata/licences': { allow: EVERYONE },
  'GET /api/v1/opendata/publisher/datasets': { allow: OFFICIALS },
  'GET /api/v1/opendata/publisher/datasets/:id': {
    allow: OFFICIALS,
    request: () => ({ url: `/api/v1/opendata/publisher/datasets/${NO_SUCH_ID}` }),
  },
  'GET /api/v1/opendata/publisher/datasets/:id/versions': {
    allow: OFFICIALS,
    request: () => ({ url: `/api/v1/opendata/publisher/datasets/${NO_SUCH_ID}/versions` }),
  },
  'POST /api/v1/opendata/datasets': {
    allow: OFFICIALS,
    request: () => ({ url: '/api/v1/opendata/datasets', payload: {} }),
  },
  'PATCH /api/v1/opendata/datasets/:id': {
    allow: OFFICIALS,
    request: () => ({ url: `/api/v1/opendata/datasets/${NO_SUCH_ID}`, payload: {} }),
  },
  'PUT /api/v1/opendata/datasets/:id/data': {
    allow: OFFICIALS,
    request: () => ({
      url: `/api/v1/opendata/datasets/${NO_SUCH_ID}/data`,
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b\r\n1,2\r\n',
    }),
  },
  'POST /api/v1/opendata/datasets/:id/publish': {
    allow: OFFICIALS,
    request: () => ({ url: `/api/v1/opendata/datasets/${NO_SUCH_ID}/publish`, payload: {} }),
  },
  'POST /api/v1/opendata/datasets/:id/withdraw': {
    allow: OFFICIALS,
    request: () => ({ url: `/api/v1/opendata/datasets/${NO_SUCH_ID}/withdraw`, payload: {} }),
  },

  // Governance staff records: administrators enter and import them, leaders follow them.
  'GET /api/v1/governance/staff': { allow: ['leader', 'admin'] },
  'POST /api/v1/governance/staff': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/governance/staff', payload: {} }),
  },
  'GET /api/v1/governance/staff/:id': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/governance/staff/00000000-0000-4000-8000-000000000000' }),
  },
  'PUT /api/v1/governance/staff/:id': {
    allow: ['admin'],
    request: () => ({ url: '/api/v1/governance/staff/00000000-0000-4000-8000-000000000000', payload: {} }),
  },
  'POST /api/v1/governance/staff/imports': {
    allow: ['admin'],
    request: () => ({
      url: '/api/v1/governance/staff/imports',
      headers: { 'content-type': 'text/csv' },
      payload: 'Mã cơ quan\r\n',
    }),
  },
  'GET /api/v1/governance/staff/imports': { allow: ['leader', 'admin'] },
  'GET /api/v1/governance/staff/template.csv': { allow: ['admin'] },
  // CKAN's Action API and DCAT-AP: public reads, at both of CKAN's prefixes, by GET and POST.
  ...Object.fromEntries(
    ['/api/3/action', '/api/action'].flatMap((prefix) =>
      [...CKAN_ACTIONS, ':action'].flatMap((action) =>
        (['GET', 'POST'] as const).map((method) => [
          `${method} ${prefix}/${action}`,
          {
            allow: EVERYONE,
            request: () => ({ url: `${prefix}/${action === ':action' ? 'no_such_action' : action}` }),
          },
        ]),
      ),
    ),
  ),
  'GET /api/3': { allow: EVERYONE },
  'GET /dcat/:file': { allow: EVERYONE, request: () => ({ url: '/dcat/catalog.ttl' }) },
  'GET /dcat/datasets/:file': {
    allow: EVERYONE,
    request: () => ({ url: '/dcat/datasets/sen-thu-tuc-hanh-chinh.ttl' }),
  },
  'GET /dcat/agencies/:id': { allow: EVERYONE, request: () => ({ url: '/dcat/agencies/X00004' }) },

  // Signing
  'GET /api/v1/signing/root.pem': { allow: EVERYONE },
  'GET /api/v1/signing/keys/me': { allow: OFFICIALS },
  'POST /api/v1/verify': {
    allow: EVERYONE,
    request: (f) => ({
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: f.pdf,
    }),
  },

  // Metrics: the nation's figures are public; an agency's programme figures are for the leaders and
  // administrators whose jurisdiction covers it (403 OUTSIDE_JURISDICTION for other officials).
  'GET /api/v1/metrics/programme': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/metrics/programme?scope=X00004' }),
  },
  'GET /api/v1/metrics/programme/export': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/metrics/programme/export?scope=X00004' }),
  },
  'GET /api/v1/metrics/programme/:targetId/records': {
    allow: ['leader', 'admin'],
    request: () => ({ url: '/api/v1/metrics/programme/svc.full_online/records?scope=X00004' }),
  },
  'GET /api/v1/metrics/service-index': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/metrics/service-index?scope=X00004' }),
  },
  'GET /api/v1/metrics/service-index/ranking': { allow: EVERYONE },
  'GET /api/v1/metrics/service-index/:indicatorId/records': {
    allow: EVERYONE,
    request: () => ({ url: '/api/v1/metrics/service-index/publicity.complete/records?scope=X00004' }),
  },
  'GET /api/v1/metrics/targets': { allow: EVERYONE },
  'POST /api/v1/metrics/refresh': { allow: ['admin'] },
}
