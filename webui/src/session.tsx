// Who is signed in. The session itself is the HttpOnly cookie the server sets at
// login; this store only mirrors what GET /api/v1/auth/session says about it, plus the
// CSRF token that unsafe requests made with that cookie must carry.
import { useEffect, useState } from 'preact/hooks'
import { getSession, postLogin, postLogout, type SessionInfo, type User } from './api/auth'
import { ApiError, connectSession, describeError } from './api/client'

export type { User } from './api/auth'

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'anonymous' }
  | { kind: 'signed-in'; user: User }

type Listener = (state: SessionState) => void

let state: SessionState = { kind: 'loading' }
let csrfToken: string | null = null
// Bumped on every change of session, so late answers to requests made under an
// earlier session (a stale 401, a slow session check) are recognised and ignored.
let epoch = 0
const listeners = new Set<Listener>()

connectSession({
  csrfToken: () => csrfToken,
  epoch: () => epoch,
  unauthorized: (requestEpoch) => {
    if (requestEpoch !== epoch || state.kind !== 'signed-in') {
      return
    }
    // The session expired or was ended elsewhere: back to the login page, with a
    // fresh token for the cookie-less state.
    endSession()
    void refresh()
  },
})

function setState(next: SessionState): void {
  state = next
  listeners.forEach((listener) => listener(state))
}

function apply(info: SessionInfo): void {
  csrfToken = typeof info.csrf_token === 'string' ? info.csrf_token : null
  setState(info.user ? { kind: 'signed-in', user: info.user } : { kind: 'anonymous' })
}

function endSession(): void {
  epoch += 1
  csrfToken = null
  setState({ kind: 'anonymous' })
}

// Asks the server who we are. Errors only show while nothing is known yet.
async function refresh(): Promise<void> {
  const startedIn = epoch
  try {
    const info = await getSession()
    if (startedIn === epoch) {
      apply(info)
    }
  } catch (error) {
    if (startedIn === epoch && (state.kind === 'loading' || state.kind === 'unavailable')) {
      setState({ kind: 'unavailable', message: describeError(error) })
    }
  }
}

export function startSession(): Promise<void> {
  if (state.kind === 'unavailable') {
    setState({ kind: 'loading' })
  }
  return refresh()
}

// Throws ApiError when the server refuses (401 wrong credentials, 429 throttled).
export async function login(loginName: string, password: string): Promise<void> {
  await postLogin(loginName, password)
  // The login answer set the session cookie; the CSRF token that goes with it comes
  // from the session endpoint.
  const info = await getSession()
  if (!info.user) {
    throw new Error('The server accepted the sign-in, but the browser did not keep the session cookie.')
  }
  epoch += 1
  apply(info)
}

// Throws when the server could not be told (the session would outlive the page).
export async function logout(): Promise<void> {
  try {
    await postLogout()
  } catch (error) {
    // 401: the session had already ended, which is what we wanted.
    if (!(error instanceof ApiError && error.status === 401)) {
      throw error
    }
  }
  endSession()
  void refresh()
}

export function useSession(): SessionState {
  const [current, setCurrent] = useState(state)
  useEffect(() => {
    listeners.add(setCurrent)
    setCurrent(state)
    return () => {
      listeners.delete(setCurrent)
    }
  }, [])
  return current
}

export function displayName(user: User): string {
  return user.name?.trim() || user.login
}
