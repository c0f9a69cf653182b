import type { IncomingMessage, ServerResponse } from 'node:http'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { REFERRER_POLICY } from '#middleware/http_baseline_middleware'

export const appKey = env.get('APP_KEY')

/** The national admin console's host; never a tenant's. */
export const adminHost = (env.get('ADMIN_HOST') ?? 'admin.localhost').toLowerCase()

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: true,

  /** X-Forwarded-* headers are believed only behind a configured proxy. */
  trustProxy: env.get('TRUST_PROXY') ? () => true : () => false,

  /* A URL that is not valid UTF-8 never reaches the middleware: answer it here, with the same headers. */
  onBadUrl(_request: IncomingMessage, response: ServerResponse) {
    response.writeHead(400, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Referrer-Policy': REFERRER_POLICY,
    })
    response.end('Bad request: the address is not valid')
  },

  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
