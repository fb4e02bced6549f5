import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import * as oidc from 'openid-client'
import type { Db, Tx } from '../../db'
import { appendAudit } from '../audit/service'
import {
  vneidClaimsMissing,
  vneidDenied,
  vneidLoginNotFound,
  vneidNotConfigured,
  vneidStateMismatch,
  vneidTokenInvalid,
  vneidUnavailable,
} from './errors'
import { organisations, people, users, vneidLogins } from './schema'
import { openSession } from './sessions.service'
import type { AssuranceLevel } from './types'

/**
 * Login with the national identity provider (VNeID-like) by OpenID Connect, authorization code flow
 * with PKCE, state and nonce (openid-client). The ID token's signature is checked against the
 * provider's keys, as are its issuer, audience, nonce and expiry; its personal id number links the
 * login to the person's one account (opened at their first login), a business's tax code to the
 * business's one account.
 */
export interface VneidSettings {
  issuer: string
  clientId: string
  clientSecret: string
  /** Sen's page the provider sends the browser back to (registered with the provider). */
  redirectUri: string
}

/** The provider's assurance levels (acr) as Sen's: level 2 was checked in person against the chip card. */
const ACR_LEVELS: Record<string, AssuranceLevel> = { 'vneid:level1': 1, 'vneid:level2': 2 }

/** How long a login may take between leaving for the provider and coming back. */
const LOGIN_MINUTES = 10

const configurations = new Map<string, Promise<oidc.Configuration>>()

/** The provider's metadata and keys, discovered once per process (and again after a failure). */
function configuration(settings: VneidSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`
  let found = configurations.get(key)
  if (!found) {
    const issuer = new URL(settings.issuer)
    // Plain HTTP only for a provider on this machine (the sandbox); the real one is HTTPS.
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)
    found = oidc
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .then((config) => {
        // Verify the ID token's signature even though it comes straight from the token endpoint.
        oidc.enableNonRepudiationChecks(config)
        return config
      })
      .catch((error: unknown) => {
        configurations.delete(key)
        throw vneidUnavailable(error)
      })
    configurations.set(key, found)
  }
  return found
}

/** Where to send the browser to log in; what the callback needs is kept under the returned state. */
export async function beginVneidLogin(
  db: Db,
  settings: VneidSettings | null,
  returnTo: string,
): Promise<{ url: string; state: string }> {
  if (!settings) throw vneidNotConfigured()
  const config = await configuration(settings)
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const codeVerifier = oidc.randomPKCECodeVerifier()
  await db.insert(vneidLogins).values({ state, nonce, codeVerifier, returnTo })
  // Logins never finished are of no use after their time: drop them as new ones begin.
  await db
    .delete(vneidLogins)
    .where(lt(vneidLogins.createdAt, sql`now() - make_interval(mins => ${LOGIN_MINUTES * 6})`))
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: 'openid profile phone vneid',
    // The levels Sen takes; the ID token's acr says which one this login reached.
    acr_values: Object.keys(ACR_LEVELS).join(' '),
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { url: url.href, state }
}

export interface VneidCallback {
  /** The query the provider sent the browser back with: code, state, iss (or error). */
  params: Record<string, string>
  /** The state this browser was given when it left (its cookie), so that no one else's answer is taken. */
  browserState: string | undefined
}

export interface VneidLoginResult {
  userId: string
  token: string
  csrfToken: string
  expiresAt: Date
  returnTo: string
  assurance: AssuranceLevel
}

/** Takes the provider's answer: checks it, links the account, opens a session. */
export async function finishVneidLogin(
  db: Db,
  settings: VneidSettings | null,
  callback: VneidCallback,
): Promise<VneidLoginResult> {
  if (!settings) throw vneidNotConfigured()
  const { params, browserState } = callback
  if (!params.state || params.state !== browserState) throw vneidStateMismatch()
  const config = await configuration(settings)
  // Used once: a second callback with the same state finds nothing.
  const [login] = await db
    .update(vneidLogins)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(vneidLogins.state, params.state),
        isNull(vneidLogins.usedAt),
        gt(vneidLogins.createdAt, sql`now() - make_interval(mins => ${LOGIN_MINUTES})`),
      ),
    )
    .returning()
  if (!login) throw vneidLoginNotFound()

  const currentUrl = new URL(settings.redirectUri)
  for (const [name, value] of Object.entries(params)) currentUrl.searchParams.set(name, value)
  let claims: oidc.IDToken
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    })
    claims = tokens.claims()!
  } catch (error) {
    throw refusal(error)
  }

  const assurance = ACR_LEVELS[String(claims.acr)]
  const pin = claims.personal_id_number
  const name = claims.name
  if (!assurance || typeof pin !== 'string' || !/^\d{12}$/.test(pin) || typeof name !== 'string') {
    throw vneidClaimsMissing()
  }
  const taxCode = typeof claims.organisation_tax_code === 'string' ? claims.organisation_tax_code : null
  const userId = await db.transaction(async (tx) => {
    const personId = await linkPerson(tx, {
      pin,
      fullName: name,
      birthDate: typeof claims.birthdate === 'string' ? claims.birthdate : null,
      gender: claims.gender === 'female' || claims.gender === 'male' ? claims.gender : null,
    })
    return taxCode
      ? linkBusiness(tx, taxCode, String(claims.organisation_name ?? taxCode), pin)
      : linkCitizen(tx, personId, pin, name)
  })
  const session = await openSession(db, userId, 'cookie', {
    method: 'vneid',
    assurance,
    detail: { subject: claims.sub, ...(taxCode ? { representativePin: pin } : {}) },
  })
  return { userId, ...session, returnTo: login.returnTo, assurance }
}

/** What the provider's answer or token failed on, as a clear refusal. */
function refusal(error: unknown) {
  if (error instanceof oidc.AuthorizationResponseError) return vneidDenied(error.error)
  if (error instanceof oidc.ResponseBodyError) return vneidTokenInvalid('code', error.error)
  if (error instanceof TypeError || (error as { code?: string }).code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return vneidUnavailable(error)
  }
  const code = (error as { code?: string }).code
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    // openid-client wraps oauth4webapi's error, whose cause names the claim that failed.
    let claim: string | undefined
    for (let at = error as { cause?: unknown; claim?: unknown } | undefined; at && !claim; ) {
      if (typeof at.claim === 'string') claim = at.claim
      at = at.cause as typeof at
    }
    return vneidTokenInvalid(claim ?? 'claims', String((error as Error).message))
  }
  return vneidTokenInvalid('signature', String((error as Error).message))
}

async function linkPerson(
  tx: Tx,
  person: { pin: string; fullName: string; birthDate: string | null; gender: 'male' | 'female' | null },
) {
  await tx.insert(people).values(person).onConflictDoNothing({ target: people.pin })
  const [row] = await tx.select({ id: people.id }).from(people).where(eq(people.pin, person.pin))
  return row!.id
}

/** The person's citizen account: the one they have, or one opened now (with no password). */
async function linkCitizen(tx: Tx, personId: string, pin: string, name: string) {
  const existing = () =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.personId, personId), eq(users.kind, 'citizen')))
  const [found] = await existing()
  if (found) return found.id
  const [created] = await tx
    .insert(users)
    .values({ username: `vneid.${pin}`, kind: 'citizen', displayName: name, personId })
    .onConflictDoNothing()
    .returning({ id: users.id })
  // Another login of the same person opened it meanwhile: theirs is the one.
  const id = created?.id ?? (await existing())[0]!.id
  if (created) {
    await appendAudit(tx, {
      actorId: id,
      action: 'account.created',
      entity: 'user',
      entityId: id,
      data: { username: `vneid.${pin}`, kind: 'citizen', via: 'vneid' },
    })
  }
  return id
}

/** The business's account, through its e-identity account used by its legal representative. */
async function linkBusiness(tx: Tx, taxCode: string, name: string, representativePin: string) {
  await tx
    .insert(organisations)
    .values({ taxCode, name })
    .onConflictDoNothing({ target: organisations.taxCode })
  const [organisation] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.taxCode, taxCode))
  const existing = () =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisation!.id), eq(users.kind, 'business')))
  const [found] = await existing()
  if (found) return found.id
  const [created] = await tx
    .insert(users)
    .values({
      username: `vneid.mst.${taxCode}`,
      kind: 'business',
      displayName: name,
      organisationId: organisation!.id,
    })
    .onConflictDoNothing()
    .returning({ id: users.id })
  const id = created?.id ?? (await existing())[0]!.id
  if (created) {
    await appendAudit(tx, {
      actorId: id,
      action: 'account.created',
      entity: 'user',
      entityId: id,
      data: { username: `vneid.mst.${taxCode}`, kind: 'business', via: 'vneid', representativePin },
    })
  }
  return id
}
