/**
 * Staff sign-in, on a tenant's host or the admin host: the HTTP side of
 * app/services/accounts (it starts and ends sessions, so it lives with the
 * controllers; the rest of accounts takes plain values).
 *
 * Guessing is slowed, never turned into a lock-out. There is no account
 * lock: one would let any stranger keep the owner out. Instead:
 * - an IP with 20 failed sign-ins in 15 minutes (any accounts) is refused
 *   without its password being checked, until the window ends;
 * - five failures in a minute for one typed email address throttle that
 *   address for the rest of the minute, but only for IPs that have been
 *   failing (2 or more failures in the last hour, so one typo is forgiven).
 *   An IP with no such record still has its password checked: the owner
 *   gets in (and on to the second factor, if set up) while the attacker's
 *   IP is held back. The price is that each fresh IP of a large botnet gets
 *   a guess or two an hour; the owner's notice and two-factor cover that;
 * - ten failures in an hour for an account email its owner a notice (at
 *   most once an hour) with a link to reset the password;
 * - known and unknown addresses, wrong passwords and disabled accounts get
 *   the same answers in the same time: every counter is keyed on the typed
 *   address whether or not an account has it, and the notice is the only
 *   difference, which the person typing cannot see.
 *
 * The second factor (when the account has one) has its own limits: five
 * wrong codes and the pending sign-in is dropped (the password must be
 * typed again); ten wrong codes in 15 minutes for an account and codes are
 * refused unchecked until the window ends, and the owner is told. Every
 * failure is in the audit log. The session id is rotated at sign-in, and
 * signing out deletes the session on the server, so a copy of the cookie
 * taken before is worth nothing after (staff_sessions.ts).
 */
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import { auditStaffAction } from '#services/accounts/staff_audit'
import { verifySecondFactor } from '#services/accounts/two_factor'
import { SignInNoticeMail } from '#mails/sign_in_notice_mail'
import { accountHolderLocale } from '#mails/app_mail'
import { accessOf } from '#tenancy/request_site'
import { siteUrl, type Access } from '#tenancy/site'
import { staffPath } from '#services/accounts/staff_paths'
import {
  endOwnSession,
  endSession,
  endSessionsOf,
  recordSignIn,
} from '#services/accounts/staff_sessions'
import { limiterKey } from '#services/platform/keyed_hash'

export const ACCOUNT_FAILURES_PER_MINUTE = 5
export const IP_FAILURES_PER_WINDOW = 20
/** An IP with this many failures in the last hour "has been failing". */
export const IP_FAILING_AFTER = 2
export const FAILURES_BEFORE_NOTICE = 10
export const CODES_PER_PENDING_SIGN_IN = 5
export const CODES_PER_ACCOUNT_WINDOW = 10
const PENDING_KEY = 'two_factor_pending'
const PENDING_MINUTES = 5
/** The host a session was signed in on: it is worth nothing on any other. */
export const SESSION_HOST_KEY = 'signed_in_host'

export type SignInOutcome =
  | { status: 'signed_in'; user: User }
  | { status: 'needs_second_factor'; user: User }
  | { status: 'invalid' }
  | { status: 'throttled'; retryAfterSeconds: number }

export type SecondFactorOutcome =
  | { status: 'signed_in'; user: User }
  | { status: 'wrong_code' }
  /** No pending sign-in (never, expired, or dropped after too many codes). */
  | { status: 'start_again'; tooManyCodes: boolean }
  | { status: 'throttled'; retryAfterSeconds: number }

/**
 * A password accepted, waiting for its second factor. Its wrong codes are
 * counted on the server under its id, not in the session, so replaying an
 * older session cookie does not buy more tries.
 */
type Pending = { userId: number; at: number; id: string }

const failuresByAccount = () =>
  limiter.use({ requests: ACCOUNT_FAILURES_PER_MINUTE, duration: '1 minute' })
const failuresByIp = () => limiter.use({ requests: IP_FAILURES_PER_WINDOW, duration: '15 minutes' })
const ipHistory = () => limiter.use({ requests: IP_FAILING_AFTER, duration: '1 hour' })
const failuresThisHour = () => limiter.use({ requests: FAILURES_BEFORE_NOTICE, duration: '1 hour' })
const codesByAccount = () =>
  limiter.use({ requests: CODES_PER_ACCOUNT_WINDOW, duration: '15 minutes' })
const codesByPending = () =>
  limiter.use({ requests: CODES_PER_PENDING_SIGN_IN, duration: `${PENDING_MINUTES} minutes` })

/* Typed addresses and IPs as limiter keys: keyed hashes, nothing kept in clear. */
const signInKeys = {
  account: (email: string) => limiterKey('sign_in', email),
  ip: (ip: string) => limiterKey('sign_in_ip', ip),
  ipHistory: (ip: string) => limiterKey('sign_in_ip_hour', ip),
  hour: (email: string) => limiterKey('sign_in_hour', email),
  codes: (userId: number) => `second_factor:${userId}`,
  pending: (id: string) => `second_factor_pending:${id}`,
}

async function retryAfter(limit: ReturnType<typeof limiter.use>, key: string) {
  return Math.max(1, await limit.availableIn(key))
}

export async function attemptSignIn(
  ctx: HttpContext,
  rawEmail: string,
  password: string
): Promise<SignInOutcome> {
  const email = rawEmail.trim().toLowerCase()
  const accountKey = signInKeys.account(email)
  const ipKey = signInKeys.ip(ctx.request.ip())
  const ipHistoryKey = signInKeys.ipHistory(ctx.request.ip())

  if ((await failuresByIp().remaining(ipKey)) <= 0) {
    return { status: 'throttled', retryAfterSeconds: await retryAfter(failuresByIp(), ipKey) }
  }
  const ipHasBeenFailing = (await ipHistory().remaining(ipHistoryKey)) <= 0
  const accountThrottled = (await failuresByAccount().remaining(accountKey)) <= 0
  if (accountThrottled && ipHasBeenFailing) {
    return {
      status: 'throttled',
      retryAfterSeconds: await retryAfter(failuresByAccount(), accountKey),
    }
  }

  let user: User | null = null
  try {
    user = await User.verifyCredentials(email, password)
  } catch {
    user = null
  }

  if (!user || user.isDisabled) {
    await failuresByIp().increment(ipKey)
    await ipHistory().increment(ipHistoryKey)
    await failuresByAccount().increment(accountKey)
    const hourly = await failuresThisHour().increment(signInKeys.hour(email))
    const known = user ?? (await User.findByEmail(email))
    await auditStaffAction(accessOf(ctx), 'sign_in.failed', known, email)
    if (known && hourly.consumed >= FAILURES_BEFORE_NOTICE)
      await noticeFailedSignIns(accessOf(ctx), known)
    /* A clean IP had its password checked; it gets the answer everyone else gets now. */
    if (accountThrottled) {
      return {
        status: 'throttled',
        retryAfterSeconds: await retryAfter(failuresByAccount(), accountKey),
      }
    }
    return { status: 'invalid' }
  }

  if (user.hasTwoFactor) {
    const pending: Pending = { userId: user.id, at: Date.now(), id: randomUUID() }
    ctx.session.put(PENDING_KEY, pending)
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
  await auditStaffAction(accessOf(ctx), 'sign_in', user, user.email)
}

function pendingOf(ctx: HttpContext) {
  const pending = ctx.session.get(PENDING_KEY) as Pending | undefined
  if (!pending?.id || Date.now() - pending.at > PENDING_MINUTES * 60_000) return null
  return pending
}

/** The account waiting for its second factor, if it is still fresh (5 minutes). */
export async function pendingSecondFactor(ctx: HttpContext) {
  const pending = pendingOf(ctx)
  return pending ? User.find(pending.userId) : null
}

/** The second step of a sign-in: the code from the app, or a recovery code. */
export async function attemptSecondFactor(
  ctx: HttpContext,
  code: string
): Promise<SecondFactorOutcome> {
  const pending = pendingOf(ctx)
  const user = pending ? await User.find(pending.userId) : null
  if (!pending || !user || user.isDisabled) return { status: 'start_again', tooManyCodes: false }

  const codesKey = signInKeys.codes(user.id)
  const pendingKey = signInKeys.pending(pending.id)
  if ((await codesByPending().remaining(pendingKey)) <= 0) {
    ctx.session.forget(PENDING_KEY)
    return { status: 'start_again', tooManyCodes: true }
  }
  if ((await codesByAccount().remaining(codesKey)) <= 0) {
    return { status: 'throttled', retryAfterSeconds: await retryAfter(codesByAccount(), codesKey) }
  }
  if (await verifySecondFactor(user, code)) {
    await completeSignIn(ctx, user)
    return { status: 'signed_in', user }
  }

  const inWindow = await codesByAccount().increment(codesKey)
  const inPending = await codesByPending().increment(pendingKey)
  await auditStaffAction(accessOf(ctx), 'sign_in.second_factor_failed', user, user.email)
  /* Wrong codes after a right password: the password is probably known to someone. */
  if (inWindow.remaining <= 0) await noticeFailedSignIns(accessOf(ctx), user)
  if (inPending.remaining <= 0) {
    ctx.session.forget(PENDING_KEY)
    return { status: 'start_again', tooManyCodes: true }
  }
  return { status: 'wrong_code' }
}

/**
 * Tells the owner that someone is failing to sign in to their account, at
 * most once an hour (one conditional update decides, so parallel failures
 * send one mail). The mail is queued with the decision.
 */
async function noticeFailedSignIns(access: Access, user: User) {
  const link = siteUrl(access.site, staffPath(access, '/password/forgot'))
  await db.transaction(async (trx) => {
    const claimed = await trx.rawQuery(
      `update users set sign_in_notice_sent_at = now()
        where id = ? and (sign_in_notice_sent_at is null or sign_in_notice_sent_at < now() - interval '1 hour')`,
      [user.id]
    )
    if (claimed.rowCount !== 1) return
    await new SignInNoticeMail(access.tenant, user.email, accountHolderLocale(access, user), {
      name: user.name,
      time: DateTime.now()
        .setZone(access.tenant?.timeZone ?? 'Europe/London')
        .toFormat('HH:mm'),
      resetUrl: link,
    }).queue({ client: trx })
  })
}

/** Ends this session on the server (logout alone would only forget the user in it). */
export async function signOut(ctx: HttpContext) {
  const user = ctx.auth.user
  const sessionId = ctx.session.sessionId
  if (user) await auditStaffAction(accessOf(ctx), 'sign_out', user, user.email)
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
  await auditStaffAction(accessOf(ctx), 'sessions.ended_everywhere', user, user.email, {
    sessions: ended,
  })
  await ctx.auth.use('web').logout()
  await endSession(sessionId)
  ctx.session.regenerate()
}

/** Signs out one other session of the signed-in account (from its list on /staff/account). */
export async function signOutOtherSession(ctx: HttpContext, publicId: string) {
  const user = ctx.auth.getUserOrFail()
  const ended = await endOwnSession(user.id, publicId, ctx.session.sessionId)
  if (ended)
    await auditStaffAction(accessOf(ctx), 'session.ended', user, user.email, { session: publicId })
  return ended
}
