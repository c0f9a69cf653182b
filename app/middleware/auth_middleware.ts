import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Staff pages: signed-in, enabled accounts only; others go to the sign-in page. */
export default class AuthMiddleware {
  redirectTo = '/sign-in'

  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['web'], { loginRoute: this.redirectTo })
    if (ctx.auth.user?.isDisabled) {
      await ctx.auth.use('web').logout()
      return ctx.response.redirect(this.redirectTo)
    }
    return next()
  }
}
