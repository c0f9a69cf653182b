import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Cookies are host-only (no Domain attribute), so a session on one tenant's
 * host is never sent to another tenant's host.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'carevoice-session',
  clearWithBrowser: true,
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER') ?? (app.inTest ? 'memory' : 'cookie'),
  stores: {
    cookie: stores.cookie(),
  },
})

export default sessionConfig
