/**
 * Staff sign-in, on a tenant's host or the admin host.
 *
 * Guarantees:
 * - five wrong passwords a minute for one account (twenty for one IP) and
 *   the next attempt is refused without the password being checked, saying
 *   when to retry;
 * - ten failures in a row lock the account for fifteen minutes, and say so;
 * - unknown accounts, wrong passwords and disabled accounts get the same
 *   answer, in the same time;
 * - an account with two-factor sign-in is not signed in until its code is
 *   checked (see two_factor.ts); the session id is rotated at sign-in;
 * - signing out deletes the session on the server, so a copy of the cookie
 *   taken before is worth nothing after (staff_sessions.ts).
 */
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import { auditPlatform, auditTenant } from '#services/audit'
import { endOwnSession, endSession, endSessionsOf, recordSignIn } from '#services/staff_sessions'

export const ACCOUNT_ATTEMPTS_PER_MINUTE = 5
const IP_ATTEMPTS_PER_MINUTE = 20
const FAILURES_BEFORE_LOCK = 10
const LOCK_MINUTES = 15
const PENDING_KEY = 'two_factor_pending'
/** The host a session was signed in on: it is worth nothing on any other. */
export const SESSION_HOST_KEY = 'signed_in_host'

export type SignInOutcome =
  | { status: 'signed_in'; user: User }
  | { status: 'needs_second_factor'; user: User }
  | { status: 'invalid' }
  | { status: 'throttled'; retryAfterSeconds: number }
  | { status: 'locked'; until: DateTime }

const byAccount = () =>
  limiter.use({
    requests: ACCOUNT_ATTEMPTS_PER_MINUTE,
    duration: '1 minute',
    blockDuration: '1 minute',
  })
const byIp = () =>
  limiter.use({
    requests: IP_ATTEMPTS_PER_MINUTE,
    duration: '1 minute',
    blockDuration: '5 minutes',
  })

/** Records a staff action in the log of wherever it happened. */
export async function auditStaffAction(
  ctx: HttpContext,
  action: string,
  user: User | null,
  email: string,
  details?: Record<string, unknown>
) {
  const entry = {
    action,
    actor: user,
    subject: { type: 'user', id: user?.id ?? email.slice(0, 64) },
    details,
    ip: ctx.request.ip(),
  }
  if (ctx.tenant) await auditTenant(entry)
  else await auditPlatform(entry)
}

export async function attemptSignIn(
  ctx: HttpContext,
  rawEmail: string,
  password: string
): Promise<SignInOutcome> {
  const email = rawEmail.trim().toLowerCase()
  const host = ctx.host?.name ?? 'unknown'
  const accountKey = `sign_in:${host}:${email}`
  const ipKey = `sign_in_ip:${ctx.request.ip()}`
  const limits = [
    [byAccount(), accountKey],
    [byIp(), ipKey],
  ] as const

  for (const [limit, key] of limits) {
    if ((await limit.remaining(key)) <= 0 || (await limit.isBlocked(key))) {
      return { status: 'throttled', retryAfterSeconds: Math.max(1, await limit.availableIn(key)) }
    }
  }

  const known = await User.query().whereRaw('lower(email) = ?', [email]).first()
  if (known?.lockedUntil && known.lockedUntil > DateTime.now()) {
    return { status: 'locked', until: known.lockedUntil }
  }

  let user: User | null = null
  try {
    user = await User.verifyCredentials(email, password)
  } catch {
    user = null
  }

  if (!user || user.isDisabled) {
    for (const [limit, key] of limits) await limit.increment(key)
    if (known) {
      known.failedSignInCount += 1
      if (known.failedSignInCount >= FAILURES_BEFORE_LOCK) {
        known.lockedUntil = DateTime.now().plus({ minutes: LOCK_MINUTES })
        known.failedSignInCount = 0
      }
      await known.save()
    }
    await auditStaffAction(ctx, 'sign_in.failed', known, email)
    if (known?.lockedUntil && known.lockedUntil > DateTime.now()) {
      return { status: 'locked', until: known.lockedUntil }
    }
    return { status: 'invalid' }
  }

  await byAccount().delete(accountKey)
  if (user.failedSignInCount !== 0 || user.lockedUntil) {
    user.failedSignInCount = 0
    user.lockedUntil = null
    await user.save()
  }

  if (user.hasTwoFactor) {
    ctx.session.put(PENDING_KEY, { userId: user.id, at: Date.now() })
    return { status: 'needs_second_factor', user }
  }
  await completeSignIn(ctx, user)
  return { status: 'signed_in', user }
}

/** Starts the session (rotating its id) and logs the sign-in. */
export async function completeSignIn(ctx: HttpContext, user: User) {
  ctx.session.forget(PENDING_KEY)
  await ctx.auth.use('web').login(user)
  ctx.session.put(SESSION_HOST_KEY, ctx.host.name ?? '')
  await recordSignIn({
    sessionId: ctx.session.sessionId,
    userId: user.id,
    host: ctx.host.name ?? '',
    userAgent: ctx.request.header('user-agent'),
    ip: ctx.request.ip(),
  })
  await auditStaffAction(ctx, 'sign_in', user, user.email)
}

/** The account waiting for its second factor, if it is still fresh (5 minutes). */
export async function pendingSecondFactor(ctx: HttpContext) {
  const pending = ctx.session.get(PENDING_KEY) as { userId: number; at: number } | undefined
  if (!pending || Date.now() - pending.at > 5 * 60_000) return null
  return User.find(pending.userId)
}

/** Ends this session on the server (logout alone would only forget the user in it). */
export async function signOut(ctx: HttpContext) {
  const user = ctx.auth.user
  const sessionId = ctx.session.sessionId
  if (user) await auditStaffAction(ctx, 'sign_out', user, user.email)
  await ctx.auth.use('web').logout()
  await endSession(sessionId)
  /* What is left (language, a message to show) goes on under a new id. */
  ctx.session.regenerate()
}

/** "Sign out everywhere": every session of the account, this one included. */
export async function signOutEverywhere(ctx: HttpContext) {
  const user = ctx.auth.getUserOrFail()
  const sessionId = ctx.session.sessionId
  const ended = await endSessionsOf(user.id)
  await auditStaffAction(ctx, 'sessions.ended_everywhere', user, user.email, { sessions: ended })
  await ctx.auth.use('web').logout()
  await endSession(sessionId)
  ctx.session.regenerate()
}

/** Signs out one other session of the signed-in account (from its list on /staff/account). */
export async function signOutOtherSession(ctx: HttpContext, publicId: string) {
  const user = ctx.auth.getUserOrFail()
  const ended = await endOwnSession(user.id, publicId, ctx.session.sessionId)
  if (ended) await auditStaffAction(ctx, 'session.ended', user, user.email, { session: publicId })
  return ended
}
