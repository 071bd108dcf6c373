// Browser pages for the e2e tests, and signing in through the login form.
import assert from 'node:assert/strict'

// Chromium logs every 4xx answer to fetch as a console error. A test that expects one
// (a refused login) lists it here, so it does not count as a problem.
export const REFUSED_LOGIN_LOG = /status of (401|429) .*\/api\/v1\/auth\/login\b/

// A fresh context per test; uncaught exceptions and console errors (failed loads
// included) fail the test that caused them, unless they match `allowedConsoleErrors`
// (tested against "text (url)").
export async function openPage(browser, t, contextOptions = {}, { allowedConsoleErrors = [] } = {}) {
  const context = await browser.newContext(contextOptions)
  context.setDefaultTimeout(10_000)
  t.after(() => context.close())
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') {
      return
    }
    const line = `${message.text()} (${message.location().url})`
    if (!allowedConsoleErrors.some((pattern) => pattern.test(line))) {
      problems.push(`console: ${line}`)
    }
  })
  t.after(() => assert.deepEqual(problems, [], 'the page reported errors'))
  return page
}

// The login form's parts, by their accessible names.
export function loginForm(page) {
  return {
    login: page.getByLabel('Login', { exact: true }),
    password: page.getByLabel('Password', { exact: true }),
    submit: page.getByRole('button', { name: 'Sign in', exact: true }),
    error: page.getByTestId('login-error'),
  }
}

// Signs in as the administrator through the login form. A page not yet on the server
// opens its home page first; any other path stays, as the app shows it after login.
export async function signIn(page, server, { login = server.adminLogin, password = server.adminPassword } = {}) {
  if (!page.url().startsWith(`${server.baseUrl}/`)) {
    await page.goto(`${server.baseUrl}/`)
  }
  const form = loginForm(page)
  await form.login.fill(login)
  await form.password.fill(password)
  await form.submit.click()
  await page.getByTestId('current-user').waitFor()
}
