/**
 * Protecting a tenant archive in transit with a passphrase the operator
 * types on both deployments (node:crypto only).
 *
 * - scrypt turns the passphrase and a random salt into two keys: one for
 *   AES-256-GCM (the secrets inside the archive), one for HMAC-SHA256 (the
 *   manifest, which holds every table's checksum). So a changed byte
 *   anywhere, or the wrong passphrase, is caught before anything is written;
 * - a secret the source deployment keeps encrypted with its app key (a
 *   second-factor secret) is decrypted there and sealed here, so it is never
 *   in the file in clear, and the target seals it again with its own key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto'

export const MIN_PASSPHRASE_LENGTH = 12

export type KdfParameters = { name: 'scrypt'; salt: string; N: number; r: number; p: number }

export type TransportKeys = {
  seal(value: string): string
  open(sealed: string): string
  mac(text: string): string
}

export class TransportError extends Error {}

export function newKdfParameters(): KdfParameters {
  return { name: 'scrypt', salt: randomBytes(16).toString('base64'), N: 2 ** 15, r: 8, p: 1 }
}

export function transportKeys(passphrase: string, kdf: KdfParameters): TransportKeys {
  if (kdf.name !== 'scrypt' || ![2 ** 14, 2 ** 15, 2 ** 16].includes(kdf.N)) {
    throw new TransportError('the archive names a key derivation this version does not know')
  }
  const material = scryptSync(passphrase, Buffer.from(kdf.salt, 'base64'), 64, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r,
  })
  const encryptionKey = material.subarray(0, 32)
  const macKey = material.subarray(32)
  return {
    seal(value) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv)
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.')
    },
    open(sealed) {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64'))
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv)
        decipher.setAuthTag(tag)
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
      } catch {
        throw new TransportError(
          'a sealed secret in the archive does not open with this passphrase'
        )
      }
    },
    mac(text) {
      return createHmac('sha256', macKey).update(text).digest('hex')
    },
  }
}

export function sameMac(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
