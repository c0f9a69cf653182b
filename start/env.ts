/*
 * Environment variables: validated once at start-up. A bad setting stops the
 * process with one line naming it, never a stack trace.
 */
import { Env } from '@adonisjs/core/env'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseReadHosts } from '#lib/read_hosts'

const APP_ROOT = new URL('../', import.meta.url)
process.env.NODE_ENV ??= 'development'
const nodeEnv = process.env.NODE_ENV

/**
 * Development and test machines get a key generated once and kept in tmp/,
 * so a newcomer needs no set-up and sessions survive restarts. Production
 * must be given APP_KEY explicitly.
 */
if (!process.env.APP_KEY && nodeEnv !== 'production') {
  const keyFile = fileURLToPath(new URL('tmp/app_key', APP_ROOT))
  if (!existsSync(keyFile)) {
    mkdirSync(fileURLToPath(new URL('tmp/', APP_ROOT)), { recursive: true })
    writeFileSync(keyFile, randomBytes(32).toString('base64url'), { mode: 0o600 })
  }
  process.env.APP_KEY = readFileSync(keyFile, 'utf8').trim()
}

/** DATABASE_URL is a shorthand for the DB_* settings. */
if (process.env.DATABASE_URL && !process.env.DB_HOST) {
  try {
    const url = new URL(process.env.DATABASE_URL)
    process.env.DB_HOST = url.hostname
    process.env.DB_PORT = url.port || '5432'
    process.env.DB_USER = decodeURIComponent(url.username)
    process.env.DB_PASSWORD = decodeURIComponent(url.password)
    process.env.DB_DATABASE = url.pathname.replace(/^\//, '')
  } catch {
    process.stderr.write('Carevoice could not start: DATABASE_URL is not a valid URL.\n')
    process.exit(1)
  }
}

function port(name: string) {
  return (_key: string, value?: string) => {
    if (value === undefined || value === '') return undefined
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
      throw new Error(`${name} must be a whole number from 1 to 65535 (got "${value}")`)
    }
    return parsed
  }
}

function readHosts(_key: string, value?: string) {
  if (value === undefined || value.trim() === '') return undefined
  try {
    return parseReadHosts(value)
  } catch (error) {
    throw new Error(`DB_READ_HOSTS: ${(error as Error).message}`)
  }
}

function refuseToStart(error: unknown): never {
  const help = (error as { help?: string }).help
  const reason = help ? help.replace(/^- /gm, '').split('\n').join('; ') : (error as Error).message
  process.stderr.write(`Carevoice could not start: ${reason}\n`)
  process.exit(1)
}

const env = await Env.create(APP_ROOT, {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: port('PORT'),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret({
    message:
      'APP_KEY is missing: set it to a long random secret (generate one with `npm run ace -- generate:key --show`)',
  }),
  APP_URL: Env.schema.string.optional(),
  ADMIN_HOST: Env.schema.string.optional(),
  TRUST_PROXY: Env.schema.boolean.optional(),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),
  SESSION_DRIVER: Env.schema.enum.optional(['database', 'memory'] as const),

  /* Filled in by the embedded PostgreSQL when no server is configured. */
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: port('DB_PORT'),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  /* The owner role for migrations and seeding; the app itself connects as DB_USER. */
  DB_OWNER_USER: Env.schema.string.optional(),
  DB_OWNER_PASSWORD: Env.schema.string.optional(),
  /* Read replicas for public reads: "host[:port],host[:port]" (app/lib/read_replicas.ts). */
  DB_READ_HOSTS: readHosts,

  /* The production start's processes (bin/production_start.ts checks them before anything starts). */
  WEB_CONCURRENCY: Env.schema.number.optional(),
  /* The public API's rate for readers without a key, per address (requests a second). */
  API_ANONYMOUS_PER_SECOND: Env.schema.number.optional(),
  API_ANONYMOUS_BURST: Env.schema.number.optional(),
  JOB_WORKERS: Env.schema.number.optional(),
  SHUTDOWN_GRACE_MS: Env.schema.number.optional(),
  /* Where rate-limit counters live; `database` shares them between instances. */
  LIMITER_STORE: Env.schema.enum.optional(['database', 'memory'] as const),

  /* This deployment's identity (regional deployments: see ../shared/DESIGN.md). */
  DEPLOYMENT_NAME: Env.schema.string.optional(),
  DEPLOYMENT_REGION: Env.schema.string.optional(),

  CHROMIUM_PATH: Env.schema.string.optional(),
}).catch(refuseToStart)

export default env
