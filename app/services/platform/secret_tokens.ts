/**
 * Tokens for links sent by email: 32 random bytes, given to the user once;
 * only their SHA-256 is stored, so a database leak reveals no usable link.
 */
import { createHash, randomBytes } from 'node:crypto'

export function newToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
