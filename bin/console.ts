/*
 * Ace entrypoint. Commands that touch the database get the embedded
 * PostgreSQL when no server is configured.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { failStartup, prepareDatabase } from './support/database_bootstrap.ts'
import { setTimeout as sleep } from 'node:timers/promises'
import { unstorableArgument } from '#lib/command_input'
import { CONTENT_VERSION_LEASE_MS } from '#lib/content_lease'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/** Commands that never open a database connection. */
const WITHOUT_DATABASE = new Set([
  'list',
  'help',
  'build',
  'codegen',
  'configure',
  'add',
  'eject',
  'generate:key',
  'env:add',
  'inspect:rcfile',
  'list:routes',
  'moderation:scan-pii',
  'moderation:scan',
])

const argv = process.argv.slice(2)

/* One check for every command: an argument that cannot be stored is refused before anything runs. */
const refusal = unstorableArgument(argv)
if (refusal) {
  process.stderr.write(`${refusal}\n`)
  process.exit(1)
}
const commandName = argv.find((value) => !value.startsWith('-'))
const needsDatabase =
  commandName !== undefined &&
  !WITHOUT_DATABASE.has(commandName) &&
  !commandName.startsWith('make:') &&
  !argv.includes('--help') &&
  !argv.includes('-h')

/**
 * Migrations, seeding and maintenance run as the owner role; everything else
 * (the worker, tenant and user commands) as the app's own role, under
 * row-level security (config/database.ts).
 */
const asOwner =
  commandName !== undefined &&
  (commandName.startsWith('migration:') ||
    commandName.startsWith('db:') ||
    commandName === 'demo:seed' ||
    commandName === 'demo:seed-large')
if (asOwner) process.env.CAREVOICE_DB_ROLE = 'owner'

const database =
  commandName === 'test' ? (process.env.TEST_DB_DATABASE ?? 'carevoice_test') : 'carevoice'
const embedded = needsDatabase ? await prepareDatabase(APP_ROOT, database).catch(failStartup) : null

async function stopEmbedded() {
  await embedded?.stop()
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopEmbedded().finally(() => process.exit(130))
  })
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    app.terminating(stopEmbedded)
  })
  .ace()
  .handle(argv)
  /* A command that hid or erased something exits only once no instance can still show it. */
  .then(() => sleep(CONTENT_VERSION_LEASE_MS))
  .catch(async (error) => {
    process.exitCode = 1
    prettyPrintError(error)
    await stopEmbedded()
  })
