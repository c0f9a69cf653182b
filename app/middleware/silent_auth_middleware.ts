import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { SESSION_HOST_KEY } from '#controllers/staff/sign_in_http'

/**
 * Finds who is signed in, if anyone. A session signed in on another host
 * (a copied cookie) counts for nothing here: it is signed out.
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.check()
    const signedInOn = ctx.session.get(SESSION_HOST_KEY)
    if (ctx.auth.user && signedInOn && signedInOn !== ctx.host.name) {
      await ctx.auth.use('web').logout()
    }
    if ('view' in ctx) ctx.view.share({ currentUser: ctx.auth.user ?? null })
    return next()
  }
}
