import { ApiError, apiRequest } from './client'

export interface User {
  id: number
  login: string
  name: string | null
  email: string | null
  roles: string[]
  team_id: number | null
  active: boolean
}

export interface SessionInfo {
  user: User | null
  csrf_token: string
}

export function getSession(signal?: AbortSignal): Promise<SessionInfo> {
  return apiRequest<SessionInfo>('/auth/session', { signal })
}

// The answer also carries a bearer token for API clients; the web UI relies on the
// session cookie set alongside it and never keeps the token, so nothing is returned.
export async function postLogin(login: string, password: string): Promise<void> {
  await apiRequest<unknown>('/auth/login', {
    method: 'POST',
    body: { login, password },
    expectUnauthorized: true,
  })
}

// A 401 here means the session had already ended; the caller decides what that means.
export async function postLogout(): Promise<void> {
  try {
    await apiRequest<unknown>('/auth/logout', { method: 'POST', expectUnauthorized: true })
  } catch (error) {
    // Whatever body a success carries (204, 200 with nothing), the session has ended.
    if (!(error instanceof ApiError && error.code === 'invalid_response' && error.status < 300)) {
      throw error
    }
  }
}
