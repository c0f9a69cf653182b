import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { chromium } from 'playwright-core'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { csrfApiClient } from './helpers/csrf_api_client.ts'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { chromiumPath } from './helpers/chromium.ts'
import { sessionStoreClient } from './helpers/session_store_client.ts'

export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  sessionStoreClient(app),
  csrfApiClient(),
  authApiClient(app),
  browserClient({
    runInSuites: ['browser'],
    launcher: async (options) =>
      chromium.launch({
        ...options,
        headless: true,
        executablePath: chromiumPath() ?? undefined,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      }) as never,
  }),
]

/** The test database is migrated from scratch once per run, as the owner role; tests run as the app's role. */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => testUtils.db('owner').migrate()],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}

export const forceExit = true
