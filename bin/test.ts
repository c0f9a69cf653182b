/*
 * Test entrypoint, run by `node ace test`. Runs on a free port so it never
 * collides with a dev server, and drops the browser suite (with one clear
 * line) when no Chromium is installed, unless CI=true, where that fails.
 */
process.env.NODE_ENV = 'test'

import 'reflect-metadata'
import { createServer } from 'node:net'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'
import { chromiumPath } from '../tests/helpers/chromium.ts'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

process.env.HOST = '127.0.0.1'
process.env.PORT = process.env.TEST_PORT ?? String(await freePort())

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.ts')

    let suites = app.rcFile.tests.suites
    if (!chromiumPath()) {
      if (process.env.CI === 'true') {
        process.stderr.write(
          'Browser tests need Chromium and CI=true: install Debian\'s "chromium" or set CHROMIUM_PATH.\n'
        )
        process.exit(1)
      }
      process.stderr.write(
        'Skipping the browser suite: no Chromium found (install "chromium" or set CHROMIUM_PATH).\n'
      )
      suites = suites.filter((suite) => suite.name !== 'browser')
    }

    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      suites,
      ...config,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([() => app.terminate()]),
      },
    })
  })
  .run(() => run())
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
