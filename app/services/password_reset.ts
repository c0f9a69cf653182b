/**
 * Password reset by emailed link. The link is single use, expires after an
 * hour, and works only on the host where it was asked for. Asking never
 * reveals whether an account exists. A new password ends every session of
 * the account, on every host, in the same transaction.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import { hashToken, newToken } from '#services/secret_tokens'
import { auditStaffAction } from '#services/sign_in'
import { endSessionsOf } from '#services/staff_sessions'
import { staffPath } from '#services/staff_paths'
import { absoluteUrl, brandedMail } from '#services/mail_branding'

const LIFETIME = { hours: 1 }

export async function requestPasswordReset(ctx: HttpContext, email: string) {
  const user = await User.query().whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first()
  if (!user || user.isDisabled) return
  const { token, tokenHash } = newToken()
  await PasswordReset.create({
    userId: user.id,
    host: ctx.host.name!,
    tokenHash,
    expiresAt: DateTime.now().plus(LIFETIME),
  })
  const link = absoluteUrl(ctx, staffPath(ctx, `/password/reset/${token}`))
  await mail.sendLater(
    brandedMail(ctx, {
      to: user.email,
      subject: ctx.i18n.t('messages.passwordReset.mailSubject', { site: siteNameOf(ctx) }),
      text: ctx.i18n.t('messages.passwordReset.mailBody', {
        name: user.name,
        link,
        site: siteNameOf(ctx),
      }),
    })
  )
}

function siteNameOf(ctx: HttpContext) {
  return ctx.tenant?.name ?? ctx.i18n.t('messages.admin.siteName')
}

/** The reset a token stands for, if usable on this host. */
export async function findUsableReset(ctx: HttpContext, token: string) {
  const reset = await PasswordReset.query()
    .where('token_hash', hashToken(token))
    .where('host', ctx.host.name ?? '')
    .whereNull('used_at')
    .where('expires_at', '>', DateTime.now().toSQL())
    .first()
  return reset
}

export async function resetPassword(ctx: HttpContext, token: string, password: string) {
  return db.transaction(async (trx) => {
    const reset = await PasswordReset.query({ client: trx })
      .where('token_hash', hashToken(token))
      .where('host', ctx.host.name ?? '')
      .whereNull('used_at')
      .where('expires_at', '>', DateTime.now().toSQL())
      .forUpdate()
      .first()
    if (!reset) return null
    const user = await User.findOrFail(reset.userId, { client: trx })
    user.password = password
    user.failedSignInCount = 0
    user.lockedUntil = null
    await user.save()
    reset.usedAt = DateTime.now()
    await reset.save()
    const sessions = await endSessionsOf(user.id, { client: trx })
    await auditStaffAction(ctx, 'password.reset', user, user.email, { sessionsEnded: sessions })
    return user
  })
}
