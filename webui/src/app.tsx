// The application: the login page while nobody is signed in, otherwise the shell (top
// bar, side navigation) around the page for the current path.
import { useEffect, useState } from 'preact/hooks'
import { HomePage } from './pages/home_page'
import { LoginPage } from './pages/login_page'
import { NotFoundPage } from './pages/not_found_page'
import { Link, usePath } from './router'
import { describeError } from './api/client'
import { displayName, logout, startSession, useSession, type User } from './session'

export function App() {
  const session = useSession()
  switch (session.kind) {
    case 'loading':
      return (
        <div class="splash" role="status" data-testid="session-loading">
          Loading…
        </div>
      )
    case 'unavailable':
      return (
        <div class="splash">
          <div class="status-card status-error" role="alert" data-testid="session-unavailable">
            <span class="status-dot" aria-hidden="true" />
            <span>Server unavailable: {session.message}</span>
            <button type="button" class="button" onClick={() => void startSession()}>
              Retry
            </button>
          </div>
        </div>
      )
    case 'anonymous':
      return <LoginPage />
    case 'signed-in':
      return <Shell user={session.user} />
  }
}

function Shell({ user }: { user: User }) {
  const path = usePath()
  const [navOpen, setNavOpen] = useState(false)
  const [signingOut, setSigningOut] = useState(false)
  const [signOutError, setSignOutError] = useState<string | null>(null)

  useEffect(() => setNavOpen(false), [path])

  useEffect(() => {
    if (!navOpen) {
      return
    }
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setNavOpen(false)
      }
    }
    window.addEventListener('keydown', closeOnEscape)
    return () => window.removeEventListener('keydown', closeOnEscape)
  }, [navOpen])

  const signOut = async () => {
    setSigningOut(true)
    setSignOutError(null)
    try {
      await logout()
      // Signed out: the app replaces the shell with the login page.
    } catch (error) {
      setSignOutError(describeError(error))
      setSigningOut(false)
    }
  }

  return (
    <div class={navOpen ? 'shell nav-open' : 'shell'}>
      <header class="top-bar">
        <button
          type="button"
          class="menu-button"
          data-testid="menu-button"
          aria-label="Menu"
          aria-controls="side-nav"
          aria-expanded={navOpen}
          onClick={() => setNavOpen(!navOpen)}
        >
          <span class="menu-icon" aria-hidden="true" />
        </button>
        <Link href="/" class="brand">
          Rapport
        </Link>
        <div class="top-bar-user">
          <span class="current-user" data-testid="current-user" title={user.login}>
            {displayName(user)}
          </span>
          <button
            type="button"
            class="top-bar-button"
            data-testid="sign-out"
            disabled={signingOut}
            onClick={() => void signOut()}
          >
            Sign out
          </button>
        </div>
      </header>
      <nav id="side-nav" class="side-nav" data-testid="side-nav" aria-label="Main">
        <ul class="nav-list">
          <li>
            <Link
              href="/"
              class={path === '/' ? 'nav-link active' : 'nav-link'}
              aria-current={path === '/' ? 'page' : undefined}
            >
              Home
            </Link>
          </li>
        </ul>
      </nav>
      <div class="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />
      <main class="content">
        {signOutError !== null && (
          <p class="form-error" role="alert" data-testid="sign-out-error">
            Could not sign out: {signOutError}
          </p>
        )}
        {pageFor(path)}
      </main>
    </div>
  )
}

function pageFor(path: string) {
  switch (path) {
    case '/':
      return <HomePage />
    default:
      return <NotFoundPage path={path} />
  }
}
