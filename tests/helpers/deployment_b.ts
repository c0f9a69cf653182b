/**
 * A second deployment for the tenant-move tests: its own database on the
 * same PostgreSQL cluster (carevoice_test_b), its own APP_KEY and name, and
 * real processes (`ace` commands, an HTTP server) pointed at it, exactly as
 * an operator would run them on another region's deployment.
 */
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import app from '@adonisjs/core/services/app'

export const DATABASE_B = process.env.TEST_DB_DATABASE_B ?? 'carevoice_test_b'
const APP_KEY_B = randomBytes(32).toString('base64url')

function envB(extra: Record<string, string> = {}) {
  return {
    ...process.env,
    DB_DATABASE: DATABASE_B,
    APP_KEY: APP_KEY_B,
    DEPLOYMENT_NAME: 'scotland',
    DEPLOYMENT_REGION: 'Scotland',
    ...extra,
  }
}

export type Run = { status: number | null; stdout: string; stderr: string }

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

/** Runs `node ace.js …` with `stdin` piped in, against `env` (deployment B unless told). */
export function runAce(args: string[], stdin = '', env: NodeJS.ProcessEnv = envB()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: fileURLToPath(app.appRoot),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (status) =>
      resolve({ status, stdout: stdout.replace(ANSI, ''), stderr: stderr.replace(ANSI, '') })
    )
    child.stdin.end(stdin)
  })
}

/** A fresh, migrated database for deployment B. */
export async function prepareDatabaseB() {
  await createEmptyDatabase(DATABASE_B)
  const migrated = await runAce(['migration:run', '--force'])
  if (migrated.status !== 0) throw new Error(`migrating ${DATABASE_B}: ${migrated.stderr}`)
}

/** A client of the test cluster as the owner role, on `database`. */
export async function ownerClient(database: string) {
  const client = new pg.Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_OWNER_USER ?? process.env.DB_USER,
    password: process.env.DB_OWNER_PASSWORD ?? process.env.DB_PASSWORD,
    database,
  })
  await client.connect()
  return client
}

/** Drops and creates `name` on the test cluster, open to the app's role. */
export async function createEmptyDatabase(name: string) {
  const client = await ownerClient('postgres')
  try {
    const quoted = client.escapeIdentifier(name)
    await client.query(`drop database if exists ${quoted} with (force)`)
    await client.query(`create database ${quoted}`)
    if (process.env.DB_OWNER_USER && process.env.DB_USER !== process.env.DB_OWNER_USER) {
      await client.query(
        `grant connect on database ${quoted} to ${client.escapeIdentifier(process.env.DB_USER!)}`
      )
    }
  } finally {
    await client.end()
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Deployment B's web server; resolves once /health/live answers. */
export async function startServerB() {
  const port = await freePort()
  return startServer(envB({ PORT: String(port), HOST: '127.0.0.1', SESSION_DRIVER: 'memory' }), {
    name: 'deployment B',
    port,
    probe: '/health/live',
  })
}

export type StartedServer = {
  port: number
  pid: number
  /** Everything it printed so far. */
  output: () => string
  /** SIGTERM, then SIGKILL after 15 s; resolves with how it exited. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * `bin/server.ts` as its own process with `env`; resolves once `probe`
 * answers 200 on `port` (and stops the process when it never does).
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { name: string; port: number; probe: string; timeoutMs?: number }
): Promise<StartedServer> {
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: fileURLToPath(app.appRoot),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      /* Longer than a production start's own grace (10 s), so a graceful stop is never cut short. */
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000)
      kill.unref()
      const how = await exited
      clearTimeout(kill)
      return how
    }
    return exited
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  while (true) {
    if (child.exitCode !== null) throw new Error(`${options.name} did not start: ${output}`)
    const ok = await get(options.port, 'localhost', options.probe).then(
      (page) => page.status === 200,
      () => false
    )
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${options.name} did not answer: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { port: options.port, pid: child.pid!, output: () => output, stop }
}

export type Page = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One HTTP request to 127.0.0.1:port with the given Host header (no redirects followed). */
export function send(
  port: number,
  host: string,
  path: string,
  options: { method?: string; cookie?: string; form?: Record<string, string> } = {}
): Promise<Page> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: {
          host,
          accept: 'text/html',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body
            ? {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
              }
            : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })
        )
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

export function get(port: number, host: string, path: string, cookie?: string) {
  return send(port, host, path, { cookie })
}

/** A browser's cookie jar, enough for one host. */
export class CookieJar {
  #cookies = new Map<string, string>()
  take(page: Page) {
    const set = page.headers['set-cookie'] ?? []
    for (const line of Array.isArray(set) ? set : [set]) {
      const [pair] = line.split(';')
      const index = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1))
    }
    return page
  }
  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/** The visible text of a page: no tags, scripts, styles or attribute values, spaces squeezed. */
export function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export function csrfTokenIn(html: string) {
  const match = html.match(/name=['"]_csrf['"]\s+value=['"]([^'"]+)['"]/)
  if (!match) throw new Error('no CSRF field on the page')
  return match[1]
}
