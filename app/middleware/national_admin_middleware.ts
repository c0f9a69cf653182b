import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * The national console: national admins only, and outside development only
 * with two-factor sign-in set up. Anyone else gets a 403 page.
 */
export default class NationalAdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (await ctx.bouncer.denies('administerPlatform')) {
      ctx.response.status(403)
      return ctx.response.send(await ctx.view.render('pages/errors/forbidden'))
    }
    if (!app.inDev && !ctx.auth.user?.hasTwoFactor) {
      ctx.session.flash('error', ctx.i18n.t('messages.twoFactor.requiredNational'))
      return ctx.response.redirect('/account/two-factor')
    }
    return next()
  }
}
