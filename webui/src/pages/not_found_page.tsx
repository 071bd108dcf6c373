import { Link } from '../router'

export function NotFoundPage({ path }: { path: string }) {
  return (
    <section class="page" data-testid="not-found">
      <h1 class="page-title">Page not found</h1>
      <p class="page-lead">
        Nothing lives at <code>{path}</code>. The module it belongs to may not be installed.
      </p>
      <Link href="/" class="button">
        Go to the home page
      </Link>
    </section>
  )
}
