// The web UI shell served by rapportd: home page, SPA deep links, phone layout. Every
// test signs in first; login.test.mjs covers the login page itself.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { launchBrowser } from './support/browser.mjs'
import { openPage as openBrowserPage, signIn } from './support/page.mjs'
import { startServer } from './support/server.mjs'

const PHONE = { width: 390, height: 844 }

let server
let browser
let screenshotDir = null

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  if (process.env.RAPPORT_E2E_SCREENSHOTS) {
    screenshotDir = await mkdtemp(path.join(tmpdir(), 'rapport-e2e-screenshots-'))
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

function openPage(t, contextOptions = {}) {
  return openBrowserPage(browser, t, contextOptions)
}

async function screenshot(t, page, name) {
  if (screenshotDir === null) {
    return
  }
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' })
  t.diagnostic(`screenshot: ${file}`)
}

test('home page shows the server status with the version from /api/v1/health', async (t) => {
  const health = await (await fetch(`${server.baseUrl}/api/v1/health`)).json()
  assert.equal(health.status, 'ok')
  const page = await openPage(t, { viewport: { width: 1280, height: 800 } })

  await page.goto(`${server.baseUrl}/`)
  await signIn(page, server)

  const status = page.locator('[data-testid="server-status"][data-state="ok"]')
  await status.waitFor()
  assert.equal((await status.textContent()).trim(), `Server ok · version ${health.version}`)
  assert.equal(await page.locator('.brand').textContent(), 'Rapport')
  await screenshot(t, page, 'home-desktop')
})

test('a deep link is served the app, which shows the not-found view after sign-in', async (t) => {
  const page = await openPage(t)

  const response = await page.goto(`${server.baseUrl}/sales/opportunities/42`)

  assert.equal(response.status(), 200)
  assert.match(response.headers()['content-type'] ?? '', /^text\/html/)
  await signIn(page, server)
  assert.equal(new URL(page.url()).pathname, '/sales/opportunities/42', 'signing in keeps the requested path')
  const notFound = page.getByTestId('not-found')
  await notFound.waitFor()
  assert.match(await notFound.textContent(), /Page not found/)
  assert.match(await notFound.textContent(), /\/sales\/opportunities\/42/)

  await notFound.getByRole('link', { name: 'Go to the home page' }).click()
  await page.locator('[data-testid="server-status"][data-state="ok"]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/')
})

test('on a phone the navigation is collapsed behind a menu button that opens it', async (t) => {
  const page = await openPage(t, {
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
  })
  await page.goto(`${server.baseUrl}/`)
  await signIn(page, server)
  const menuButton = page.getByTestId('menu-button')
  const nav = page.getByTestId('side-nav')

  await menuButton.waitFor()
  assert.equal(await nav.isVisible(), false, 'navigation is hidden before the menu is opened')
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'false')

  await menuButton.tap()

  await nav.waitFor({ state: 'visible' })
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'true')
  await nav.getByRole('link', { name: 'Home' }).waitFor({ state: 'visible' })
  await screenshot(t, page, 'home-phone-menu-open')
})
