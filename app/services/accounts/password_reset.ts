/**
 * Password reset by emailed link. The link is single use, expires after an
 * hour, and works only on the host where it was asked for. Only the newest
 * link of an account works: asking again invalidates the older ones.
 * Asking never reveals whether an account exists, nor whether a limit was
 * reached: at most 5 asks per IP and address in 15 minutes, and at most 3
 * mails per account an hour however many IPs and spellings ask (so nobody
 * can flood an inbox); beyond that the page answers the same and sends
 * nothing.
 * A new password ends every session of the account, on every host, in the
 * same transaction.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { auditStaffAction } from '#services/accounts/staff_audit'
import { endSessionsOf } from '#services/accounts/staff_sessions'
import { staffPath } from '#services/accounts/staff_paths'
import { PasswordResetMail } from '#mails/password_reset_mail'
import { accountHolderLocale } from '#mails/app_mail'
import { siteUrl, type Access } from '#tenancy/site'
import { limiterKey } from '#services/platform/keyed_hash'

const LIFETIME = { hours: 1 }
export const RESETS_PER_ACCOUNT_PER_HOUR = 3

const asksByIpAndAddress = () => limiter.use({ requests: 5, duration: '15 minutes' })
const mailsByAccount = () =>
  limiter.use({ requests: RESETS_PER_ACCOUNT_PER_HOUR, duration: '1 hour' })

/** Sends a reset link if the address has an account and no limit is reached; says nothing. */
export async function requestPasswordReset(access: Access, rawEmail: string) {
  const email = rawEmail.trim().toLowerCase()
  /* Keyed hash: a fixed-length key that keeps neither address nor IP in clear. */
  const asked = await asksByIpAndAddress().attempt(
    limiterKey('password_reset', access.ip ?? '', email),
    () => true
  )
  if (!asked) return
  const user = await User.findByEmail(email)
  if (!user || user.isDisabled) return
  const mailed = await mailsByAccount().attempt(`password_reset_account:${user.id}`, () => true)
  if (!mailed) return

  const { token, tokenHash } = newToken()
  const link = siteUrl(access.site, staffPath(access, `/password/reset/${token}`))
  await db.transaction(async (trx) => {
    await PasswordReset.query({ client: trx })
      .where('user_id', user.id)
      .whereNull('used_at')
      .delete()
    await PasswordReset.create(
      {
        userId: user.id,
        host: access.host,
        tokenHash,
        expiresAt: DateTime.now().plus(LIFETIME),
      },
      { client: trx }
    )
    await new PasswordResetMail(access.tenant, user.email, accountHolderLocale(access, user), {
      name: user.name,
      url: link,
    }).queue({ client: trx })
  })
}

/** The reset a token stands for, if usable on this host. */
export async function findUsableReset(access: Pick<Access, 'host'>, token: string) {
  const reset = await PasswordReset.query()
    .where('token_hash', hashToken(token))
    .where('host', access.host)
    .whereNull('used_at')
    .where('expires_at', '>', DateTime.now().toSQL())
    .first()
  return reset
}

export async function resetPassword(access: Access, token: string, password: string) {
  return db.transaction(async (trx) => {
    const reset = await PasswordReset.query({ client: trx })
      .where('token_hash', hashToken(token))
      .where('host', access.host)
      .whereNull('used_at')
      .where('expires_at', '>', DateTime.now().toSQL())
      .forUpdate()
      .first()
    if (!reset) return null
    const user = await User.findOrFail(reset.userId, { client: trx })
    user.password = password
    await user.save()
    reset.usedAt = DateTime.now()
    await reset.save()
    const sessions = await endSessionsOf(user.id, { client: trx })
    await auditStaffAction(access, 'password.reset', user, user.email, { sessionsEnded: sessions })
    return user
  })
}
