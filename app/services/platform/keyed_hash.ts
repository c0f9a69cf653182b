/**
 * One keyed hash for every identifier kept only to be recognised again:
 * rate-limit keys (typed email addresses, IP addresses) and the unknown
 * addresses of failed sign-ins. HMAC-SHA256 under a key derived from
 * APP_KEY, so a leaked table cannot be reversed by hashing guesses (an
 * IPv4 address or a list of emails is quickly guessed under a plain hash).
 *
 * `limiterKey('sign_in_ip', ip)` is the one way to name a limiter counter
 * from such values; emails are lower-cased and trimmed first, so erasure by
 * email finds the same counters.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto'
import { appKey } from '#config/app'

/** A key of its own for one purpose (`keyed-hash/v1`, `csrf-token/v2`), derived from APP_KEY. */
export function appSubkey(purpose: string): KeyObject {
  return createSecretKey(
    Buffer.from(hkdfSync('sha256', appKey.release(), 'carevoice', purpose, 32))
  )
}

let secret: KeyObject | null = null
function hashKey() {
  secret ??= appSubkey('keyed-hash/v1')
  return secret
}

/** A fixed-length keyed hash (32 hex characters) of the value. */
export function keyedHash(value: string) {
  return createHmac('sha256', hashKey()).update(value).digest('hex').slice(0, 32)
}

export function normalEmail(email: string) {
  return email.trim().toLowerCase()
}

/** A limiter key: the counter's name, then the keyed hash of what it counts. */
export function limiterKey(name: string, ...parts: string[]) {
  return `${name}:${keyedHash(parts.join('\u0000'))}`
}

/** Limiter counters keyed by an email address (erasure by email clears them). */
export const EMAIL_LIMITERS = [
  { name: 'author_links_email', requests: 3, duration: '1 hour' },
  { name: 'subscribe_email', requests: 5, duration: '1 hour' },
  { name: 'story_email', requests: 3, duration: '1 hour' },
] as const
