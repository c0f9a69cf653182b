/*
 * HTTP server entrypoint (development through `node ace serve`, production
 * through `node bin/server.js` in the build folder).
 *
 * With NODE_ENV=production or WEB_CONCURRENCY set, this process becomes the
 * production start (bin/production_start.ts): one web process per core and
 * the job workers, each a process of its own. Otherwise (development, tests)
 * it is the one web server itself.
 */
import 'reflect-metadata'
import cluster from 'node:cluster'
import type { ApplicationService } from '@adonisjs/core/types'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { failStartup, prepareDatabase } from './support/database_bootstrap.ts'
import { processCounts, runProcessTree, wantsProcessTree } from './production_start.ts'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

process.env.HOST ??= process.env.NODE_ENV === 'production' ? '0.0.0.0' : 'localhost'

if (wantsProcessTree()) {
  let counts: ReturnType<typeof processCounts>
  try {
    counts = processCounts()
  } catch (error) {
    failStartup(error)
  }
  /* Started once here; the processes below inherit its DB_* settings and join it. */
  const embedded = await prepareDatabase(APP_ROOT, 'carevoice').catch(failStartup)
  await runProcessTree(APP_ROOT, counts, () => embedded?.stop())
} else {
  await startWebServer()
}

/**
 * Finishes the requests in hand (the HTTP server closes first), then the rest
 * of the app. A web process of the production start then exits itself: its
 * channel to the primary would otherwise keep it alive.
 */
async function stop(app: ApplicationService) {
  await app.terminate()
  if (cluster.isWorker) process.exit()
}

async function startWebServer() {
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
      app.listen('SIGTERM', () => stop(app))
      app.listen('SIGINT', () => stop(app))
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
}
