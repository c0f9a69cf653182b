import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { staffPath } from '#services/accounts/staff_paths'
import { isLostStaffPost, keepFormForSignIn } from '#controllers/staff/kept_forms_http'

/** Staff pages: signed-in, enabled accounts only; others go to the sign-in page. */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const signIn = staffPath(ctx, '/sign-in')
    const signedIn = await ctx.auth.check()
    /* A form posted after the session ended: keep what was typed for after signing in again. */
    if (!signedIn && isLostStaffPost(ctx)) return keepFormForSignIn(ctx)
    if (!signedIn && ctx.request.method() === 'GET') {
      /* Back to this page after signing in (an alert's link, for example): a path on this host only. */
      const wanted = ctx.request.url(true)
      if (/^\/[^/\\]/.test(wanted) && wanted.length <= 500) ctx.session.put('after_sign_in', wanted)
    }
    await ctx.auth.authenticateUsing(['web'], { loginRoute: signIn })
    if (ctx.auth.user?.isDisabled) {
      await ctx.auth.use('web').logout()
      return ctx.response.redirect(signIn)
    }
    return next()
  }
}
