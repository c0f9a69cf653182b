import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { StaffRights } from '#services/staff_rights'

/**
 * Tenant staff pages: a signed-in account (the auth middleware runs first)
 * with its rights in this tenant loaded. Accounts with no staff role here
 * get a 403 page; a tenant that requires two-factor sign-in sends staff who
 * have not set it up to do so first.
 */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.getUserOrFail()
    user.rights = await StaffRights.load(user)
    if (await ctx.bouncer.denies('enterStaffArea')) {
      ctx.response.status(403)
      return ctx.response.send(await ctx.view.render('pages/errors/forbidden'))
    }
    const enrolling = ctx.request.url().startsWith('/staff/account/two-factor')
    if (ctx.tenant?.requireTwoFactor && !user.hasTwoFactor && !enrolling) {
      ctx.session.flash('error', ctx.i18n.t('messages.twoFactor.required'))
      return ctx.response.redirect('/staff/account/two-factor')
    }
    return next()
  }
}
