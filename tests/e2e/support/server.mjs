// Starts a real rapportd for one test file: fresh data directory, free loopback port,
// the built web UI as its web root. The binary comes from $RAPPORTD, the web UI from
// $RAPPORT_WEB_ROOT (CTest sets both). The administrator account is created on first
// start with the password from RAPPORT_ADMIN_PASSWORD: sign in as server.adminLogin
// with server.adminPassword.
import { spawn } from 'node:child_process'
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const READY_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 10_000
const LOG_LIMIT = 64 * 1024
const ADMIN_LOGIN = 'admin'
const ADMIN_PASSWORD = 'e2e-admin-password-1'

export async function startServer() {
  const binary = requiredEnv('RAPPORTD', 'the path of the rapportd binary')
  const webRoot = path.resolve(requiredEnv('RAPPORT_WEB_ROOT', 'the directory holding the built web UI'))
  await mustExist(binary, 'RAPPORTD')
  await mustExist(path.join(webRoot, 'index.html'), 'RAPPORT_WEB_ROOT (is the web UI built?)')

  const dir = await mkdtemp(path.join(tmpdir(), 'rapport-e2e-'))
  const configPath = path.join(dir, 'rapport.yaml')
  await writeFile(
    configPath,
    ['server:', '  host: 127.0.0.1', `  web_root: ${JSON.stringify(webRoot)}`, 'log:', '  level: warn', ''].join('\n'),
  )

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const args = ['--config', configPath, '--port', String(port), '--data-dir', path.join(dir, 'data')]
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RAPPORT_ADMIN_PASSWORD: ADMIN_PASSWORD },
  })

  let log = ''
  const capture = (chunk) => {
    log = (log + chunk.toString()).slice(-LOG_LIMIT)
  }
  child.stdout.on('data', capture)
  child.stderr.on('data', capture)

  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
  const spawnFailed = new Promise((_, reject) => child.on('error', reject))
  const describeServer = () => `${binary} ${args.join(' ')}\n--- server output ---\n${log || '(none)'}`

  try {
    await Promise.race([
      waitUntilHealthy(baseUrl),
      spawnFailed,
      exited.then(({ code, signal }) => {
        throw new Error(`rapportd exited before it was ready (code ${code}, signal ${signal})`)
      }),
    ])
  } catch (error) {
    child.kill('SIGKILL')
    await exited
    await rm(dir, { recursive: true, force: true })
    throw new Error(`${error.message}\n${describeServer()}`)
  }

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
    }
    // An unref'd timer, so a prompt exit does not keep the test process waiting for it.
    const result = await Promise.race([exited, sleep(STOP_TIMEOUT_MS, null, { ref: false })])
    if (result === null) {
      child.kill('SIGKILL')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
    if (result === null) {
      throw new Error(`rapportd did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM\n${describeServer()}`)
    }
    if (result.code !== 0) {
      throw new Error(
        `rapportd did not shut down cleanly (code ${result.code}, signal ${result.signal})\n${describeServer()}`,
      )
    }
  }

  return { baseUrl, adminLogin: ADMIN_LOGIN, adminPassword: ADMIN_PASSWORD, stop }
}

async function waitUntilHealthy(baseUrl) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let lastProblem = 'no answer yet'
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, {
        signal: AbortSignal.timeout(1_000),
      })
      if (response.status === 200) {
        await response.arrayBuffer()
        return
      }
      lastProblem = `GET /api/v1/health answered ${response.status}`
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message
    }
    await sleep(100)
  }
  throw new Error(`rapportd was not healthy within ${READY_TIMEOUT_MS / 1000} s (${lastProblem})`)
}

// The port is free when we close it; rapportd binds it a moment later, which is
// good enough on a test machine.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

function requiredEnv(name, what) {
  const value = process.env[name]
  if (!value) {
    throw new Error(`Set ${name} to ${what}; CTest sets it when the e2e tests run through ctest`)
  }
  return value
}

async function mustExist(file, origin) {
  try {
    await access(file)
  } catch {
    throw new Error(`${file} does not exist (from ${origin})`)
  }
}
