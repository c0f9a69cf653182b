import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Makes ctx.auth available; checks nothing by itself. */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.check()
    if ('view' in ctx) ctx.view.share({ currentUser: ctx.auth.user ?? null })
    return next()
  }
}
