/**
 * Work kept through an ended staff session (WCAG 2.2.1): when a member of
 * staff posts a form after their session has ended, what they typed is kept
 * here for KEPT_MINUTES under a random token, and given back once, on the
 * page the form was on, after they sign in again. Guarantees: only the
 * token's hash is stored; a kept form is given back at most once, only on
 * its own tenant and page, only before it expires, and never to another
 * account than the one the browser was signed in as (when known).
 * Passwords and form plumbing (_csrf, _method) are never kept.
 */
import { DateTime } from 'luxon'
import KeptFormInput from '#models/kept_form_input'
import { hashToken, newToken } from '#services/platform/secret_tokens'

export const KEPT_MINUTES = 30

const NEVER_KEPT = /^(_csrf|_method)$|password/i

/** The fields worth giving back: text and choices, nothing secret. */
export function keepableFields(fields: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([name, value]) =>
        !NEVER_KEPT.test(name) &&
        (typeof value === 'string' ||
          typeof value === 'number' ||
          (Array.isArray(value) && value.every((item) => typeof item === 'string')))
    )
  )
}

/** Keeps the fields for the page at returnPath; returns the token to hand to the browser. */
export async function keepForm(input: {
  returnPath: string
  fields: Record<string, unknown>
  userId: number | null
}) {
  const now = DateTime.now()
  await KeptFormInput.query().where('expires_at', '<', now.toJSDate()).delete()
  const { token, tokenHash } = newToken()
  await KeptFormInput.create({
    tokenHash,
    userId: input.userId,
    returnPath: input.returnPath,
    fields: keepableFields(input.fields),
    expiresAt: now.plus({ minutes: KEPT_MINUTES }),
  })
  return token
}

/** The kept form for this token and account, removed as it is given back; null when there is none. */
export async function takeKeptForm(token: string, userId: number) {
  const kept = await KeptFormInput.query()
    .where('token_hash', hashToken(token))
    .where('expires_at', '>', DateTime.now().toJSDate())
    .first()
  if (!kept) return null
  await kept.delete()
  if (kept.userId !== null && kept.userId !== userId) return null
  return { returnPath: kept.returnPath, fields: kept.fields }
}
