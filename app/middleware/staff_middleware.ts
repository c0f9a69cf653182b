import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { StaffRights } from '#services/accounts/staff_rights'
import { twoFactorRequired } from '#services/accounts/two_factor'
import { showInAccountLocale } from '#middleware/detect_user_locale_middleware'

/**
 * Tenant staff pages: a signed-in account (the auth middleware runs first)
 * with its rights in this tenant loaded. Accounts with no staff role here
 * get a 403 page. Pages are in the account's own language when it has one
 * this site offers. An account that must use two-factor sign-in here (see
 * `twoFactorRequired`: national admins, and everyone on a tenant that
 * requires it) and has not set it up is sent to do so first.
 */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.getUserOrFail()
    showInAccountLocale(ctx, user)
    user.rights = await StaffRights.load(user)
    if (await ctx.bouncer.denies('enterStaffArea')) {
      ctx.response.status(403)
      return ctx.response.send(await ctx.view.render('pages/errors/forbidden'))
    }
    const enrolling = ctx.request.url().startsWith('/staff/account/two-factor')
    if (twoFactorRequired(user, ctx.tenant) && !user.hasTwoFactor && !enrolling) {
      const reason = ctx.tenant?.requireTwoFactor ? 'required' : 'requiredNational'
      ctx.session.flash('error', ctx.i18n.t(`messages.twoFactor.${reason}`))
      return ctx.response.redirect('/staff/account/two-factor')
    }
    return next()
  }
}
