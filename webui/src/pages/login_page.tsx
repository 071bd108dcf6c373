// The sign-in form, shown in place of whatever path was asked for while nobody is
// signed in; once the session exists the app renders that path.
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, describeError } from '../api/client'
import { login } from '../session'

export function LoginPage() {
  const [loginName, setLoginName] = useState('')
  const [password, setPassword] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const loginRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)

  useEffect(() => loginRef.current?.focus(), [])

  const submit = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (submitting) {
      return
    }
    setSubmitting(true)
    setError(null)
    try {
      await login(loginName.trim(), password)
      // Signed in: the app replaces this page.
    } catch (failure) {
      setError(loginErrorMessage(failure))
      setPassword('')
      setSubmitting(false)
      passwordRef.current?.focus()
    }
  }

  return (
    <div class="login-screen">
      <main class="login-card">
        <p class="login-brand">Rapport</p>
        <h1 class="login-title">Sign in</h1>
        <form class="form" onSubmit={submit} aria-busy={submitting}>
          <div class="field">
            <label class="field-label" for="login-name">
              Login
            </label>
            <input
              ref={loginRef}
              id="login-name"
              name="username"
              class="input"
              type="text"
              autocomplete="username"
              autocapitalize="none"
              autocorrect="off"
              spellcheck={false}
              required
              value={loginName}
              aria-invalid={error !== null}
              aria-describedby={error !== null ? 'login-error' : undefined}
              onInput={(event) => setLoginName(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label class="field-label" for="login-password">
              Password
            </label>
            <input
              ref={passwordRef}
              id="login-password"
              name="password"
              class="input"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              aria-invalid={error !== null}
              aria-describedby={error !== null ? 'login-error' : undefined}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          </div>
          {error !== null && (
            <p id="login-error" class="form-error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" class="button button-block" disabled={submitting}>
            Sign in
          </button>
        </form>
      </main>
    </div>
  )
}

function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      if (error.retryAfter === null) {
        return 'Too many attempts, try again later.'
      }
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60))
      return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`
    }
    if (error.status === 401) {
      return error.message || 'Wrong login or password.'
    }
  }
  return describeError(error)
}
