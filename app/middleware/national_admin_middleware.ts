import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { twoFactorRequired } from '#services/accounts/two_factor'
import { platformActor } from '#tenancy/platform_actor'

/**
 * The national console: national admins only, with two-factor sign-in set
 * up whenever `twoFactorRequired` says so (the same rule as on tenant
 * hosts). Anyone else gets a 403 page.
 */
export default class NationalAdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (await ctx.bouncer.denies('administerPlatform')) {
      ctx.response.status(403)
      return ctx.response.send(await ctx.view.render('pages/errors/forbidden'))
    }
    const user = ctx.auth.getUserOrFail()
    if (twoFactorRequired(user, null) && !user.hasTwoFactor) {
      ctx.session.flash('error', ctx.i18n.t('messages.twoFactor.requiredNational'))
      return ctx.response.redirect('/account/two-factor')
    }
    return platformActor.run({ actor: user, ip: ctx.request.ip() }, () => next())
  }
}
