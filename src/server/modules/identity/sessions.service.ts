import { createHash, randomBytes } from 'node:crypto'
import { verify as verifyPassword } from '@node-rs/argon2'
import { and, eq, gt, or, sql } from 'drizzle-orm'
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib'
import type { Db } from '../../db'
import { changedHere, rowCache } from '../../db/invalidation'
import { prepared } from '../../db/prepared'
import { appendAudit } from '../audit/service'
import { hashPassword } from './accounts.service'
import {
  invalidCredentials,
  loginThrottled,
  totpInvalid,
  totpNotForThisAccount,
  totpRequired,
} from './errors'
import { LoginThrottle, sourceOf } from './login-throttle'
import { agencies, organisations, people, sessions, users } from './schema'
import type { AssuranceLevel, LoginMethod, Principal, Role } from './types'

export const SESSION_HOURS = { cookie: 12, bearer: 24 }

// Verified against when the username is unknown, so that timing does not reveal which accounts exist.
const decoyHash = hashPassword('not-a-real-password')

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export interface Credentials {
  username: string
  password: string
  totp?: string
  /** The client's address: failures slow down the source that made them (login-throttle.ts). */
  address?: string
}

const throttle = new LoginThrottle()

/**
 * Checks credentials (and the second factor when enrolled). Each failure makes its source wait longer
 * before its next attempt on the account is checked (login-throttle.ts); nothing locks the account.
 */
export async function authenticate(db: Db, credentials: Credentials): Promise<string> {
  const login = credentials.username.trim()
  const source = sourceOf(credentials.address ?? 'local')
  const [user] = await db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      totpSecret: users.totpSecret,
      active: users.active,
      failedLogins: users.failedLogins,
    })
    .from(users)
    .leftJoin(people, eq(users.personId, people.id))
    .where(or(eq(users.username, login), eq(people.pin, login)))
    .limit(1)
  // A name that is no (active) account is throttled like one, so that answers do not tell which exist.
  const account = user?.active ? user.id : `name:${login}`
  const wait = throttle.begin(account, source)
  if (wait > 0) throw loginThrottled(wait)
  try {
    if (!user?.active || !user.passwordHash) {
      await verifyPassword(await decoyHash, credentials.password).catch(() => false)
      const failures = unknownNameFailure(login)
      throttle.failed(account, source, failures)
      throw invalidCredentials()
    }
    const passwordOk = await verifyPassword(user.passwordHash, credentials.password).catch(() => false)
    if (!passwordOk) {
      await recordFailure(db, user.id, source, 'password')
      throw invalidCredentials()
    }
    if (user.totpSecret) {
      // Not a failure, nor a success: a second factor is still to come.
      if (!credentials.totp) throw totpRequired()
      if (!(await totpMatches(user.totpSecret, credentials.totp))) {
        await recordFailure(db, user.id, source, 'totp')
        throw totpInvalid()
      }
    }
    if (user.failedLogins > 0 || (await failuresOf(db, user.id)) > 0) {
      await db.update(users).set({ failedLogins: 0 }).where(eq(users.id, user.id))
    }
    throttle.succeeded(account, source)
    return user.id
  } finally {
    // Whatever did not end in a verdict above (an error on our side) counts neither way.
    throttle.abandoned(account, source)
  }
}

/**
 * Failed logins of names that are no (active) account, counted like an account's, in this process,
 * for the latest names.
 */
const unknownNames = new Map<string, number>()
const UNKNOWN_NAMES_KEPT = 10_000

function unknownNameFailure(login: string): number {
  const failures = (unknownNames.get(login) ?? 0) + 1
  unknownNames.delete(login)
  unknownNames.set(login, failures)
  if (unknownNames.size > UNKNOWN_NAMES_KEPT) unknownNames.delete(unknownNames.keys().next().value!)
  return failures
}

async function failuresOf(db: Db, userId: string) {
  const [row] = await db.select({ n: users.failedLogins }).from(users).where(eq(users.id, userId))
  return row?.n ?? 0
}

/** Counts a failure on the account (from every source since its last login) and slows down its source. */
async function recordFailure(db: Db, userId: string, source: string, factor: 'password' | 'totp') {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, userId))
      .returning({ failed: users.failedLogins })
    const delaySeconds = throttle.failed(userId, source, row?.failed ?? 1)
    await appendAudit(tx, {
      actorId: null,
      action: 'auth.login_failed',
      entity: 'user',
      entityId: userId,
      data: { factor, accountFailures: row?.failed ?? 1, delaySeconds },
    })
  })
}

export interface LoginProof {
  method: LoginMethod
  assurance: AssuranceLevel
  /** What the audit event of the login also records (e.g. the identity provider's subject). */
  detail?: Record<string, unknown>
}

const PASSWORD_LOGIN: LoginProof = { method: 'password', assurance: 0 }

/** Opens a session (cookie) or issues a token (bearer); only a hash of the secret is stored. */
export async function openSession(
  db: Db,
  userId: string,
  kind: 'cookie' | 'bearer',
  proof: LoginProof = PASSWORD_LOGIN,
) {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_HOURS[kind] * 3600_000)
  const { method, assurance } = proof
  await db.transaction(async (tx) => {
    await tx
      .insert(sessions)
      .values({ id: sha256(token), userId, kind, csrfToken, expiresAt, method, assurance })
    await appendAudit(tx, {
      actorId: userId,
      action: 'auth.login',
      entity: 'user',
      entityId: userId,
      data: { kind, method, assurance, ...proof.detail },
    })
  })
  return { token, csrfToken, expiresAt }
}

/** The principal behind a session token, or null when it is unknown, expired or its account disabled. */
const principalColumns = {
  userId: users.id,
  username: users.username,
  kind: users.kind,
  roles: users.roles,
  email: users.email,
  personId: users.personId,
  pin: people.pin,
  organisationId: users.organisationId,
  taxCode: organisations.taxCode,
  agencyId: users.agencyId,
  agencyPath: agencies.path,
}

function principalQuery(
  db: Db,
  extra: {
    sessionId: typeof sessions.id
    csrfToken: typeof sessions.csrfToken
    expiresAt: typeof sessions.expiresAt
    method: typeof sessions.method
    assurance: typeof sessions.assurance
  },
) {
  return db
    .select({ ...principalColumns, ...extra })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .leftJoin(agencies, eq(users.agencyId, agencies.id))
    .leftJoin(people, eq(users.personId, people.id))
    .leftJoin(organisations, eq(users.organisationId, organisations.id))
}

/**
 * Principals of live sessions, kept in memory: every request asks who is asking. Dropped when the
 * session ends or changes, when the account changes (roles, agency, disabled), or when an agency,
 * person or organisation changes (rare: all go).
 */
type KeptPrincipal = Principal & { expiresAt: Date }
const principals = (db: Db) =>
  rowCache<KeptPrincipal>(db, 'principals', {
    max: 20_000,
    kinds: ['session', 'user', 'agency', 'person', 'organisation'],
    keys: (kind, sessionId) =>
      kind === 'session' ? [`cookie:${sessionId}`, `bearer:${sessionId}`] : undefined,
    drops: (principal, kind, userId) => kind !== 'user' || principal.userId === userId,
  })

/** The principal behind a session token, or null when it is unknown, expired or its account disabled. */
export async function resolveSession(
  db: Db,
  token: string,
  kind: 'cookie' | 'bearer',
): Promise<Principal | null> {
  const sessionId = sha256(token)
  const cache = principals(db)
  const principal = await cache.read(`${kind}:${sessionId}`, async () => {
    // Behind every request that the cache cannot answer: prepared once per database.
    const statement = prepared(db, 'resolve_session', (db, name) =>
      principalQuery(db, {
        sessionId: sessions.id,
        csrfToken: sessions.csrfToken,
        expiresAt: sessions.expiresAt,
        method: sessions.method,
        assurance: sessions.assurance,
      })
        .where(
          and(
            eq(sessions.id, sql.placeholder('id')),
            eq(sessions.kind, sql.placeholder('kind')),
            gt(sessions.expiresAt, sql`now()`),
            eq(users.active, true),
          ),
        )
        .prepare(name),
    )
    const [row] = await statement.execute({ id: sessionId, kind })
    return row
      ? {
          ...row,
          roles: Object.freeze(row.roles) as Role[],
          assurance: row.assurance as AssuranceLevel,
          via: kind,
        }
      : undefined
  })
  if (!principal) return null
  if (principal.expiresAt.getTime() <= Date.now()) {
    cache.forget(`${kind}:${sessionId}`)
    return null
  }
  const { expiresAt: _, ...rest } = principal
  return rest
}

/**
 * An account acting without a session: Sen's own jobs acting for a user (the demo generator
 * replaying history). Never reachable from a request.
 */
export async function principalOfAccount(db: Db, username: string): Promise<Principal | null> {
  const [row] = await db
    .select(principalColumns)
    .from(users)
    .leftJoin(agencies, eq(users.agencyId, agencies.id))
    .leftJoin(people, eq(users.personId, people.id))
    .leftJoin(organisations, eq(users.organisationId, organisations.id))
    .where(and(eq(users.username, username), eq(users.active, true)))
  if (!row) return null
  // The demo's replayed history stands for filings made after a level-2 national identity login.
  return {
    ...row,
    roles: row.roles as Role[],
    via: 'bearer',
    sessionId: 'job',
    csrfToken: '',
    method: 'vneid',
    assurance: 2,
  }
}

export async function closeSession(db: Db, principal: Principal) {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, principal.sessionId))
    await appendAudit(tx, {
      actorId: principal.userId,
      action: 'auth.logout',
      entity: 'user',
      entityId: principal.userId,
      data: { kind: principal.via },
    })
  })
  changedHere(db, 'session', principal.sessionId)
}

async function totpMatches(secret: string, token: string) {
  if (!/^\d{6}$/.test(token)) return false
  const result = await verifyTotp({ secret, token, epochTolerance: 30 }).catch(() => ({ valid: false }))
  return result.valid
}

/** Starts enrolment of an authenticator app: a new secret that takes effect once a code confirms it. */
export async function beginTotpEnrolment(db: Db, principal: Principal) {
  if (principal.kind !== 'official') throw totpNotForThisAccount()
  const secret = generateSecret()
  await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, principal.userId))
  return { secret, otpauthUrl: generateURI({ issuer: 'Sen', label: principal.username, secret }) }
}

export async function confirmTotpEnrolment(db: Db, principal: Principal, code: string) {
  const [row] = await db
    .select({ pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, principal.userId))
  if (!row?.pending || !(await totpMatches(row.pending, code))) throw totpInvalid(400)
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: row.pending, totpPendingSecret: null })
      .where(eq(users.id, principal.userId))
    await appendAudit(tx, {
      actorId: principal.userId,
      action: 'auth.totp_enabled',
      entity: 'user',
      entityId: principal.userId,
    })
  })
}
