/*
 * HTTP server entrypoint (development through `node ace serve`, production
 * through `node bin/server.js` in the build folder).
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { failStartup, prepareDatabase } from './support/database_bootstrap.ts'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

process.env.HOST ??= process.env.NODE_ENV === 'production' ? '0.0.0.0' : 'localhost'

const embedded = await prepareDatabase(APP_ROOT, 'carevoice').catch(failStartup)

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.starting(async () => {
      const { assertDatabaseReachable } = await import('#start/database_check')
      await assertDatabaseReachable()
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
    app.terminating(async () => {
      await embedded?.stop()
    })
  })
  .httpServer()
  .start()
  .catch(async (error) => {
    process.exitCode = 1
    await embedded?.stop()
    prettyPrintError(error)
  })
