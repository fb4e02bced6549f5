import { sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { rowsOf } from '../../db/rows'
import { type BackendResponse, callLocalBackend } from './backends'
import { ASSERTION_HEADER, authenticateClient } from './client-auth'
import { type ServiceRow, serviceRow } from './directory.service'
import {
  accessDenied,
  backendUnavailable,
  badGatewayRequest,
  consentMissing,
  GatewayError,
  logFailed,
  purposeNotAllowed,
  purposeRequired,
  replayedRequest,
  unknownService,
} from './errors'
import { type CallGrant, consentInForce, grantsInForce } from './grants.service'
import { PART, parseSubsystemId } from './ids'
import { logEntry, type NewLogEntry, requestHashOf, responseHashOf } from './log.service'
import { observeCall } from './metrics'
import { admit } from './quota'
import { exchangeLog } from './schema'

/** A call as it reaches the gateway, whatever carried it (HTTP, or Sen's own modules in process). */
export interface GatewayRequest {
  method: string
  serviceId: string
  /** The path under the service, with its query string: `/people/001090000001`. */
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer | null
}

export interface GatewayResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

const BACKEND_TIMEOUT_MS = 30_000
const header = (request: GatewayRequest, name: string) => {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * X-Road-Issue as the client meant it. HTTP header values are bytes, not Vietnamese text: a client
 * sends a purpose outside ASCII percent-encoded (UTF-8), as URLs do; it is kept decoded.
 */
export function issueOf(raw: string | undefined): string | null {
  if (!raw) return null
  let text = raw
  try {
    text = decodeURIComponent(raw)
  } catch {
    // Not percent-encoding after all: taken as sent.
  }
  return text.slice(0, 500).trim() || null
}

/** X-Road-Issue: the purpose, then optionally ` #` and the case (dossier code) it serves. */
export function purposeOf(issue: string | null): string | null {
  if (!issue) return null
  const purpose = issue.split(' #')[0]!.trim()
  return purpose || null
}

/** Whose data the call reads: the service's subject pattern applied to the path. */
function subjectOf(service: ServiceRow, path: string): string | null {
  if (!service.subjectPattern) return null
  return path.split('?')[0]!.match(new RegExp(service.subjectPattern))?.[1] ?? null
}

const inFlight = new Set<string>()

/**
 * One exchange through the gateway: authenticate the client, refuse a replayed request id, find
 * the service and a grant in force for this method and path (deny by default), enforce purpose and
 * consent for personal data and the grant's rate and quota, pass the request to the backend, and
 * log request and response together, with the request hash, before the answer leaves. A refusal of
 * an authenticated client is logged too; an unauthenticated one is not (nobody to attribute it to).
 */
export async function exchange(db: Db, request: GatewayRequest): Promise<GatewayResponse> {
  const started = performance.now()
  const at = new Date()
  const clientId = parseSubsystemId(header(request, 'x-road-client'))
  const requestId = header(request, 'x-road-id') ?? ''
  const userId = header(request, 'x-road-userid') ?? null
  const issue = issueOf(header(request, 'x-road-issue'))
  if (!clientId)
    return refusal(
      request,
      null,
      requestId,
      badGatewayRequest({
        vi: 'thiếu hoặc sai X-Road-Client.',
        en: 'X-Road-Client is missing or malformed.',
      }),
      started,
    )
  if (!PART.test(requestId))
    return refusal(
      request,
      clientId,
      requestId,
      badGatewayRequest({ vi: 'thiếu hoặc sai X-Road-Id.', en: 'X-Road-Id is missing or malformed.' }),
      started,
    )
  try {
    await authenticateClient(db, header(request, ASSERTION_HEADER), {
      clientId,
      audience: request.serviceId,
      requestId,
      method: request.method,
      path: request.path,
      body: request.body,
    })
  } catch (error) {
    if (error instanceof GatewayError) return refusal(request, clientId, requestId, error, started)
    throw error
  }

  const key = `${clientId}\n${requestId}`
  if (inFlight.has(key)) return refusal(request, clientId, requestId, replayedRequest(), started)
  inFlight.add(key)
  try {
    const [seen] = await rowsOf<{ n: number }>(
      db,
      sql`select 1 as n from ${exchangeLog} where ${exchangeLog.clientId} = ${clientId} and ${exchangeLog.requestId} = ${requestId} limit 1`,
    )
    if (seen) return refusal(request, clientId, requestId, replayedRequest(), started)

    const entry: NewLogEntry = {
      at,
      requestId,
      clientId,
      serviceId: request.serviceId,
      method: request.method,
      path: request.path,
      userId,
      issue,
      subject: null,
      grantId: null,
      consentId: null,
      status: 0,
      errorType: null,
      durationMs: 0,
      requestHash: requestHashOf({
        clientId,
        requestId,
        serviceId: request.serviceId,
        method: request.method,
        path: request.path,
        userId,
        issue,
        body: request.body,
      }),
      responseHash: '',
      assertion: header(request, ASSERTION_HEADER) ?? null,
      requestBody: request.body,
      responseBody: null,
    }
    let answer: BackendResponse
    try {
      const service = await serviceRow(db, request.serviceId)
      if (!service) throw unknownService()
      const grant = await authorise(db, service, {
        clientId,
        method: request.method,
        path: request.path,
        issue,
      })
      entry.grantId = grant.id
      entry.subject = service.personalData ? subjectOf(service, request.path) : null
      if (service.consentRequired) {
        const purpose = purposeOf(issue)!
        const consentId = entry.subject
          ? await consentInForce(db, { subject: entry.subject, clientId, serviceId: service.id, purpose })
          : null
        if (!consentId) throw consentMissing()
        entry.consentId = consentId
      }
      admit(grant, clientId)
      answer = await forward(db, service, request)
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error
      const refused = errorResponse(error, requestId)
      answer = { status: refused.status, contentType: 'application/json; charset=utf-8', body: refused.body }
      entry.errorType = error.type
      entry.status = refused.status
      return await logged(db, entry, answer, started, refused.headers)
    }
    entry.status = answer.status
    return await logged(db, entry, answer, started, {})
  } finally {
    inFlight.delete(key)
  }
}

/** The grant in force for this call, with purpose checked; throws whose side failed and why. */
async function authorise(
  db: Db,
  service: ServiceRow,
  call: { clientId: string; method: string; path: string; issue: string | null },
): Promise<CallGrant> {
  const grants = await grantsInForce(db, {
    clientId: call.clientId,
    serviceId: service.id,
    method: call.method,
    path: call.path,
  })
  if (grants.length === 0)
    throw accessDenied({
      vi: 'không có quyền truy cập còn hiệu lực cho phương thức và đường dẫn này.',
      en: 'no grant in force for this method and path.',
    })
  const purpose = purposeOf(call.issue)
  if (!purpose) {
    if (service.personalData) throw purposeRequired()
    return grants[0]!
  }
  const allowing = grants.find((g) => g.purposes.includes(purpose))
  if (!allowing) throw purposeNotAllowed(purpose)
  return allowing
}

async function forward(db: Db, service: ServiceRow, request: GatewayRequest): Promise<BackendResponse> {
  if (service.backendUrl.startsWith('sen:')) {
    const local = await callLocalBackend(db, service.backendUrl, request.method, request.path)
    if (!local) throw backendUnavailable()
    return local
  }
  const passed: Record<string, string> = {}
  for (const name of ['content-type', 'accept', 'x-road-client', 'x-road-id', 'x-road-userid']) {
    const value = header(request, name)
    // Only what a header can carry (visible ASCII): anything else would fail the whole call.
    if (value && /^[\x20-\x7e]*$/.test(value)) passed[name] = value
  }
  const issue = issueOf(header(request, 'x-road-issue'))
  if (issue) passed['x-road-issue'] = encodeURIComponent(issue)
  try {
    const response = await fetch(service.backendUrl.replace(/\/$/, '') + request.path, {
      method: request.method,
      headers: passed,
      body: request.body && request.method !== 'GET' ? new Uint8Array(request.body) : undefined,
      signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
      redirect: 'manual',
    })
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      body: Buffer.from(await response.arrayBuffer()),
    }
  } catch {
    // Refused, reset, unreachable or timed out: the provider's side failed, and the client learns at once.
    throw backendUnavailable()
  }
}

function errorResponse(error: GatewayError, requestId: string) {
  const body = {
    type: error.type,
    message: error.text.en,
    detail: requestId,
    error: { code: error.type, message: error.text.vi },
  }
  return { status: error.statusCode, headers: { ...error.headers }, body: Buffer.from(JSON.stringify(body)) }
}

/** A refusal before the client is known: answered, counted, not logged (nobody to attribute it to). */
function refusal(
  request: GatewayRequest,
  clientId: string | null,
  requestId: string,
  error: GatewayError,
  started: number,
): GatewayResponse {
  const refused = errorResponse(error, requestId)
  observeCall({
    serviceId: request.serviceId,
    clientId: clientId ?? 'unknown',
    status: refused.status,
    errorType: error.type,
    seconds: (performance.now() - started) / 1000,
  })
  return {
    status: refused.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...refused.headers },
    body: refused.body,
  }
}

/** Writes the complete entry, then answers: if the log cannot be written, nothing is passed on. */
async function logged(
  db: Db,
  entry: NewLogEntry,
  answer: BackendResponse,
  started: number,
  extra: Record<string, string>,
): Promise<GatewayResponse> {
  entry.responseBody = answer.body
  entry.responseHash = responseHashOf(answer.status, answer.body)
  entry.durationMs = Math.round(performance.now() - started)
  try {
    await logEntry(db, entry)
  } catch (error) {
    const code =
      (error as { code?: string; cause?: { code?: string } }).code ??
      (error as { cause?: { code?: string } }).cause?.code
    const failed = errorResponse(code === '23505' ? replayedRequest() : logFailed(), entry.requestId)
    observeCall({
      serviceId: entry.serviceId!,
      clientId: entry.clientId,
      status: failed.status,
      errorType: 'Server.ServerProxy.LogFailed',
      seconds: (performance.now() - started) / 1000,
    })
    return {
      status: failed.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...failed.headers },
      body: failed.body,
    }
  }
  observeCall({
    serviceId: entry.serviceId!,
    clientId: entry.clientId,
    status: answer.status,
    errorType: entry.errorType ?? null,
    seconds: (performance.now() - started) / 1000,
  })
  return {
    status: answer.status,
    headers: {
      'content-type': answer.contentType,
      'x-road-id': entry.requestId,
      'x-road-request-hash': entry.requestHash,
      ...extra,
    },
    body: answer.body,
  }
}
