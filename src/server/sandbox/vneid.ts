import { createHash, generateKeyPairSync } from 'node:crypto'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Configuration, JWK, KoaContextWithOIDC } from 'oidc-provider'

/**
 * A sandbox of the national identity provider (VNeID-like): a real OpenID Connect provider
 * (oidc-provider) with a login page where a tester picks who they are, as MockPass does for Singpass.
 * It is an outside system: it knows nothing of Sen's database, only the identities it is given.
 * `npm start` runs it in demo mode (runtime.ts) and the tests run it (tests/helpers/vneid.ts).
 */

/** Assurance levels of VNeID accounts (Decree 69/2024): level 2 was checked in person against the chip card. */
export const VNEID_ACR = { 1: 'vneid:level1', 2: 'vneid:level2' } as const

export interface SandboxIdentity {
  pin: string
  fullName: string
  birthDate: string
  gender: 'male' | 'female'
  level: 1 | 2
  phone?: string
  /** An organisation's e-identity account, used by its legal representative (this person). */
  organisation?: { taxCode: string; name: string }
}

/** Who a tester can be at the sandbox's login page; anyone else can be typed in. */
export const SANDBOX_IDENTITIES: SandboxIdentity[] = [
  {
    pin: '001090000001',
    fullName: 'Nguyễn Văn An',
    birthDate: '1990-05-12',
    gender: 'male',
    level: 2,
    phone: '0912000001',
  },
  {
    pin: '048195000777',
    fullName: 'Trần Thị Mai',
    birthDate: '1995-03-08',
    gender: 'female',
    level: 1,
    phone: '0905000777',
  },
  {
    pin: '001090000001',
    fullName: 'Nguyễn Văn An',
    birthDate: '1990-05-12',
    gender: 'male',
    level: 2,
    organisation: { taxCode: '0101234567', name: 'Công ty TNHH Hoa Sen' },
  },
]

export interface SandboxClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export interface VneidSandboxOptions {
  /** 0: any free port. */
  port: number
  host?: string
  /** The issuer's address as browsers and Sen reach it; default http://<host>:<port>. */
  issuer?: string
  clients: SandboxClient[]
}

/** What a test may make the provider do wrong, to see that the client refuses it. */
export type IdTokenTamper = (idToken: string, keys: { signing: JWK }) => Promise<string>

export interface VneidSandbox {
  issuer: string
  /** Every ID token the token endpoint hands out goes through this, while it is set. */
  tamper: IdTokenTamper | null
  /** The provider's signing key (private): for tests that forge a token signed correctly. */
  signingKey: JWK
  close(): Promise<void>
}

const accountIdOf = (identity: SandboxIdentity) =>
  createHash('sha256')
    .update(identity.organisation ? `org:${identity.organisation.taxCode}:${identity.pin}` : identity.pin)
    .digest('hex')
    .slice(0, 32)

export async function startVneidSandbox(options: VneidSandboxOptions): Promise<VneidSandbox> {
  // Loaded only when a sandbox is wanted: a server without one never loads the provider's code.
  // On Node 20 oidc-provider warns that it wants Node 22 LTS; it declares no engines and its tests
  // here (identity/vneid.test.ts) pass on Node 20.19+, which Sen supports.
  const { default: Provider } = await import('oidc-provider')
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const issuer = options.issuer ?? `http://${options.host ?? '127.0.0.1'}:${port}`

  const accounts = new Map<string, SandboxIdentity>()
  const remember = (identity: SandboxIdentity) => {
    const id = accountIdOf(identity)
    accounts.set(id, identity)
    return id
  }
  for (const identity of SANDBOX_IDENTITIES) remember(identity)

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signingKey = {
    ...(privateKey.export({ format: 'jwk' }) as JWK),
    kid: 'sandbox-1',
    use: 'sig',
    alg: 'RS256',
  }

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // The ID token always says the account's level (acr), as VNeID's does, even when a client
      // asks for none: oidc-provider puts acr in only when acr_values are asked or defaulted.
      default_acr_values: Object.values(VNEID_ACR),
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [createHash('sha256').update(`${issuer}:${signingKey.d}`).digest('hex')] },
    scopes: ['openid', 'profile', 'phone', 'vneid'],
    claims: {
      // The account's level goes into every ID token.
      acr: null,
      auth_time: null,
      openid: ['sub'],
      profile: ['name', 'birthdate', 'gender'],
      phone: ['phone_number'],
      vneid: ['personal_id_number', 'organisation_tax_code', 'organisation_name'],
    },
    acrValues: Object.values(VNEID_ACR),
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    async findAccount(_ctx, sub) {
      const identity = accounts.get(sub)
      if (!identity) return undefined
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: identity.fullName,
            birthdate: identity.birthDate,
            gender: identity.gender,
            personal_id_number: identity.pin,
            ...(identity.phone ? { phone_number: identity.phone } : {}),
            ...(identity.organisation
              ? {
                  organisation_tax_code: identity.organisation.taxCode,
                  organisation_name: identity.organisation.name,
                }
              : {}),
          }
        },
      }
    },
  }
  const provider = new Provider(issuer, configuration)

  const sandbox: VneidSandbox = {
    issuer,
    tamper: null,
    signingKey,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next()
    const body = ctx.body as { id_token?: string } | undefined
    if (ctx.path === '/token' && sandbox.tamper && body?.id_token) {
      body.id_token = await sandbox.tamper(body.id_token, { signing: signingKey })
    }
  })

  const oidc = provider.callback()
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname)
    if (!match) return oidc(req, res)
    interaction(req, res, match[2] === '/login').catch((error: Error) => {
      res.statusCode = 400
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(page('Lỗi', `<p role="alert">${escapeHtml(error.message)}</p>`))
    })
  })

  async function interaction(req: IncomingMessage, res: ServerResponse, submitted: boolean) {
    const details = await provider.interactionDetails(req, res)
    if (!submitted) {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(loginPage(details.uid))
      return
    }
    const form = new URLSearchParams(await readBody(req))
    const preset = form.get('preset')
    const identity =
      preset !== null && preset !== 'custom' ? SANDBOX_IDENTITIES[Number(preset)] : typedIdentity(form)
    if (!identity) throw new Error('Không có danh tính này.')
    const accountId = remember(identity)
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope))
    await provider.interactionFinished(req, res, {
      login: { accountId, acr: VNEID_ACR[identity.level], amr: ['pwd'] },
      consent: { grantId: await grant.save() },
    })
  }

  return sandbox
}

function typedIdentity(form: URLSearchParams): SandboxIdentity {
  const pin = form.get('pin') ?? ''
  const fullName = (form.get('fullName') ?? '').trim()
  const birthDate = form.get('birthDate') ?? ''
  if (!/^\d{12}$/.test(pin)) throw new Error('Số định danh cá nhân gồm 12 chữ số.')
  if (fullName.length < 2) throw new Error('Nhập họ và tên.')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new Error('Nhập ngày sinh.')
  return {
    pin,
    fullName,
    birthDate,
    gender: form.get('gender') === 'female' ? 'female' : 'male',
    level: form.get('level') === '1' ? 1 : 2,
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > 10_000) reject(new Error('Biểu mẫu quá dài.'))
    })
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(title: string, body: string) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} — VNeID (môi trường thử nghiệm)</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{color:#a50e0e;font-size:1.4rem}fieldset{border:1px solid #bbb;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
label{display:block;margin:.4rem 0}input[type=text],input[type=date]{width:100%;padding:.4rem;font-size:1rem}
button{background:#a50e0e;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
.note{background:#fff4d6;padding:.5rem 1rem;border-radius:6px}</style></head><body><main>${body}</main></body></html>`
}

function loginPage(uid: string) {
  const presets = SANDBOX_IDENTITIES.map(
    (identity, index) =>
      `<label><input type="radio" name="preset" value="${index}"${index === 0 ? ' checked' : ''}> ${escapeHtml(identity.fullName)} — ${identity.pin}, mức ${identity.level}${identity.organisation ? ` (tổ chức: ${escapeHtml(identity.organisation.name)}, MST ${identity.organisation.taxCode})` : ''}</label>`,
  ).join('\n')
  return page(
    'Đăng nhập',
    `<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
<p class="note">Môi trường thử nghiệm (sandbox) của nhà cung cấp định danh: không dùng dữ liệu thật, không kiểm tra mật khẩu.</p>
<form method="post" action="/interaction/${uid}/login">
<fieldset><legend>Chọn danh tính</legend>
${presets}
<label><input type="radio" name="preset" value="custom"> Danh tính khác (nhập bên dưới)</label>
</fieldset>
<fieldset><legend>Danh tính khác</legend>
<label>Số định danh cá nhân <input type="text" name="pin" inputmode="numeric" pattern="[0-9]{12}" autocomplete="off"></label>
<label>Họ và tên <input type="text" name="fullName" autocomplete="off"></label>
<label>Ngày sinh <input type="date" name="birthDate"></label>
<label><input type="radio" name="gender" value="male" checked> Nam</label>
<label><input type="radio" name="gender" value="female"> Nữ</label>
<label><input type="radio" name="level" value="2" checked> Tài khoản mức 2</label>
<label><input type="radio" name="level" value="1"> Tài khoản mức 1</label>
</fieldset>
<button type="submit">Đăng nhập</button>
</form>`,
  )
}
