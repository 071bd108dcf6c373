// Signing in and out of the web UI: the login page, the HttpOnly session cookie (the
// bearer token from the login answer is never kept), and sign-out ending the session.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser } from './support/browser.mjs'
import { REFUSED_LOGIN_LOG, loginForm, openPage, signIn } from './support/page.mjs'
import { startServer } from './support/server.mjs'

const PHONE = { width: 390, height: 844 }
const SESSION_COOKIE = 'rapport_session'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const isLogin = (response) => new URL(response.url()).pathname === '/api/v1/auth/login'

// GET /api/v1/auth/session from inside the page, with the page's cookies.
function sessionSeenByPage(page) {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/session', { credentials: 'same-origin' })
    return { status: response.status, body: await response.json() }
  })
}

test('an anonymous visitor gets the login form; a wrong password shows the server message, the right one the home page', async (t) => {
  const page = await openPage(
    browser,
    t,
    { viewport: PHONE, isMobile: true, hasTouch: true },
    { allowedConsoleErrors: [REFUSED_LOGIN_LOG] },
  )
  const form = loginForm(page)

  await page.goto(`${server.baseUrl}/`)

  await form.login.waitFor()
  assert.equal(await form.login.getAttribute('autocomplete'), 'username')
  assert.equal(await form.password.getAttribute('autocomplete'), 'current-password')
  assert.equal(await form.password.getAttribute('type'), 'password')
  assert.equal(await form.submit.isEnabled(), true)
  assert.equal(await page.getByTestId('current-user').count(), 0, 'no shell while anonymous')
  assert.equal(await page.getByTestId('server-status').count(), 0, 'no home page while anonymous')
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }))
  assert.ok(scrollWidth <= clientWidth, `the login page fits a phone (${scrollWidth} > ${clientWidth})`)
  assert.equal(await form.submit.isVisible(), true)

  // Wrong password: the server's own message, announced as an alert.
  await form.login.fill(server.adminLogin)
  await form.password.fill('not-the-admin-password')
  const [refused] = await Promise.all([page.waitForResponse(isLogin), form.submit.click()])
  assert.equal(refused.status(), 401)
  const refusal = await refused.json()
  assert.equal(typeof refusal.error?.message, 'string')
  await form.error.waitFor()
  assert.equal(await form.error.getAttribute('role'), 'alert')
  assert.equal((await form.error.textContent()).trim(), refusal.error.message)
  assert.equal(await page.getByTestId('current-user').count(), 0)
  assert.equal(await form.submit.isEnabled(), true, 'the form can be submitted again')

  // Right password: the button is disabled while the request is in flight.
  let release
  const held = new Promise((resolve) => (release = resolve))
  let passed
  const passedOn = new Promise((resolve) => (passed = resolve))
  await page.route('**/api/v1/auth/login', async (route) => {
    await held
    await route.continue()
    passed()
  })
  await form.login.fill(server.adminLogin)
  await form.password.fill(server.adminPassword)
  await form.submit.click()
  await page.waitForFunction(() => document.querySelector('button[type="submit"]')?.disabled === true)
  release()
  await passedOn
  await page.unroute('**/api/v1/auth/login')

  const currentUser = page.getByTestId('current-user')
  await currentUser.waitFor()
  await page.locator('[data-testid="server-status"][data-state="ok"]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/')
  assert.equal(await page.getByTestId('sign-out').isVisible(), true)
  const session = await sessionSeenByPage(page)
  assert.equal(session.status, 200)
  assert.equal(session.body.user.login, server.adminLogin)
  assert.equal(typeof session.body.csrf_token, 'string')
  const shownName = (await currentUser.textContent()).trim()
  assert.equal(shownName, session.body.user.name || session.body.user.login)
  assert.match(shownName, /admin/i)
})

test('signing out returns to the login page and ends the session on the server', async (t) => {
  const page = await openPage(browser, t)
  await signIn(page, server)
  const cookie = (await page.context().cookies(server.baseUrl)).find((c) => c.name === SESSION_COOKIE)
  assert.ok(cookie, `a ${SESSION_COOKIE} cookie is set after sign-in`)

  const [logout] = await Promise.all([
    page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/auth/logout'),
    page.getByTestId('sign-out').click(),
  ])
  assert.equal(logout.method(), 'POST')
  assert.ok((await logout.headerValue('x-csrf-token'))?.length > 0, 'the logout request carries X-CSRF-Token')
  const logoutResponse = await logout.response()
  assert.ok(logoutResponse.ok(), `logout answered ${logoutResponse.status()}`)
  await loginForm(page).login.waitFor()
  assert.equal(await page.getByTestId('current-user').count(), 0)

  await page.reload()
  await loginForm(page).login.waitFor()
  assert.equal(await page.getByTestId('current-user').count(), 0)
  const session = await sessionSeenByPage(page)
  assert.equal(session.status, 200)
  assert.equal(session.body.user, null)

  // The old cookie no longer opens the session, even sent by hand.
  const replay = await fetch(`${server.baseUrl}/api/v1/auth/session`, {
    headers: { Cookie: `${SESSION_COOKIE}=${cookie.value}` },
  })
  assert.equal(replay.status, 200)
  assert.equal((await replay.json()).user, null)

  // Signing in again works from the same page.
  await signIn(page, server)
  await page.locator('[data-testid="server-status"][data-state="ok"]').waitFor()
})

test('the session cookie is HttpOnly and SameSite=Strict', async (t) => {
  const page = await openPage(browser, t)
  await signIn(page, server)

  const cookie = (await page.context().cookies(server.baseUrl)).find((c) => c.name === SESSION_COOKIE)
  assert.ok(cookie, `a ${SESSION_COOKIE} cookie is set after sign-in`)
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Strict')
  assert.equal(cookie.path, '/')
  assert.equal(await page.evaluate(() => document.cookie.includes('rapport_session')), false)
})

test('the bearer token from the login answer is neither stored nor sent by the web UI', async (t) => {
  const page = await openPage(browser, t)
  const authorizationHeaders = []
  page.on('request', (request) => {
    request
      .headerValue('authorization')
      .then((value) => value !== null && authorizationHeaders.push(`${request.url()}: ${value}`))
      .catch(() => {})
  })
  const form = loginForm(page)
  await page.goto(`${server.baseUrl}/`)
  await form.login.fill(server.adminLogin)
  await form.password.fill(server.adminPassword)

  const [answer] = await Promise.all([page.waitForResponse(isLogin), form.submit.click()])
  assert.equal(answer.status(), 200)
  const { token } = await answer.json()
  assert.equal(typeof token, 'string')
  assert.ok(token.length > 0)
  await page.getByTestId('current-user').waitFor()
  await page.locator('[data-testid="server-status"][data-state="ok"]').waitFor()

  // Still signed in after a reload: the cookie is the session.
  await page.reload()
  await page.getByTestId('current-user').waitFor()
  await page.locator('[data-testid="server-status"][data-state="ok"]').waitFor()

  const stored = await page.evaluate(() => {
    const dump = (storage) => {
      const entries = []
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)
        entries.push(`${key}=${storage.getItem(key)}`)
      }
      return entries.join('\n')
    }
    return { local: dump(window.localStorage), session: dump(window.sessionStorage), cookie: document.cookie }
  })
  assert.equal(stored.local.includes(token), false, 'token in localStorage')
  assert.equal(stored.session.includes(token), false, 'token in sessionStorage')
  assert.equal(stored.cookie.includes(token), false, 'token in a script-readable cookie')
  assert.deepEqual(authorizationHeaders, [], 'the web UI sent an Authorization header')
})

// Last in this file: it locks the administrator out of this server for a while.
test('after too many failed attempts the login form says when to try again', async (t) => {
  const page = await openPage(browser, t, {}, { allowedConsoleErrors: [REFUSED_LOGIN_LOG] })
  let last
  for (let attempt = 1; attempt <= 30; attempt++) {
    last = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: server.adminLogin, password: `wrong-password-${attempt}` }),
    })
    await last.arrayBuffer()
    if (last.status === 429) {
      break
    }
    assert.equal(last.status, 401, `attempt ${attempt}`)
  }
  assert.equal(last.status, 429, 'failed logins are throttled')
  const retryAfter = Number(last.headers.get('retry-after'))
  assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After: ${last.headers.get('retry-after')}`)

  const form = loginForm(page)
  await page.goto(`${server.baseUrl}/`)
  await form.login.fill(server.adminLogin)
  await form.password.fill(server.adminPassword)
  const [refused] = await Promise.all([page.waitForResponse(isLogin), form.submit.click()])
  assert.equal(refused.status(), 429)

  await form.error.waitFor()
  const message = (await form.error.textContent()).trim()
  const match = /^Too many attempts, try again in (\d+) minutes?\.?$/.exec(message)
  assert.ok(match, `unexpected message: ${message}`)
  const expectedMinutes = Math.max(1, Math.ceil(retryAfter / 60))
  assert.ok(Math.abs(Number(match[1]) - expectedMinutes) <= 1, `${message} (Retry-After: ${retryAfter})`)
  assert.equal(await page.getByTestId('current-user').count(), 0)
})
