import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'

export const appKey = env.get('APP_KEY')

/** The national admin console's host; never a tenant's. */
export const adminHost = (env.get('ADMIN_HOST') ?? 'admin.localhost').toLowerCase()

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: true,

  /** X-Forwarded-* headers are believed only behind a configured proxy. */
  trustProxy: env.get('TRUST_PROXY') ? () => true : () => false,

  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
