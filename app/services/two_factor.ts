/**
 * Two-factor sign-in with time-based codes (TOTP, RFC 6238) and single-use
 * recovery codes. The secret is stored encrypted with the app key; recovery
 * codes are stored hashed and shown once.
 */
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import hash from '@adonisjs/core/services/hash'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'
import type User from '#models/user'

const ISSUER = 'Carevoice'

export type Enrolment = { secret: string; uri: string; qrDataUrl: string }

/** A new secret to show the user; nothing is saved until they confirm a code. */
export async function startEnrolment(user: User): Promise<Enrolment> {
  const secret = generateSecret()
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret })
  const qrDataUrl = await QRCode.toDataURL(uri, { margin: 1, width: 220 })
  return { secret, uri, qrDataUrl }
}

export async function codeMatches(secret: string, code: string) {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return false
  const result = await verify({ secret, token, epochTolerance: 30 })
  return result.valid
}

function newRecoveryCode() {
  const raw = randomBytes(5).toString('hex')
  return `${raw.slice(0, 5)}-${raw.slice(5)}`
}

/** Confirms enrolment with a first code; returns the recovery codes to show once. */
export async function confirmEnrolment(user: User, secret: string, code: string) {
  if (!(await codeMatches(secret, code))) return null
  const codes = Array.from({ length: 10 }, newRecoveryCode)
  user.totpSecret = encryption.encrypt(secret)
  user.totpEnabledAt = DateTime.now()
  user.recoveryCodes = await Promise.all(codes.map((recoveryCode) => hash.make(recoveryCode)))
  await user.save()
  return codes
}

export function secretOf(user: User) {
  return user.totpSecret ? encryption.decrypt<string>(user.totpSecret) : null
}

/** Checks a sign-in code, or uses up a recovery code. */
export async function verifySecondFactor(user: User, input: string) {
  const secret = secretOf(user)
  if (secret && (await codeMatches(secret, input))) return true
  const candidate = input.trim().toLowerCase()
  for (const [index, hashed] of (user.recoveryCodes ?? []).entries()) {
    if (await hash.verify(hashed, candidate)) {
      user.recoveryCodes = user.recoveryCodes.filter((_, other) => other !== index)
      await user.save()
      return true
    }
  }
  return false
}

export async function disableTwoFactor(user: User) {
  user.totpSecret = null
  user.totpEnabledAt = null
  user.recoveryCodes = []
  await user.save()
}
