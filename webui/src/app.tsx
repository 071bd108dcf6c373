// The application shell: top bar, side navigation and the page for the current path.
import { useEffect, useState } from 'preact/hooks'
import { HomePage } from './pages/home_page'
import { NotFoundPage } from './pages/not_found_page'
import { Link, usePath } from './router'

export function App() {
  const path = usePath()
  const [navOpen, setNavOpen] = useState(false)

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
      <main class="content">{pageFor(path)}</main>
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
