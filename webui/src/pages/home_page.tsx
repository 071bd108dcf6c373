import { useEffect, useState } from 'preact/hooks'
import { getHealth, type Health } from '../api/health'
import { describeError } from '../api/client'

type ServerState = { kind: 'loading' } | { kind: 'ok'; health: Health } | { kind: 'error'; message: string }

export function HomePage() {
  const [state, setState] = useState<ServerState>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    setState({ kind: 'loading' })
    getHealth(controller.signal)
      .then((health) => setState({ kind: 'ok', health }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ kind: 'error', message: describeError(error) })
        }
      })
    return () => controller.abort()
  }, [attempt])

  return (
    <section class="page">
      <h1 class="page-title">Welcome to Rapport</h1>
      <p class="page-lead">Customers, sales, service and surveys in one place.</p>
      <div class={`status-card status-${state.kind}`} data-testid="server-status" data-state={state.kind} role="status">
        <span class="status-dot" aria-hidden="true" />
        {state.kind === 'loading' && <span>Checking the server…</span>}
        {state.kind === 'ok' && (
          <span>
            Server {state.health.status} · version {state.health.version}
          </span>
        )}
        {state.kind === 'error' && (
          <>
            <span>Server unavailable: {state.message}</span>
            <button type="button" class="button" onClick={() => setAttempt((n) => n + 1)}>
              Retry
            </button>
          </>
        )}
      </div>
    </section>
  )
}
