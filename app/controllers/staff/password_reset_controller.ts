import type { HttpContext } from '@adonisjs/core/http'
import { accessOf } from '#tenancy/request_site'
import limiter from '@adonisjs/limiter/services/main'
import { forgotPasswordValidator, newPasswordValidator } from '#validators/account'
import {
  findUsableReset,
  requestPasswordReset,
  resetPassword,
} from '#services/accounts/password_reset'
import { staffPath } from '#services/accounts/staff_paths'
import { limiterKey } from '#services/platform/keyed_hash'

/** "Forgot your password?": ask for a link, then set a new password with it. */
export default class PasswordResetController {
  create({ view }: HttpContext) {
    return view.render('pages/staff/password_forgot')
  }

  async store(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(forgotPasswordValidator)
    await requestPasswordReset(accessOf(ctx), email)
    return ctx.view.render('pages/staff/password_forgot_sent', { email })
  }

  async edit(ctx: HttpContext) {
    const reset = await findUsableReset(accessOf(ctx), ctx.params.token)
    if (!reset)
      return ctx.response.status(404).send(await ctx.view.render('pages/staff/link_unusable'))
    return ctx.view.render('pages/staff/password_reset', { token: ctx.params.token })
  }

  async update(ctx: HttpContext) {
    const { password } = await ctx.request.validateUsing(newPasswordValidator)
    const allowed = await limiter
      .use({ requests: 10, duration: '15 minutes' })
      .attempt(limiterKey('password_reset_use', ctx.request.ip()), () => true)
    const user = allowed ? await resetPassword(accessOf(ctx), ctx.params.token, password) : null
    if (!user)
      return ctx.response.status(404).send(await ctx.view.render('pages/staff/link_unusable'))
    ctx.session.flash('success', ctx.i18n.t('messages.passwordReset.done'))
    return ctx.response.redirect(staffPath(ctx, '/sign-in'))
  }
}
