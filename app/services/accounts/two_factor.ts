/**
 * Two-factor sign-in with time-based codes (TOTP, RFC 6238) and single-use
 * recovery codes. The secret is stored encrypted with the app key; recovery
 * codes are stored as keyed hashes and shown once.
 *
 * Guarantees:
 * - who needs two-factor sign-in is decided here only (`twoFactorRequired`);
 * - a TOTP code is accepted once: the time step it matched is kept on the
 *   account, and a code from that step or an earlier one is refused;
 * - checking a wrong code is cheap: a 6-digit input is only ever compared
 *   with the TOTP, and a recovery-code-shaped input costs one HMAC. How many
 *   codes may be tried is limited by the sign-in service (sign_in.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'
import { appKey } from '#config/app'
import type Tenant from '#models/tenant'
import type User from '#models/user'

const ISSUER = 'Carevoice'
const TOTP_CODE = /^\d{6}$/
/** `abcde-12345`: ten hex digits, the dash optional when typed. */
const RECOVERY_CODE = /^([0-9a-f]{5})-?([0-9a-f]{5})$/
const KEYED = 'hmac-sha256:'

export type Enrolment = { secret: string; uri: string; qrDataUrl: string }

/**
 * Whether `user` must use two-factor sign-in to act here: the one rule,
 * applied by the staff and national admin middleware alike. National admins
 * hold every tenant's admin rights, so they need it on every host (except
 * in development, where the demo's national admin has none); on a tenant
 * that requires it, everyone acting there needs it, national admins too.
 */
export function twoFactorRequired(
  user: Pick<User, 'isNationalAdmin'>,
  tenant: Pick<Tenant, 'requireTwoFactor'> | null | undefined
) {
  if (user.isNationalAdmin && !app.inDev) return true
  return Boolean(tenant?.requireTwoFactor)
}

/** A new secret to show the user; nothing is saved until they confirm a code. */
export async function startEnrolment(user: User): Promise<Enrolment> {
  const secret = generateSecret()
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret })
  const qrDataUrl = await QRCode.toDataURL(uri, { margin: 1, width: 220 })
  return { secret, uri, qrDataUrl }
}

/** The time step `code` matches (one step of clock drift either way), or null. */
async function matchingTimeStep(secret: string, code: string) {
  const token = code.replace(/\s+/g, '')
  if (!TOTP_CODE.test(token)) return null
  const result = await verify({ secret, token, epochTolerance: 30 })
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

export async function codeMatches(secret: string, code: string) {
  return (await matchingTimeStep(secret, code)) !== null
}

function newRecoveryCode() {
  const raw = randomBytes(5).toString('hex')
  return `${raw.slice(0, 5)}-${raw.slice(5)}`
}

/**
 * Recovery codes are kept as HMAC-SHA256 under a key derived from the app
 * key, not with the slow password hash. That is safe because they are not
 * passwords: each is 40 random bits chosen by us, so there is no dictionary
 * to try, and online guessing is held back by the attempt limits, not by
 * hashing cost. Offline, a leaked database alone is useless without the app
 * key; and whoever also has the app key can decrypt the TOTP secret stored
 * beside the codes, so a slow hash would protect nothing more. In exchange
 * a guess costs one HMAC (microseconds) instead of ten scrypt runs.
 */
function recoveryCodeDigest(normalised: string) {
  const key = createHmac('sha256', appKey.release()).update('carevoice:recovery-codes').digest()
  return KEYED + createHmac('sha256', key).update(normalised).digest('hex')
}

/** `abcde-12345` for any accepted spelling of a recovery code, else null. */
function normalisedRecoveryCode(input: string) {
  const match = input.replace(/\s+/g, '').toLowerCase().match(RECOVERY_CODE)
  return match ? `${match[1]}-${match[2]}` : null
}

function sameDigest(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Confirms enrolment with a first code; returns the recovery codes to show once. */
export async function confirmEnrolment(user: User, secret: string, code: string) {
  const timeStep = await matchingTimeStep(secret, code)
  if (timeStep === null) return null
  const codes = Array.from({ length: 10 }, newRecoveryCode)
  user.totpSecret = encryption.encrypt(secret)
  user.totpEnabledAt = DateTime.now()
  user.totpLastTimeStep = timeStep
  user.recoveryCodes = codes.map(recoveryCodeDigest)
  await user.save()
  return codes
}

export function secretOf(user: User) {
  return user.totpSecret ? encryption.decrypt<string>(user.totpSecret) : null
}

/**
 * Uses up the recovery code `normalised` stands for; false if it is none of
 * them. The code is removed by one conditional update, so two requests
 * racing with the same code cannot both succeed.
 */
async function useRecoveryCode(user: User, normalised: string) {
  const stored = user.recoveryCodes ?? []
  const digest = recoveryCodeDigest(normalised)
  let entry = stored.find(
    (candidate) => candidate.startsWith(KEYED) && sameDigest(candidate, digest)
  )
  if (!entry) {
    /* Codes issued before keyed hashes: checked one by one, only for code-shaped input. */
    for (const candidate of stored) {
      if (!candidate.startsWith(KEYED) && (await hash.verify(candidate, normalised))) {
        entry = candidate
        break
      }
    }
  }
  if (!entry) return false
  const used = await db.rawQuery(
    'update users set recovery_codes = recovery_codes - ?::text where id = ? and jsonb_exists(recovery_codes, ?::text)',
    [entry, user.id, entry]
  )
  if (used.rowCount !== 1) return false
  await user.refresh()
  return true
}

/**
 * Checks a sign-in code (once per time step) or uses up a recovery code.
 * Which one is tried depends on the shape of the input, never both.
 */
export async function verifySecondFactor(user: User, input: string) {
  const recovery = normalisedRecoveryCode(input)
  if (recovery) return useRecoveryCode(user, recovery)

  const secret = secretOf(user)
  if (!secret) return false
  const timeStep = await matchingTimeStep(secret, input)
  if (timeStep === null) return false
  /* One conditional update: of two requests racing with the same code, one wins. */
  const accepted = await db.rawQuery(
    'update users set totp_last_time_step = ? where id = ? and (totp_last_time_step is null or totp_last_time_step < ?)',
    [timeStep, user.id, timeStep]
  )
  if (accepted.rowCount !== 1) return false
  user.totpLastTimeStep = timeStep
  return true
}

export async function disableTwoFactor(user: User) {
  user.totpSecret = null
  user.totpEnabledAt = null
  user.totpLastTimeStep = null
  user.recoveryCodes = []
  await user.save()
}
