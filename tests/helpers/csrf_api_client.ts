/**
 * `request.withCsrfToken()` for the API client: a fresh CSRF secret in the
 * browser's cookie and a token made from it, as a page with a form gives a
 * real browser (app/middleware/csrf_middleware.ts).
 */
import Tokens from 'csrf'
import { ApiClient, ApiRequest } from '@japa/api-client'
import type { PluginFn } from '@japa/runner/types'
import { CSRF_COOKIE } from '#middleware/csrf_middleware'

const CSRF_ENABLED = Symbol.for('carevoice.csrfEnabled')

declare module '@japa/api-client' {
  interface ApiRequest {
    withCsrfToken(): this
  }
}

export function csrfApiClient(): PluginFn {
  return () => {
    ApiRequest.macro('withCsrfToken', function (this: ApiRequest) {
      ;(this as unknown as Record<symbol, boolean>)[CSRF_ENABLED] = true
      return this
    })
    ApiClient.setup(async (request) => {
      if (!(request as unknown as Record<symbol, boolean>)[CSRF_ENABLED]) return
      const tokens = new Tokens()
      const secret = tokens.secretSync()
      request.withCookie(CSRF_COOKIE, secret)
      request.header('x-csrf-token', tokens.create(secret))
    })
  }
}
