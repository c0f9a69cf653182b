import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** The national console: national admins only. Anyone else gets a 403 page. */
export default class NationalAdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.auth.user?.isNationalAdmin) {
      ctx.response.status(403)
      return ctx.response.send(await ctx.view.render('pages/errors/forbidden'))
    }
    return next()
  }
}
