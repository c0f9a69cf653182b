/**
 * Whether an error means "the database cannot be reached right now" rather
 * than "this query is wrong": the server refuses or drops connections (it
 * is shutting down, starting up or restarting), the network to it fails,
 * or no pooled connection could be had in time. Such errors are answered
 * with 503 and Retry-After, and the pool reconnects by itself once the
 * database is back.
 */

/** Node's socket errors on the way to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
])

/**
 * PostgreSQL SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up or in smart shutdown), 53300
 * too_many_connections, and class 08 (connection exceptions).
 */
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300'])

/** The pg driver and the knex pool say these in words, without a code. */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Timeout acquiring a connection/i,
  /database .* is not currently accepting connections/i,
]

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false
  const { code, name, message, cause, errors } = error as {
    code?: unknown
    name?: unknown
    message?: unknown
    cause?: unknown
    errors?: unknown
  }
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || code.startsWith('08')) return true
  }
  if (name === 'KnexTimeoutError') return true
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true
  }
  return isDatabaseUnavailable(cause, depth + 1)
}
