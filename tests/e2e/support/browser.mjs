// Headless Debian Chromium driven by playwright-core; never a downloaded browser.
import { createRequire } from 'node:module'

// playwright-core is a devDependency of the web UI, so one `npm ci` in webui/ installs
// everything; resolve it from there rather than from this folder.
const requireFromWebui = createRequire(new URL('../../../webui/package.json', import.meta.url))

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchBrowser() {
  let playwright
  try {
    playwright = requireFromWebui('playwright-core')
  } catch (error) {
    throw new Error(`playwright-core is missing: run \`npm ci\` in webui/ (${error.message})`)
  }
  return playwright.chromium.launch({
    executablePath: process.env.RAPPORT_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
}
