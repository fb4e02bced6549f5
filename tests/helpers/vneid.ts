import { randomBytes } from 'node:crypto'
import { decodeJwt, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { type IdTokenTamper, startVneidSandbox, type VneidSandbox } from '../../src/server/sandbox/vneid'
import type { TestApp } from './app'

/** Sen's redirect URI as the test app has it (SEN_PUBLIC_URL unset: http://localhost:3000). */
export const TEST_REDIRECT_URI = 'http://localhost:3000/login/vneid'

/** The sandbox identity provider for one test file, and the settings a test app talks to it with. */
export async function startTestVneid(): Promise<{ sandbox: VneidSandbox; env: Record<string, string> }> {
  const clientSecret = randomBytes(24).toString('base64url')
  const sandbox = await startVneidSandbox({
    port: 0,
    clients: [{ clientId: 'sen', clientSecret, redirectUris: [TEST_REDIRECT_URI] }],
  })
  return {
    sandbox,
    env: {
      SEN_VNEID_ISSUER: sandbox.issuer,
      SEN_VNEID_CLIENT_ID: 'sen',
      SEN_VNEID_CLIENT_SECRET: clientSecret,
    },
  }
}

/** A browser's cookies at the provider: what it was given, sent back. */
class CookieJar {
  private cookies = new Map<string, string>()
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

export interface ProviderAnswer {
  /** The query the provider sent the browser back to Sen with (code, state, iss). */
  params: Record<string, string>
  /** The cookie Sen gave this browser when it left for the provider. */
  stateCookie: string
}

/**
 * What a browser does between "Đăng nhập bằng VNeID" and Sen's callback page: Sen's redirect, the
 * provider's login page (a preset identity, or one typed in), and the provider's redirect back.
 */
export async function loginAtProvider(
  t: TestApp,
  form: Record<string, string> = { preset: '0' },
  returnTo = '/',
): Promise<ProviderAnswer> {
  const start = await t.app.inject({
    method: 'GET',
    url: `/api/v1/auth/vneid/start?returnTo=${encodeURIComponent(returnTo)}`,
  })
  if (start.statusCode !== 302) throw new Error(`start: ${start.statusCode} ${start.body}`)
  const stateCookie = start.cookies.find((c) => c.name === 'sen_vneid')
  const jar = new CookieJar()
  let location = new URL(String(start.headers.location))
  const origin = location.origin
  for (let hop = 0; hop < 10; hop++) {
    if (location.href.startsWith(TEST_REDIRECT_URI)) {
      return {
        params: Object.fromEntries(location.searchParams),
        stateCookie: `sen_vneid=${stateCookie!.value}`,
      }
    }
    const interaction = /^\/interaction\/[\w-]+$/.test(location.pathname)
    const response = await fetch(interaction ? `${location.href}/login` : location, {
      method: interaction ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(interaction ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: interaction ? new URLSearchParams(form).toString() : undefined,
    })
    jar.take(response)
    const next = response.headers.get('location')
    if (!next) throw new Error(`provider answered ${response.status}: ${await response.text()}`)
    location = new URL(next, origin)
  }
  throw new Error('too many redirects at the provider')
}

/** Sen's callback page posting the provider's answer, as the browser would. */
export function postCallback(t: TestApp, answer: ProviderAnswer, cookie = answer.stateCookie) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/vneid/callback',
    headers: { cookie },
    payload: answer.params,
  })
}

/** The ID token re-signed by the provider's own key with some claims changed (a token "for someone else"). */
export function resignedWith(changes: Record<string, unknown>): IdTokenTamper {
  return async (idToken, keys) => {
    // oidc-provider's JWK type has readonly arrays where jose's has mutable ones: the same key.
    const key = await importJWK(keys.signing as JWK, 'RS256')
    return new SignJWT({ ...decodeJwt(idToken), ...changes })
      .setProtectedHeader({ alg: 'RS256', kid: keys.signing.kid! })
      .sign(key)
  }
}

/** The ID token signed by a key that is not the provider's, under the provider's key id (a forgery). */
export function forged(): IdTokenTamper {
  return async (idToken, keys) => {
    const { privateKey } = await generateKeyPair('RS256')
    return new SignJWT(decodeJwt(idToken))
      .setProtectedHeader({ alg: 'RS256', kid: keys.signing.kid! })
      .sign(privateKey)
  }
}
