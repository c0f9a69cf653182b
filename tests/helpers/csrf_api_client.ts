/**
 * `request.withCsrfToken()` for the API client: a fresh CSRF secret in the
 * browser's cookie and a token made from it, as a page with a form gives a
 * real browser (app/middleware/csrf_middleware.ts).
 */
import { randomUUID } from 'node:crypto'
import { ApiClient, ApiRequest } from '@japa/api-client'
import type { PluginFn } from '@japa/runner/types'
import { CSRF_COOKIE, csrfTokenFor } from '#middleware/csrf_middleware'

const CSRF_ENABLED = Symbol.for('carevoice.csrfEnabled')

declare module '@japa/api-client' {
  interface ApiRequest {
    withCsrfToken(): this
    /** Sends this CSRF secret as the browser keeps it (a plain cookie). */
    withCsrfSecret(secret: string): this
  }
}

export function csrfApiClient(): PluginFn {
  return () => {
    ApiRequest.macro('withCsrfToken', function (this: ApiRequest) {
      ;(this as unknown as Record<symbol, boolean>)[CSRF_ENABLED] = true
      return this
    })
    ApiRequest.macro('withCsrfSecret', function (this: ApiRequest, secret: string) {
      this.cookiesJar[CSRF_COOKIE] = { name: CSRF_COOKIE, value: secret }
      return this
    })
    ApiClient.setup(async (request) => {
      if (!(request as unknown as Record<symbol, boolean>)[CSRF_ENABLED]) return
      const secret = randomUUID()
      /* As the app sets it: the secret itself, neither signed nor encoded. */
      request.cookiesJar[CSRF_COOKIE] = { name: CSRF_COOKIE, value: secret }
      request.header('x-csrf-token', csrfTokenFor(secret))
    })
  }
}

/** The CSRF secret a response set, as the browser keeps it (a plain cookie, which the client's parser leaves out). */
export function csrfSecretOf(response: { headers(): Record<string, unknown> }) {
  const lines = ([] as unknown[]).concat(response.headers()['set-cookie'] ?? [])
  const line = lines.find(
    (value): value is string => typeof value === 'string' && value.startsWith(`${CSRF_COOKIE}=`)
  )
  return line ? decodeURIComponent(line.slice(CSRF_COOKIE.length + 1).split(';')[0]) : undefined
}
