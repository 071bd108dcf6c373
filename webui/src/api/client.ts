// A thin fetch wrapper for /api/v1: JSON in, JSON out, and every failure as an ApiError.
// Authentication is the session cookie alone (the browser sends it, same origin); this
// module adds the session's CSRF token to unsafe requests and tells the session store
// when the server no longer knows us (401).

export interface ApiErrorDetail {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ApiErrorDetail[]
  readonly requestId: string | null
  // Seconds to wait before trying again, from a Retry-After header (429, 503).
  readonly retryAfter: number | null

  constructor(
    status: number,
    code: string,
    message: string,
    details: ApiErrorDetail[] = [],
    requestId: string | null = null,
    retryAfter: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    this.requestId = requestId
    this.retryAfter = retryAfter
  }
}

// One line for the user: the message, and the request id that finds it in the logs.
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.requestId ? `${error.message} (request ${error.requestId})` : error.message
  }
  return error instanceof Error ? error.message : String(error)
}

// What the client needs from the session store, which registers itself with
// `connectSession` (a hook rather than an import keeps the dependency one-way).
export interface SessionLink {
  // The CSRF token of the current session, sent on unsafe requests.
  csrfToken(): string | null
  // Changes whenever the session does (sign-in, sign-out), so a 401 answering a
  // request sent under an earlier session is not taken as the end of the current one.
  epoch(): number
  // The server answered 401 to a request sent during `epoch`.
  unauthorized(epoch: number): void
}

let session: SessionLink | null = null

export function connectSession(link: SessionLink | null): void {
  session = link
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  // A 401 answer is an expected outcome (wrong password), not a lost session.
  expectUnauthorized?: boolean
}

const API_ROOT = '/api/v1'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

// Status 0 marks failures that never got an HTTP answer (network down, aborted).
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const csrfToken = SAFE_METHODS.has(method) ? null : (session?.csrfToken() ?? null)
  if (csrfToken !== null) {
    headers['X-CSRF-Token'] = csrfToken
  }
  const epoch = session?.epoch() ?? 0

  let response: Response
  try {
    response = await fetch(API_ROOT + path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    throw new ApiError(0, 'network_error', `Could not reach the server: ${message}`)
  }

  if (response.status === 204) {
    return undefined as T
  }
  const payload = await readJson(response)
  if (!response.ok) {
    if (response.status === 401 && !options.expectUnauthorized) {
      session?.unauthorized(epoch)
    }
    throw toApiError(response, payload)
  }
  if (payload === undefined) {
    throw new ApiError(response.status, 'invalid_response', 'The server answered with something that is not JSON')
  }
  return payload as T
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: (path: string) => apiRequest<void>(path, { method: 'DELETE' }),
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') {
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : null
  if (error === null) {
    return new ApiError(
      response.status,
      'http_error',
      `The server answered ${response.status} ${response.statusText}`.trim(),
      [],
      null,
      retryAfter,
    )
  }
  const details = Array.isArray(error.details)
    ? error.details.filter(isRecord).map((d) => ({ field: String(d.field ?? ''), message: String(d.message ?? '') }))
    : []
  return new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : 'http_error',
    typeof error.message === 'string' ? error.message : `The server answered ${response.status}`,
    details,
    typeof error.request_id === 'string' ? error.request_id : null,
    retryAfter,
  )
}

// Retry-After is either delay-seconds or an HTTP date.
function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') {
    return null
  }
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    return Number(text)
  }
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
