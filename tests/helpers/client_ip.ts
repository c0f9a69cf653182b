/**
 * Requests from several IPs in one test: while the group runs, the app takes
 * the client IP from an `x-test-client-ip` header when one is sent (every
 * test request otherwise comes from 127.0.0.1). Restored after each test.
 */
import app from '@adonisjs/core/services/app'

type HttpConfig = { getIp?: (request: any, fallback: () => string) => string }

export const CLIENT_IP_HEADER = 'x-test-client-ip'

export function clientIpFromHeader(group: { each: { setup(fn: () => unknown): void } }) {
  group.each.setup(() => {
    const http = app.config.get<HttpConfig>('app.http')
    const previous = http.getIp
    http.getIp = (request, fallback) => request.header(CLIENT_IP_HEADER) ?? fallback()
    return () => {
      http.getIp = previous
    }
  })
}
